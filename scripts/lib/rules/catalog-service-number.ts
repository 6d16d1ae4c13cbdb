import type {Rule} from '../rule.ts';

const rule: Rule = {
  id: 'catalog-service-number',
  title: 'Catalog services are numbered 1 to N, as their file names say',
  severity: 'error',
  description:
    'Each service of the catalog is a file `catalog/services/NN-slug.md`, where NN is the service\'s number in the form\'s Section II table and equals the `number` field. Numbers run from 1 without gaps or repeats, so every proposal\'s `service` points at exactly one service.',
  examples: [
    {title: 'The file name and the number agree', valid: true, path: 'catalog/services/12-drone-based-automated-forest-pest-and-disease-detection.md'},
    {title: 'The number disagrees with the file name', valid: false, path: 'catalog/services/12-drone-based-automated-forest-pest-and-disease-detection.md', frontmatter: 'number: 13', messages: ['Expected `number` to be 12, the number in the file name']},
  ],
};
export default rule;
