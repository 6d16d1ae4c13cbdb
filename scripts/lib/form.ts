/**
 * The form definition (schema/pcp-form.yaml) and the status vocabulary (schema/status.yaml),
 * loaded once. Both are the project's own files, so they are read without the guarded pipeline;
 * a test validates their shape.
 */
import {readFileSync} from 'node:fs';
import {parse} from 'yaml';
import {projectRoot} from './project-root.ts';

/** A field of the form's tables, filled from the frontmatter path `field`. */
export interface FormField {
  field: string;
  label: string;
  prompt?: string;
  example?: string;
  required: boolean;
}

/** One written answer of Sections III and IV: a `## <code> <title>` section of the body. */
export interface FormAnswer {
  code: string;
  heading: string;
  prompts: string[];
  required: boolean;
  /** Frontmatter data the answer's printed section also shows (schedule, indicators). */
  field?: string;
  /** Attachment type the answer usually comes with. */
  attachment?: string;
}

/** Section III or IV of the form, with its answers. */
export interface FormSection {
  code: string;
  heading: string;
  answers: FormAnswer[];
}

/** One printed line of a signature block, filled from `field` when it has one. */
export interface SignatureLine {
  label: string;
  field?: string;
}

/** The whole Project Concept Paper form. */
export interface Form {
  title: string;
  subtitle: string;
  instruction: string;
  overview: {code: string; heading: string; table: string; fields: FormField[]; group: {label: string; fields: FormField[]}};
  service: {code: string; heading: string; instruction: string; field: string; columns: string[]};
  sections: FormSection[];
  preparedBy: {label: string; fields: FormField[]};
  confirmation: {field: string; text: string};
  signatures: Array<{field: string; lines: SignatureLine[]}>;
}

/** One stage of the status vocabulary. */
export interface Stage {
  id: string;
  label: string;
  description: string;
  /** The stage requires a complete proposal. */
  complete: boolean;
  /** The stage is an outcome, hidden from the public before the announcement. */
  embargoed: boolean;
}

/** Who may make a change of stage. */
export type Actor = 'consultant' | 'reviewer';

/** The stages and the table of allowed changes (schema/status.yaml). */
export interface StatusVocabulary {
  stages: Stage[];
  initial: Array<{to: string; by: Actor}>;
  transitions: Array<{from: string; to: string; by: Actor}>;
}

let form: Form | undefined;
let status: StatusVocabulary | undefined;
let instructions: string[] | undefined;

/** The form definition. */
export function loadForm(): Form {
  form ??= parse(readFileSync(`${projectRoot}schema/pcp-form.yaml`, 'utf8')) as Form;
  return form;
}

/** The status vocabulary with its transition table. */
export function loadStatusVocabulary(): StatusVocabulary {
  status ??= parse(readFileSync(`${projectRoot}schema/status.yaml`, 'utf8')) as StatusVocabulary;
  return status;
}

/** Every answer of Sections III and IV, in the form's order. */
export function formAnswers(definition: Form = loadForm()): FormAnswer[] {
  return definition.sections.flatMap((section) => section.answers);
}

/** Every frontmatter field the form asks for that must be filled in from `submitted` on. */
export function requiredFields(definition: Form = loadForm()): FormField[] {
  const fields = [...definition.overview.fields, ...definition.overview.group.fields, ...definition.preparedBy.fields];
  return fields.filter((field) => field.required);
}

/**
 * Text of the form that is an instruction to the applicant, to be deleted before submitting:
 * the "○ Describe ..." prompts, the "Write the name of ..." prompts and their examples, and the
 * form's general instructions. Normalized as `normalizeInstruction` does.
 */
export function instructionTexts(definition: Form = loadForm()): string[] {
  if (definition === form && instructions) return instructions;
  const fields = [...definition.overview.fields, ...definition.overview.group.fields];
  const texts = [
    definition.instruction,
    definition.service.instruction,
    ...formAnswers(definition).flatMap((answer) => answer.prompts),
    ...fields.flatMap((field) => [field.prompt, field.example]),
  ];
  const result = [...new Set(texts.filter((text): text is string => Boolean(text)).map(normalizeInstruction))];
  if (definition === form) instructions = result;
  return result;
}

/** Lower case, without the ○ and ※ marks, brackets, quotes and punctuation at the ends, single spaces. */
export function normalizeInstruction(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[○※]/g, ' ')
    .replace(/[“”"]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[("']+|[)"'.:;,]+$/g, '')
    .trim()
    .toLowerCase();
}
