/** Positions: every message points at the line and column an editor shows for the offending text. */
import {VFile} from 'vfile';
import {describe, expect, it} from 'vitest';
import {loadCatalog} from '../scripts/lib/catalog.ts';
import {checkProposal} from '../scripts/lib/check-proposal.ts';
import {placeOf} from '../scripts/lib/frontmatter-place.ts';
import {parseSource} from '../scripts/lib/parse.ts';
import {PositionIndex} from '../scripts/lib/position.ts';
import {decodeInto} from '../scripts/lib/read.ts';
import {exampleSource} from '../scripts/lib/rule-examples.ts';

const catalog = await loadCatalog();

function messagesOf(bytes: Uint8Array): string[] {
  const file = new VFile({path: 'proposal.md'});
  decodeInto(file, bytes);
  checkProposal(file, {path: '/nowhere/example/proposal.md', catalog, root: '/nowhere'});
  return file.messages
    .filter((message) => !message.ruleId?.startsWith('attachment-'))
    .map((message) => `${message.line}:${message.column}-${message.place && 'end' in message.place ? `${message.place.end.line}:${message.place.end.column}` : ''} ${message.ruleId}`);
}

describe('PositionIndex', () => {
  it('counts lines after \\n and \\r\\n and columns in UTF-16 units from 1', () => {
    const index = new PositionIndex('ab\r\ncd\n😀x\n');
    expect(index.point(0)).toEqual({line: 1, column: 1, offset: 0});
    expect(index.point(4)).toEqual({line: 2, column: 1, offset: 4});
    expect(index.point(9)).toEqual({line: 3, column: 3, offset: 9});
    expect(index.point(999)).toEqual({line: 4, column: 1, offset: 11});
  });
});

describe('frontmatter positions', () => {
  const text = '---\npcp: 1\npreparedBy:\n  name: Aroha\n  email: not-an-address\nschedule:\n  - activity: ISP\n    end: 2026-13\n---\n';
  const file = new VFile({value: text});
  const source = parseSource(file, 'markdown')!;
  it('finds a nested value, a key, a list item\'s field, and falls back to the nearest written ancestor', () => {
    const at = (path: Array<string | number>, kind?: 'key' | 'value') => {
      const {start, end} = placeOf(source.frontmatter!, source.index, path, kind);
      return `${start.line}:${start.column}-${end.line}:${end.column}`;
    };
    expect(at(['preparedBy', 'email'])).toBe('5:10-5:24');
    expect(at(['preparedBy', 'email'], 'key')).toBe('5:3-5:8');
    expect(at(['schedule', 0, 'end'])).toBe('8:10-8:17');
    expect(at(['preparedBy', 'telephone'])).toBe('3:1-3:11');
    expect(at(['country'])).toBe('1:1-1:4');
  });
});

describe('message positions', () => {
  const base = exampleSource({title: 'positions', valid: false, frontmatter: 'service: 22\npreparedBy:\n  name: Aroha Kinsale\n  email: a.kinsale(at)example.org'});
  const expected = ['16:10-16:12 catalog-unknown-service', '19:10-19:34 frontmatter-invalid-value'];

  it('points at the offending values', () => {
    expect(messagesOf(Buffer.from(base)).filter((line) => !line.includes('submission-'))).toEqual(expected);
  });

  it('gives the same positions with a byte order mark and CRLF line endings', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(base.replace(/\n/g, '\r\n'))]);
    expect(messagesOf(bytes).filter((line) => !line.includes('submission-'))).toEqual(expected);
  });

  it('points into the body at the heading of a bad section', () => {
    const text = exampleSource({title: 'body', valid: false, body: '## III.1 Background\n\nText.\n\n## V.1 Budget\n\nText.\n'});
    expect(messagesOf(Buffer.from(text)).filter((line) => line.includes('body-unknown-section'))).toEqual(['42:1-42:14 body-unknown-section']);
  });
});

describe('message counts', () => {
  it('lists at most 50 messages of one rule in a file, then counts the rest', () => {
    const text = exampleSource({title: 'many', valid: false, frontmatter: Array.from({length: 120}, (_, i) => `extra${i}: x`).join('\n')});
    const file = new VFile({path: 'proposal.md'});
    decodeInto(file, Buffer.from(text));
    checkProposal(file, {path: '/nowhere/example/proposal.md', catalog, root: '/nowhere'});
    const unknown = file.messages.filter((message) => message.ruleId === 'frontmatter-unknown-field');
    expect(unknown).toHaveLength(51);
    expect(unknown.at(-1)!.reason).toBe('And 70 more of this rule in this file, not listed');
    expect(unknown.at(-1)!.fatal).toBe(true);
    expect(unknown.at(-1)!.line).toBe(unknown.at(-2)!.line);
  });
});
