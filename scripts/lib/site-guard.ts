/**
 * The personal-data guard of the site build: fails if any country, ministry, person's name,
 * e-mail address or phone number from any proposal appears anywhere in the built site. It reports
 * which kind of value from which proposal turned up in which file, never the value itself, since
 * the build log is read more widely than the proposals.
 *
 * The site reads no proposal (only `pcp status`'s projection), so this should never fire: it is
 * the second lock on the door, for a future page or a careless edit.
 */
import {readdir, readFile} from 'node:fs/promises';
import {join, relative, sep} from 'node:path';
import {gunzipSync} from 'node:zlib';
import {decodeHTML} from 'entities';
import {proposalJobs} from './proposal-jobs.ts';
import {readFrontmatters, type FrontmatterFields, type FrontmatterJob} from './read-frontmatters.ts';

/** The rule id of the guard's findings. */
export const siteGuardRule = 'site-personal-data';

/** What kind of personal value a field holds. */
export type PersonalKind = 'country' | 'ministry' | 'name' | 'email' | 'phone';

/** The frontmatter fields the guard looks for, with their kind. */
export const personalFields: ReadonlyArray<readonly [string, PersonalKind]> = [
  ['country', 'country'],
  ['odaMinistry', 'ministry'],
  ['projectMinistry.name', 'ministry'],
  ['projectMinistry.contact.name', 'name'],
  ['projectMinistry.contact.telephone', 'phone'],
  ['projectMinistry.contact.mobile', 'phone'],
  ['projectMinistry.contact.email', 'email'],
  ['preparedBy.name', 'name'],
  ['preparedBy.organization', 'ministry'],
  ['preparedBy.telephone', 'phone'],
  ['preparedBy.mobile', 'phone'],
  ['preparedBy.fax', 'phone'],
  ['preparedBy.email', 'email'],
  ['signatures.preparer.name', 'name'],
  ['signatures.representative.name', 'name'],
  ['signatures.representative.ministry', 'ministry'],
];

/** One personal value to look for, with where it came from (never printed). */
export interface PersonalValue {
  kind: PersonalKind;
  field: string;
  /** The proposal, relative to the repository. */
  proposal: string;
  value: string;
}

/** A finding: a kind of value from a proposal, in a file of the site. The value is not in it. */
export interface GuardFinding {
  file: string;
  kind: PersonalKind;
  field: string;
  proposal: string;
}

/** What the guard found, and what it could not check. */
export interface GuardResult {
  findings: GuardFinding[];
  /** Proposals whose frontmatter could not be read: their values are unknown, so the guard fails. */
  unreadable: string[];
  /**
   * Values that are also public text (the form's own example "Ministry of Finance", a ministry
   * named in the call): they cannot be told apart from it, so they are not looked for.
   */
  public: Array<Omit<PersonalValue, 'value'>>;
  /** Files the guard cannot read, so cannot vouch for: they fail the build too. */
  refused: Array<{file: string; reason: string}>;
  filesScanned: number;
}

/** The frontmatter fields the guard reads (`readFrontmatters`' `fields`). */
export const personalFieldPaths: string[] = personalFields.map(([field]) => field);

/** The personal values of read frontmatters (`readFrontmatters` with `personalFieldPaths`). */
export function personalValuesOf(read: FrontmatterFields[], jobs: FrontmatterJob[]): {values: PersonalValue[]; unreadable: string[]} {
  const values: PersonalValue[] = [];
  const unreadable: string[] = [];
  for (const [i, result] of read.entries()) {
    const proposal = jobs[i]!.shown;
    if (!result.readable) {
      unreadable.push(proposal);
      continue;
    }
    for (const [field, kind] of personalFields) {
      const value = result.values[field];
      if (typeof value === 'string' || typeof value === 'number') values.push({kind, field, proposal, value: String(value)});
    }
  }
  return {values, unreadable};
}

/** Every personal value of every proposal under `root`/proposals, and the proposals that could not be read. */
export async function personalValues(root: string): Promise<{values: PersonalValue[]; unreadable: string[]}> {
  const jobs = await proposalJobs(root, root);
  return personalValuesOf(await readFrontmatters(jobs, {fields: personalFieldPaths, validated: false}), jobs);
}

/**
 * Lower case, compatibility forms folded, entities of HTML and XML decoded, white space single,
 * and every script's digits (Thai ๓, Khmer ៣, Arabic-Indic ٣, Devanagari ३) written 0-9, since
 * a phone number can be written in the digits of the country's own script.
 */
export function normalizeText(text: string): string {
  // Format characters (soft hyphens, zero-width spaces and joiners) are invisible: drop them.
  return decodeHTML(text).normalize('NFKC').replace(/\p{Cf}/gu, '').toLowerCase().replace(/\s+/g, ' ').replace(/(?![0-9])\p{Nd}/gu, asciiDigit);
}

