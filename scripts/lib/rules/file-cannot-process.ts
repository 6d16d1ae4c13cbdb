import type {Rule} from '../rule.ts';

/**
 * The one message of a step that failed unexpectedly. It is a bug of the checker, never of the
 * proposal: the batch goes on and `pcp check` exits with 2.
 */
const rule: Rule = {
  id: 'file-cannot-process',
  title: 'The checker could process the file',
  severity: 'error',
  description:
    'This message means the checker itself failed on the file (a bug, not a problem of the proposal). The other files were still checked. Please report it to the programme team with the file\'s name; the exit code is 2.',
  examples: [],
};
export default rule;
