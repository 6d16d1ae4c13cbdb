/**
 * A real Chromium for the site's tests: the one inside the @sparticuz/chromium npm package (so
 * `npm ci` brings it), or a system Chromium named by CHROMIUM_PATH.
 */
import sparticuz from '@sparticuz/chromium';
import {chromium, type Browser} from 'playwright-core';

/** Launches headless Chromium. */
export async function launchBrowser(): Promise<Browser> {
  const system = process.env.CHROMIUM_PATH;
  if (system) return chromium.launch({executablePath: system, headless: true});
  // The package's flags are for a one-shot serverless process: a single process dies with its
  // last page, and web security off would hide what a real browser refuses. Keep the others.
  const dropped = new Set(['--single-process', '--disable-web-security', '--allow-running-insecure-content']);
  const args = sparticuz.args.filter((arg) => !dropped.has(arg));
  return chromium.launch({executablePath: await sparticuz.executablePath(), args, headless: true});
}
