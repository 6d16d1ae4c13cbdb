/** What the privacy tests look for: the personal values of a proposal, read straight from its text. */
import {parse} from 'yaml';
import {countryWords} from '../../scripts/lib/new-proposal.ts';

const personal = ['country', 'odaMinistry', 'projectMinistry', 'preparedBy', 'signatures'];

/**
 * Every string of at least 4 characters under the personal fields of the frontmatter, and the
 * distinctive words of the country ("Velmora" of "Republic of Velmora"), to find in any case.
 */
export function personalValues(text: string): string[] {
  const data = parse(text.replace(/^\uFEFF/, '').split(/\r?\n---\r?\n/)[0]!.replace(/^---\r?\n/, '')) as Record<string, unknown>;
  const out: string[] = [];
  const visit = (value: unknown) => {
    if (typeof value === 'string' && value.length >= 4) out.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  for (const key of personal) visit(data[key]);
  if (typeof data.country === 'string') out.push(...countryWords(data.country));
  return out;
}
