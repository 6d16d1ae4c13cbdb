import {countryWords} from '../new-proposal.ts';
import type {Rule} from '../rule.ts';

const slug = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** One folder per proposal, named by its slug, holding proposal.md and its attachments. */
const rule: Rule = {
  id: 'file-location',
  title: 'A proposal is `proposals/<slug>/proposal.md`',
  severity: 'error',
  description:
    'Each proposal has a folder of its own under `proposals/`, and the folder\'s name is the proposal\'s slug: lowercase letters a to z, digits and single hyphens, 3 to 60 characters, such as `air-quality-forecasting`. The slug names the rendered PCP files and shows in links and CI logs, so it must not name the country (an application is confidential) or a person. The Markdown file in the folder is always called `proposal.md`; letters and images sit beside it.',
  examples: [
    {title: 'The usual place', valid: true, path: 'proposals/forest-pest-detection/proposal.md'},
    {title: 'A folder name with capitals and spaces', valid: false, path: 'proposals/Forest Pests/proposal.md', messages: ['Expected the folder name to be a slug: lowercase letters, digits and single hyphens, 3 to 60 characters, such as `air-quality-forecasting`']},
    {title: 'A differently named file', valid: false, path: 'proposals/forest-pest-detection/pcp.md', messages: ['Expected the file to be called `proposal.md`, inside its proposal\'s folder']},
    {title: 'A folder named after the country', valid: false, path: 'proposals/aurelia-forest-pests/proposal.md', messages: ['Unexpected folder name that names the country: it shows in file names, links and logs; rename the folder after the service, such as `air-quality-forecasting`']},
  ],
  check({repositoryPath, data, report}) {
    const parts = repositoryPath.split('/');
    const name = parts.at(-1)!;
    const folder = parts.at(-2) ?? '';
    if (name !== 'proposal.md') {
      report(rule, 'Expected the file to be called `proposal.md`, inside its proposal\'s folder', {line: 1, column: 1});
    } else if (!slug.test(folder) || folder.length < 3 || folder.length > 60) {
      report(rule, 'Expected the folder name to be a slug: lowercase letters, digits and single hyphens, 3 to 60 characters, such as `air-quality-forecasting`', {line: 1, column: 1});
    } else if (typeof data.country === 'string' && countryWords(data.country).some((word) => folder.split('-').includes(word))) {
      report(rule, 'Unexpected folder name that names the country: it shows in file names, links and logs; rename the folder after the service, such as `air-quality-forecasting`', {line: 1, column: 1});
    }
  },
};
export default rule;
