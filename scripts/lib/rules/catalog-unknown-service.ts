import type {Rule} from '../rule.ts';

const rule: Rule = {
  id: 'catalog-unknown-service',
  title: 'The service is one of the call\'s catalog',
  severity: 'error',
  description:
    'Section II asks you to select exactly one of the call\'s services, by its number in the catalog (1 to 21). The website\'s catalog describes each one.',
  examples: [
    {title: 'Service 12', valid: true, frontmatter: 'service: 12'},
    {title: 'A number past the catalog', valid: false, frontmatter: 'service: 22', messages: ['Unexpected service 22: the call\'s catalog has services 1 to 21']},
  ],
  check({data, catalog, report, placeOf}) {
    const {service} = data;
    if (typeof service !== 'number' || !Number.isInteger(service) || service < 1) return;
    if (catalog.services.length === 0) {
      report(rule, `Unexpected service ${service}: the call's catalog has no services (see catalog/services/)`, placeOf(['service']));
      return;
    }
    if (!catalog.services.some((entry) => entry.number === service)) {
      const numbers = catalog.services.map((entry) => entry.number);
      report(rule, `Unexpected service ${service}: the call's catalog has services ${Math.min(...numbers)} to ${Math.max(...numbers)}`, placeOf(['service']));
    }
  },
};
export default rule;
