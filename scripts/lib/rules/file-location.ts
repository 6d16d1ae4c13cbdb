import type {Rule} from '../rule.ts';

const slug = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** One folder per proposal, named by its slug, holding proposal.md and its attachments. */
const rule: Rule = {
  id: 'file-location',
  title: 'A proposal is `proposals/<slug>/proposal.md`',
  severity: 'error',
  description:
    'Each proposal has a folder of its own under `proposals/`, and the folder\'s name is the proposal\'s slug: lowercase letters a to z, digits and single hyphens, 3 to 60 characters, such as `aurelia-air-quality`. The slug names the rendered PCP files and links; it should not contain personal names. The Markdown file in the folder is always called `proposal.md`; letters and images sit beside it.',
  examples: [
    {title: 'The usual place', valid: true, path: 'proposals/aurelia-air-quality/proposal.md'},
    {title: 'A folder name with capitals and spaces', valid: false, path: 'proposals/Aurelia Air/proposal.md', messages: ['Expected the folder name to be a slug: lowercase letters, digits and single hyphens, 3 to 60 characters, such as `aurelia-air-quality`']},
    {title: 'A differently named file', valid: false, path: 'proposals/aurelia-air-quality/pcp.md', messages: ['Expected the file to be called `proposal.md`, inside its proposal\'s folder']},
  ],
  check({repositoryPath, report}) {
    const parts = repositoryPath.split('/');
    const name = parts.at(-1)!;
    const folder = parts.at(-2) ?? '';
    if (name !== 'proposal.md') {
      report(rule, 'Expected the file to be called `proposal.md`, inside its proposal\'s folder', {line: 1, column: 1});
    } else if (!slug.test(folder) || folder.length < 3 || folder.length > 60) {
      report(rule, 'Expected the folder name to be a slug: lowercase letters, digits and single hyphens, 3 to 60 characters, such as `aurelia-air-quality`', {line: 1, column: 1});
    }
  },
};
export default rule;
