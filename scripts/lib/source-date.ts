/**
 * SOURCE_DATE_EPOCH (reproducible-builds.org): the one clock a build may read, so the same input
 * gives the same output. The renderers date documents with it, the status projection and the
 * site take their day from it.
 */

/** The time SOURCE_DATE_EPOCH names, or undefined when it is unset or not a whole number of seconds. */
export function sourceDateEpoch(env: NodeJS.ProcessEnv = process.env): Date | undefined {
  const epoch = env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : undefined;
}

/** The build's day: SOURCE_DATE_EPOCH when set, else now. */
export function buildDate(env: NodeJS.ProcessEnv = process.env): Date {
  return sourceDateEpoch(env) ?? new Date();
}