const digitValues = new Map<string, string>();
/** A decimal digit of any script as 0-9: its place in the run of ten digits it belongs to. */
function asciiDigit(digit: string): string {
  let known = digitValues.get(digit);
  if (known === undefined) {
    const point = digit.codePointAt(0)!;
    let zero = point;
    while (zero > point - 9 && /\p{Nd}/u.test(String.fromCodePoint(zero - 1))) zero--;
    known = String(point - zero);
    digitValues.set(digit, known);
  }
  return known;
}

/**
 * The ways a page can write a value that plain text search would miss, each decoded: the text
 * itself, without its markup (a value split by tags), with JSON and JavaScript escapes undone
 * (`\u00e9`), and URL-decoded (`%20`, `%40`, `+`). Searched together.
 */
export function decodedForms(text: string): string {
  const forms = [text, text.replace(/<[^>]*>/g, '')];
  const unescaped = text.replace(/\\u\{?([0-9a-fA-F]{4,6})\}?|\\x([0-9a-fA-F]{2})|\\([nrt"'\\/])/g, (whole, u?: string, x?: string, c?: string) => {
    if (u || x) {
      const point = Number.parseInt((u ?? x)!, 16);
      return point <= 0x10ffff ? String.fromCodePoint(point) : whole;
    }
    return c === 'n' || c === 'r' || c === 't' ? ' ' : c!;
  });
  if (unescaped !== text) forms.push(unescaped);
  // An address spelled out against harvesters: "name [at] example [dot] org", "name @ example.org".
  const spelled = text.replace(/\s*(?:\[at\]|\(at\)|\{at\}|\s@\s|\s@|@\s)\s*/gi, '@').replace(/\s*(?:\[dot\]|\(dot\)|\{dot\})\s*/gi, '.');
  if (spelled !== text) forms.push(spelled);
  // A name as a slug or an identifier: "nguyen-thi-hoang-yen", "Nguyen_Thi".
  if (/[\p{L}\p{N}][-_]+[\p{L}\p{N}]/u.test(text)) forms.push(text.replace(/[-_]+/g, ' '));
  if (/%[0-9a-fA-F]{2}|\+/.test(text)) forms.push(text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  }).replace(/\+/g, ' '));
  return forms.join(' \u0000 ');
}

function withoutMarks(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC');
}

/** The digits of a phone number, if it has enough to be one (at least 6); else undefined. */
export function phoneDigits(value: string): string | undefined {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 6) return undefined;
  // The last eight digits: the number without its country or trunk prefix, however it is written.
  return digits.slice(-8);
}

/** Digit runs with their usual separators (spaces, dots, dashes, brackets, slashes) removed. */
function digitRuns(text: string): string {
  // Up to three of anything that is not a letter, a digit or a line end (spaces, dots, dashes,
  // brackets, slashes, middle dots, bullets, commas, underscores) between two digits.
  return text.replace(/(?<=\d)[^\p{L}\p{N}\n]{1,3}(?=\d)/gu, '');
}

/** One file's text, ready for many look-ups: its words and its six- to eight-digit windows as sets. */
interface Haystack {
  text: string;
  bare: string;
  words: Set<string>;
  digitWindows: Set<string>;
}

const wordPattern = /[\p{L}\p{N}\p{M}]+/gu;

function haystackOf(text: string): Haystack {
  const bare = withoutMarks(text);
  const words = new Set<string>([...(text.match(wordPattern) ?? []), ...(bare.match(wordPattern) ?? [])]);
  const digitWindows = new Set<string>();
  for (const run of digitRuns(text).match(/\d{6,}/g) ?? []) {
    for (const size of [6, 7, 8]) for (let i = 0; i + size <= run.length; i++) digitWindows.add(run.slice(i, i + size));
  }
  return {text, bare, words, digitWindows};
}

/**
 * A matcher for one value, or undefined when the value is too short to look for. Every word of
 * the value must be a word of the file (a set look-up, so thousands of proposals stay cheap)
 * before the exact, word-bounded search runs.
 */
