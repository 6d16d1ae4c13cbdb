import type {Rule} from '../rule.ts';

/** Proposals are UTF-8 text, so every script a partner country writes in survives. */
const rule: Rule = {
  id: 'file-encoding',
  title: 'A proposal file is UTF-8 text',
  severity: 'error',
  description:
    'Names and terms in Vietnamese, Mongolian, Khmer, Lao, Thai, Korean and every other script are kept exactly only when the file is saved as UTF-8. A file in another encoding (such as Windows-1252) or a binary file is refused, and the message points at the first byte that is not UTF-8. A byte order mark at the start is fine.',
  examples: [
    {title: 'UTF-8 with names in several scripts', valid: true, frontmatter: 'country: "Cộng hoà Aurelia / Аурели / អូរ៉េលី"'},
    {title: 'An invisible control character', valid: false, source: '---\npcp: 1\ncountry: Aurelia\u0007\n---\n', messages: ['Unexpected control character U+0007: delete it (it is invisible in most editors)']},
    {title: 'Old Mac line endings (a carriage return alone)', valid: false, source: '---\rpcp: 1\rcountry: Aurelia\r---\r', messages: ['Unexpected line break without a line feed (a carriage return alone, as in old Mac files): save the file with Windows or Unix line endings']},
    {title: 'A Latin-1 byte in the frontmatter', valid: false, source: 'base64:LS0tCnBjcDogMQpjb3VudHJ5OiBSZXB1YmxpYyBvZiBD9HRlCi0tLQo=', messages: ['Unexpected bytes that are not UTF-8: save the file as UTF-8 (in Word or Notepad: "Save as", encoding "UTF-8")']},
  ],
};
export default rule;
