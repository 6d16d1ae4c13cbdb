/**
 * Runs the project's own checks (scripts/lib) on a proposal fetched as data, and reads from what
 * the rules saw what a reviewer asks first: which sections are answered, whether the two official
 * letters are there, which stage and service. Every message is placed under its PCP section.
 */
import {VFile} from 'vfile';
import type {Catalog} from '../lib/catalog.ts';
import {checkProposal, type PreviousVersion, type ProposalContext} from '../lib/check-proposal.ts';
import {formAnswers, loadForm, type Form} from '../lib/form.ts';
import {readSource} from '../lib/read.ts';
import {report} from '../lib/rule.ts';
import fileCannotProcess from '../lib/rules/file-cannot-process.ts';
import {isInvisible} from '../lib/sections.ts';

/** One diagnostic as the bot shows it: never the file's text, only the library's message. */
export interface ReviewedMessage {
  line: number;
  column: number;
  severity: 'error' | 'warning';
  message: string;
  ruleId: string;
  url: string | undefined;
  /** The group it is shown under: a section code (`III.1`) or a part of the form (`I`, `signatures`). */
  section: string;
}

/** Sections answered and official letters attached. */
export interface Completeness {
  /** Required answers of Sections III and IV that hold an answer. */
  answered: string[];
  /** Required answers still missing or empty, in the form's order. */
  missing: string[];
  required: number;
  letters: {'organization-letter': boolean; 'oda-ministry-letter': boolean};
}

/** A checked proposal. */
export interface CheckedProposal {
  messages: ReviewedMessage[];
  stage: string | undefined;
  service: number | undefined;
  completeness: Completeness | undefined;
}

/** The groups, in the order the form prints them; `general` and `body` hold the rest. */
export function sectionGroups(form: Form = loadForm()): Array<{id: string; title: string}> {
  return [
    {id: 'general', title: 'The file and its frontmatter'},
    {id: form.overview.code, title: form.overview.heading},
    {id: form.service.code, title: form.service.heading},
    ...formAnswers(form).map((answer) => ({id: answer.code, title: `${answer.code} ${answer.heading.replace(/^\d+\.\s*/, '')}`})),
    {id: 'body', title: 'Text outside the form\'s sections'},
    {id: 'prepared-by', title: 'Prepared by'},
    {id: 'signatures', title: 'Confirmation and signatures'},
    {id: 'attachments', title: 'Attachments (the official letters, the diagram)'},
  ];
}

// Which group a frontmatter field's messages belong to.
const fieldGroups: Record<string, string> = {
  country: 'I',
  odaMinistry: 'I',
  projectMinistry: 'I',
  service: 'II',
  schedule: 'IV.6',
  indicators: 'IV.7',
  preparedBy: 'prepared-by',
  confirmation: 'signatures',
  signatures: 'signatures',
  attachments: 'attachments',
};

/** Says which group a line of the proposal belongs to, from the frontmatter's keys and the body's headings. */
export function sectionLocator(text: string, context: ProposalContext | undefined): (line: number, ruleId: string, message: string) => string {
  const lines = text.split(/\r?\n/);
  const keyOfLine: Array<string | undefined> = [];
  let closing = 0;
  if (/^\uFEFF?---[ \t]*$/.test(lines[0] ?? '')) {
    let key: string | undefined;
    for (let index = 1; index < lines.length; index++) {
      if (/^---[ \t]*$/.test(lines[index]!)) {
        closing = index + 1;
        break;
      }
      const match = /^([A-Za-z_][\w-]*)\s*:/.exec(lines[index]!);
      if (match) key = match[1];
      keyOfLine[index + 1] = key;
    }
  }
  const headings = (context?.body.sections ?? []).map((section) => ({line: section.heading.position?.start.line ?? 0, code: section.answer ? section.code : undefined}));
  return (line, ruleId, message) => {
    if (ruleId === 'body-missing-section') {
      const code = /`((?:III|IV)\.\d+)`/.exec(message)?.[1];
      if (code) return code;
    }
    if (ruleId.startsWith('attachment-')) return 'attachments';
    if (line <= closing) {
      const key = keyOfLine[line];
      return (key && fieldGroups[key]) ?? 'general';
    }
    const heading = headings.filter((candidate) => candidate.line <= line).at(-1);
    return heading?.code ?? (heading ? 'body' : 'body');
  };
}

/** Where the fetched proposal is, and what it is checked against. */
export interface CheckFetchedOptions {
  /** Absolute path of the fetched proposal.md. */
  path: string;
  /** The path shown in messages: `proposals/<slug>/proposal.md`. */
  shown: string;
  /** The folder the fetched `proposals/` is in. */
  root: string;
  catalog: Catalog;
  previous?: PreviousVersion;
}

/** Checks one fetched proposal with the library's rules. A failure of the checker is one message, as in `pcp check`. */
export async function checkFetched(options: CheckFetchedOptions): Promise<CheckedProposal> {
  let file = new VFile({path: options.shown});
  let context: ProposalContext | undefined;
  let text = '';
  try {
    file = await readSource(options.path, options.shown);
    text = typeof file.value === 'string' ? file.value : '';
    context = checkProposal(file, {path: options.path, catalog: options.catalog, root: options.root, ...(options.previous ? {previous: options.previous} : {})});
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    report(file, fileCannotProcess, `Cannot process file: the checker failed (${name}); the other files were checked`, {line: 1, column: 1});
  }
  const locate = sectionLocator(text, context);
  const messages: ReviewedMessage[] = file.messages.map((message) => ({
    line: message.line ?? 1,
    column: message.column ?? 1,
    severity: message.fatal ? 'error' : 'warning',
    message: message.reason,
    ruleId: message.ruleId ?? 'pcp',
    url: message.url ?? undefined,
    section: locate(message.line ?? 1, message.ruleId ?? '', message.reason),
  }));
  return {
    messages,
    stage: typeof context?.data.status === 'string' ? context.data.status : undefined,
    service: typeof context?.data.service === 'number' && Number.isInteger(context.data.service) ? context.data.service : undefined,
    completeness: context ? completenessOf(context, messages) : undefined,
  };
}

const unanswered = new Set(['body-empty-section', 'body-template-instruction']);

/** The required answers that hold text of their own, and the official letters that are attached and present. */
export function completenessOf(context: ProposalContext, messages: ReviewedMessage[]): Completeness {
  const required = formAnswers(context.form).filter((answer) => answer.required).map((answer) => answer.code);
  const written = new Set(context.body.sections.filter((section) => section.code && section.content.some((node) => !isInvisible(node))).map((section) => section.code!));
  const flagged = new Set(messages.filter((message) => unanswered.has(message.ruleId)).map((message) => message.section));
  const answered = required.filter((code) => written.has(code) && !flagged.has(code));
  const present = (type: string) => context.attachments.some((entry) => entry.type === type && entry.state === 'ok');
  return {
    answered,
    missing: required.filter((code) => !answered.includes(code)),
    required: required.length,
    letters: {'organization-letter': present('organization-letter'), 'oda-ministry-letter': present('oda-ministry-letter')},
  };
}
