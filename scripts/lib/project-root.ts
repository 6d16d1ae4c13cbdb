/** The repository this library belongs to: schema/ and catalog/ are read from here. */
import {fileURLToPath} from 'node:url';

/** Absolute path of the repository root, ending in a slash. */
export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
