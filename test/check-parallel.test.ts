/** Checking in worker threads gives exactly what checking in one thread gives. */
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {checkPaths} from '../scripts/lib/check.ts';
import {formatJson} from '../scripts/lib/format-report.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('checkPaths in worker threads', () => {
  it('reports the same messages, in the same order, as one thread', async () => {
    const paths = [join(root, 'test/fixtures'), join(root, 'proposals')];
    const single = await checkPaths({paths, cwd: root, workers: 1});
    let progress = 0;
    const parallel = await checkPaths({paths, cwd: root, workers: 2, onProgress: (done) => void (progress = done)});
    expect(single.files.length).toBeGreaterThan(25);
    expect(formatJson(parallel.files)).toBe(formatJson(single.files));
    expect(progress).toBe(single.files.length);
  });
});