function matcherFor(value: PersonalValue): ((haystack: Haystack) => boolean) | undefined {
  if (value.kind === 'phone') {
    const digits = phoneDigits(value.value);
    return digits ? (haystack) => haystack.digitWindows.has(digits) : undefined;
  }
  const normal = normalizeText(value.value).trim();
  if ([...normal].length < 3) return undefined;
  const forms = [...new Set([normal, withoutMarks(normal)])].map((form) => ({
    words: form.match(wordPattern) ?? [],
    pattern: new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(form)}(?![\\p{L}\\p{N}])`, 'u'),
  }));
  // An address written %40 for @ is in the haystack URL-decoded (decodedForms), so plain search finds it.
  const words = forms[0]!.words;
  return (haystack) => {
    if (value.kind === 'email') return words.every((word) => haystack.words.has(word)) && haystack.text.includes(normal);
    return forms.some((form) => form.words.every((word) => haystack.words.has(word)) && (form.pattern.test(haystack.text) || form.pattern.test(haystack.bare)));
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The documents the site may hold: the blank form, rendered from the form definition. */
export const allowedDocuments = ['downloads/pcp-blank.docx', 'downloads/pcp-blank.pdf'];

/** Most bytes of one file the guard reads (a decompressed search fragment included). */
const maxFileBytes = 64 * 1024 * 1024;

/** A file's text, or why the guard cannot vouch for it. */
async function textOf(path: string, mayBeArchive: boolean): Promise<{text: string} | {refused: string}> {
  let bytes: Buffer = await readFile(path);
  if (bytes.length > maxFileBytes) return {refused: `larger than ${maxFileBytes / 1024 / 1024} MB, too large to check`};
  // A zip (every office document: .pptx, .ods, .epub...) hides its text from a search; only the
  // blank form, made from the form definition, may be one.
  if (!mayBeArchive && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return {refused: 'an archive or office document, whose text cannot be checked'};
  // Pagefind's index and fragments are gzip: look inside, or a leak in the search index would hide.
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, {maxOutputLength: maxFileBytes});
    } catch {
      return {refused: 'compressed, and cannot be opened within the size limit to check'};
    }
  }
  return {text: bytes.toString('utf8')};
}

async function filesUnder(folder: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(folder, {withFileTypes: true})) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out.sort();
}

/**
 * Scans every file under `site` (the built site) for the personal values of the proposals under
 * `root`. `publicText` is text that is public anyway (the call, the catalog, the form): a value
 * that occurs in it cannot be told apart from it and is listed in `public` instead. `prefetched`:
 * `personalValues(root)` started earlier (the site build starts it with the build, in threads).
 */
export async function guardSite(site: string, root: string, publicText = '', prefetched?: Promise<{values: PersonalValue[]; unreadable: string[]}>): Promise<GuardResult> {
  const {values, unreadable} = await (prefetched ?? personalValues(root));
  const publicHaystack = haystackOf(normalizeText(publicText));
  // Many proposals share a value (a ministry, a country): one matcher per distinct value.
  const groups = new Map<string, {matches: (haystack: Haystack) => boolean; values: PersonalValue[]}>();
  // Keyed first as written (cheap), then as normalized, so each distinct spelling is normalized once.
  const keys = new Map<string, string>();
  for (const value of values) {
    const raw = `${value.kind}\u0000${value.value}`;
    let key = keys.get(raw);
    if (key === undefined) {
      key = `${value.kind}\u0000${value.kind === 'phone' ? phoneDigits(value.value) : normalizeText(value.value).trim()}`;
      keys.set(raw, key);
    }
    const group = groups.get(key);
    if (group) {
      group.values.push(value);
      continue;
    }
    const matches = matcherFor(value);
    if (matches) groups.set(key, {matches, values: [value]});
  }
  const isPublic: GuardResult['public'] = [];
  const checks: Array<{matches: (haystack: Haystack) => boolean; values: PersonalValue[]}> = [];
  for (const group of groups.values()) {
    if (publicText && group.matches(publicHaystack)) isPublic.push(...group.values.map(({kind, field, proposal}) => ({kind, field, proposal})));
    else checks.push(group);
  }
  const findings: GuardFinding[] = [];
  const files = await filesUnder(site);
  const refused: GuardResult['refused'] = [];
  for (const path of files) {
    const file = relative(site, path).split(sep).join('/');
    // Documents are zipped or compressed streams the guard cannot read; rendered PCPs hold
    // personal data. Only the blank form, rendered from the form definition, may be in the site.
    if (/\.(docx?|pdf|odt|ods|odp|pptx?|xlsx?|rtf|epub|zip)$/i.test(file) && !allowedDocuments.includes(file)) {
      refused.push({file, reason: 'a document; rendered PCPs hold personal data and never go into the site'});
      continue;
    }
    const content = await textOf(path, allowedDocuments.includes(file));
    if ('refused' in content) {
      refused.push({file, reason: content.refused});
      continue;
    }
    // The file's path is searched too: a page can be named after a person.
    const haystack = haystackOf(normalizeText(decodedForms(`${content.text} \u0000 ${file}`)));
    for (const {matches, values: members} of checks) {
      if (!matches(haystack)) continue;
      for (const value of members) findings.push({file, kind: value.kind, field: value.field, proposal: value.proposal});
    }
  }
  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.proposal.localeCompare(b.proposal) || a.field.localeCompare(b.field));
  return {findings, unreadable, public: isPublic, refused, filesScanned: files.length};
}

/** The guard's findings as lines for a build log: the kind and the field, never the value. */
export function formatGuardResult(result: GuardResult, siteName = 'dist'): string[] {
  const lines = result.findings.map((finding) => `${siteName}/${finding.file}: error: a ${finding.kind} from ${finding.proposal} (\`${finding.field}\`) appears in this file; the site must not show personal data  ${siteGuardRule}`);
  for (const {file, reason} of result.refused) lines.push(`${siteName}/${file}: error: the guard cannot check this file (${reason})  ${siteGuardRule}`);
  for (const proposal of result.unreadable) lines.push(`${proposal}: error: the frontmatter cannot be read, so the site cannot be checked for its personal data (run \`npx pcp check\`)  ${siteGuardRule}`);
  return lines;
}
