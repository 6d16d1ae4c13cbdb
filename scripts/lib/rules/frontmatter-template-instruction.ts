import {instructionTexts, normalizeInstruction} from '../form.ts';
import type {FieldPath} from '../frontmatter-place.ts';
import type {Rule} from '../rule.ts';
import {fieldName} from '../schema.ts';

const rule: Rule = {
  id: 'frontmatter-template-instruction',
  title: 'No field still holds the form\'s instruction',
  severity: 'stage',
  description:
    'The blank form says "Write the name of the ministry (e.g., Ministry of Finance)" where the answer goes, and asks you to delete its instructions and examples before submitting. A field that still holds such text is a warning in a draft and an error from `submitted` on.',
  examples: [
    {title: 'A ministry\'s real name', valid: true, frontmatter: 'odaMinistry: Ministry of Finance'},
    {title: 'The instruction left in place', valid: false, frontmatter: 'odaMinistry: Write the name of the ministry', messages: ['Unexpected instruction text of the form in `odaMinistry`: replace it with the answer']},
  ],
  check({data, report, placeOf}) {
    const instructions = instructionTexts();
    const stack: Array<[unknown, FieldPath]> = [[data, []]];
    while (stack.length > 0) {
      const [value, path] = stack.pop()!;
      if (typeof value === 'string') {
        const text = normalizeInstruction(value);
        if (instructions.some((instruction) => text.includes(instruction))) {
          report(rule, `Unexpected instruction text of the form in ${fieldName(path)}: replace it with the answer`, placeOf(path));
        }
      } else if (Array.isArray(value)) {
        value.forEach((item, i) => stack.push([item, [...path, i]]));
      } else if (value && typeof value === 'object') {
        for (const [key, item] of Object.entries(value)) stack.push([item, [...path, key]]);
      }
    }
  },
};
export default rule;
