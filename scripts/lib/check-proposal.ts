/**
 * Step 3: check one proposal. Schema first, then every rule of `rules/` that has a check. Rules
 * see the cleaned data even when the schema failed, so they guard their own types.
 */
import {dirname, relative, sep} from 'node:path';
import type {Position} from 'unist';
import type {VFile} from 'vfile';
import {resolveAttachments, type AttachmentEntry} from './attachments.ts';
import type {Catalog} from './catalog.ts';
import {formAnswers, loadForm, loadStatusVocabulary, type Form, type Stage, type StatusVocabulary} from './form.ts';
import {placeOf, type FieldPath, type PlaceKind} from './frontmatter-place.ts';
import type {Frontmatter, ParsedSource} from './parse.ts';
import {parseSource} from './parse.ts';
import {projectRoot} from './project-root.ts';
import {report, sortMessages, type Place, type Rule} from './rule.ts';
import {resolveImages, type ResolvedImage} from './references.ts';
import {rules} from './rules/index.ts';
import {validateFrontmatter} from './schema.ts';
import {splitSections, type BodySections} from './sections.ts';

/** What the previous version of the file said, for checking a change of stage. */
export interface PreviousVersion {
  /** The stage in the previous version; null when the file is new. */
  status: string | null;
}

/** Everything a rule may look at. */
export interface ProposalContext {
  file: VFile;
  source: ParsedSource;
  frontmatter: Frontmatter;
  /** The frontmatter data, blank fields removed. Not necessarily valid: check types. */
  data: Record<string, unknown>;
  /** The stage, when `status` is a known one. */
  stage: Stage | undefined;
  /** The stage requires a complete proposal: `stage` rules report errors. */
  complete: boolean;
  catalog: Catalog;
  form: Form;
  vocabulary: StatusVocabulary;
  /** Absolute path of the proposal's folder. */
  folder: string;
  /** Path of proposal.md relative to the repository, with `/`. */
  repositoryPath: string;
  body: BodySections;
  /** The body's images, resolved against the folder. */
  images: ResolvedImage[];
  /** The frontmatter's attachments, resolved against the folder. */
  attachments: AttachmentEntry[];
  /** Undefined when no previous version was asked for (no --changed-since). */
  previous: PreviousVersion | undefined;
  /** Adds a message of `rule` (its severity decides error or warning). */
  report(rule: Rule, reason: string, place: Place): void;
  /** Where the frontmatter field at `path` is written. */
  placeOf(path: FieldPath, kind?: PlaceKind): Position;
}

/** Where the proposal is and what it is checked against. */
export interface CheckProposalOptions {
  /** Absolute path of proposal.md. */
  path: string;
  catalog: Catalog;
  previous?: PreviousVersion;
  /** The repository root; default: this project. */
  root?: string;
}

/**
 * Parses and checks a read proposal file, adding messages to it. Returns what the rules saw
 * (for the renderers), or undefined when the file could not be read that far.
 */
export function checkProposal(file: VFile, options: CheckProposalOptions): ProposalContext | undefined {
  const context = runChecks(file, options);
  sortMessages(file);
  return context;
}

function runChecks(file: VFile, options: CheckProposalOptions): ProposalContext | undefined {
  const source = parseSource(file, 'markdown');
  const frontmatter = source?.frontmatter;
  if (!source || !frontmatter?.data) return undefined;
  validateFrontmatter(file, frontmatter, source.index, 'proposal');
  const form = loadForm();
  const vocabulary = loadStatusVocabulary();
  const data = frontmatter.data;
  const stage = vocabulary.stages.find((candidate) => candidate.id === data.status);
  const complete = stage?.complete ?? false;
  const root = options.root ?? projectRoot;
  const folder = dirname(options.path);
  const context: ProposalContext = {
    file,
    source,
    frontmatter,
    data,
    stage,
    complete,
    catalog: options.catalog,
    form,
    vocabulary,
    folder,
    repositoryPath: relative(root, options.path).split(sep).join('/'),
    body: splitSections(source.tree ?? {type: 'root', children: []}, formAnswers(form)),
    images: source.tree ? resolveImages(source.tree, folder) : [],
    attachments: resolveAttachments(data.attachments, folder),
    previous: options.previous,
    report: (rule, reason, place) => void report(file, rule, reason, place, complete),
    placeOf: (path, kind) => placeOf(frontmatter, source.index, path, kind),
  };
  // A body refused unread (too deep, too costly) has its own message; its sections are unknown.
  for (const rule of rules) if (source.tree || !rule.id.startsWith('body-')) rule.check?.(context);
  return context;
}
