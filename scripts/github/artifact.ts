/**
 * The check workflow's artifact, read as untrusted input: a fork controls everything in it, so
 * it is size-capped, must be one regular file, and must match a strict JSON Schema. Only the
 * pull request's number is taken from it, and that only after it is matched to the run's
 * head commit; its verdict, if any, is never read.
 */
import {lstat, open} from 'node:fs/promises';
import {join} from 'node:path';
import {Ajv2020} from 'ajv/dist/2020.js';

/** The artifact's name in check.yml. */
export const artifactName = 'pcp-pr';

/** The file in it. */
export const artifactFile = 'pr.json';

/** The most bytes read from it: the real one is under 100. */
export const artifactByteLimit = 4096;

/** What the check workflow says it checked. */
export interface PullRequestArtifact {
  version: 1;
  pullRequest: number;
  headSha: string;
}

/** The artifact's schema: nothing more than this is accepted. */
export const artifactSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'pullRequest', 'headSha'],
  properties: {
    version: {const: 1},
    pullRequest: {type: 'integer', minimum: 1, maximum: 1_000_000_000},
    headSha: {type: 'string', pattern: '^[0-9a-f]{40}$'},
  },
} as const;

const validate = new Ajv2020({strict: true, allErrors: false}).compile<PullRequestArtifact>(artifactSchema);

/** Why the artifact was refused. */
export class ArtifactError extends Error {}

/** Checks parsed artifact data against the schema. */
export function parseArtifact(text: string): PullRequestArtifact {
  if (text.length > artifactByteLimit) throw new ArtifactError(`The artifact is over ${artifactByteLimit} bytes`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ArtifactError('The artifact is not JSON');
  }
  if (!validate(data)) {
    const error = validate.errors?.[0];
    throw new ArtifactError(`The artifact does not match its schema (${error?.instancePath || '/'} ${error?.keyword ?? ''})`);
  }
  return data;
}

/** Reads `pr.json` from the downloaded artifact's folder, at most `artifactByteLimit` bytes of a regular file. */
export async function readArtifact(folder: string): Promise<PullRequestArtifact> {
  const path = join(folder, artifactFile);
  let info;
  try {
    info = await lstat(path);
  } catch {
    throw new ArtifactError(`The artifact has no ${artifactFile}`);
  }
  if (!info.isFile()) throw new ArtifactError(`The artifact's ${artifactFile} is not a regular file`);
  if (info.size > artifactByteLimit) throw new ArtifactError(`The artifact is over ${artifactByteLimit} bytes`);
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(artifactByteLimit + 1);
    const {bytesRead} = await handle.read(buffer, 0, buffer.length, 0);
    return parseArtifact(buffer.subarray(0, bytesRead).toString('utf8'));
  } finally {
    await handle.close();
  }
}
