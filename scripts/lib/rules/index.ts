/** Every rule, in the order their families are documented. A test checks this list against the folder. */
import type {Rule} from '../rule.ts';
import fileCannotProcess from './file-cannot-process.ts';
import fileEncoding from './file-encoding.ts';
import fileLocation from './file-location.ts';
import fileTooLarge from './file-too-large.ts';
import frontmatterAliasLimit from './frontmatter-alias-limit.ts';
import frontmatterDuplicateKey from './frontmatter-duplicate-key.ts';
import frontmatterInvalidValue from './frontmatter-invalid-value.ts';
import frontmatterMissing from './frontmatter-missing.ts';
import frontmatterMissingField from './frontmatter-missing-field.ts';
import frontmatterNestingLimit from './frontmatter-nesting-limit.ts';
import frontmatterScheduleDates from './frontmatter-schedule-dates.ts';
import frontmatterTemplateInstruction from './frontmatter-template-instruction.ts';
import frontmatterTooLarge from './frontmatter-too-large.ts';
import frontmatterUnclosed from './frontmatter-unclosed.ts';
import frontmatterUnknownField from './frontmatter-unknown-field.ts';
import frontmatterYamlSyntax from './frontmatter-yaml-syntax.ts';
import catalogPageMarkdown from './catalog-page-markdown.ts';
import catalogServiceNumber from './catalog-service-number.ts';
import catalogUnknownCall from './catalog-unknown-call.ts';
import catalogUnknownService from './catalog-unknown-service.ts';
import bodyContentOutsideSection from './body-content-outside-section.ts';
import bodyDuplicateSection from './body-duplicate-section.ts';
import bodyEmptySection from './body-empty-section.ts';
import bodyFootnoteNested from './body-footnote-nested.ts';
import bodyImageMissing from './body-image-missing.ts';
import bodyImageOutsideFolder from './body-image-outside-folder.ts';
import bodyImageRemote from './body-image-remote.ts';
import bodyImageRotated from './body-image-rotated.ts';
import bodyImageTooComplex from './body-image-too-complex.ts';
import bodyImageType from './body-image-type.ts';
import bodyLinkUnsafe from './body-link-unsafe.ts';
import bodyMissingSection from './body-missing-section.ts';
import bodyNestingLimit from './body-nesting-limit.ts';
import bodyRawHtml from './body-raw-html.ts';
import bodySectionOrder from './body-section-order.ts';
import bodyTemplateInstruction from './body-template-instruction.ts';
import bodyTooComplex from './body-too-complex.ts';
import bodyUnknownSection from './body-unknown-section.ts';
import attachmentMissing from './attachment-missing.ts';
import attachmentOfficialLetterMissing from './attachment-official-letter-missing.ts';
import attachmentOutsideFolder from './attachment-outside-folder.ts';
import attachmentType from './attachment-type.ts';
import submissionConfirmation from './submission-confirmation.ts';
import submissionMissingField from './submission-missing-field.ts';
import submissionSignatures from './submission-signatures.ts';
import submissionStatusTransition from './submission-status-transition.ts';
import renderScriptUnsupported from './render-script-unsupported.ts';

/** All rules; the check runs those with a `check` in this order. */
export const rules: readonly Rule[] = [
  fileCannotProcess,
  fileEncoding,
  fileLocation,
  fileTooLarge,
  frontmatterAliasLimit,
  frontmatterDuplicateKey,
  frontmatterInvalidValue,
  frontmatterMissing,
  frontmatterMissingField,
  frontmatterNestingLimit,
  frontmatterScheduleDates,
  frontmatterTemplateInstruction,
  frontmatterTooLarge,
  frontmatterUnclosed,
  frontmatterUnknownField,
  frontmatterYamlSyntax,
  catalogPageMarkdown,
  catalogServiceNumber,
  catalogUnknownCall,
  catalogUnknownService,
  bodyContentOutsideSection,
  bodyDuplicateSection,
  bodyEmptySection,
  bodyFootnoteNested,
  bodyImageMissing,
  bodyImageOutsideFolder,
  bodyImageRemote,
  bodyImageRotated,
  bodyImageTooComplex,
  bodyImageType,
  bodyLinkUnsafe,
  bodyMissingSection,
  bodyNestingLimit,
  bodyRawHtml,
  bodySectionOrder,
  bodyTemplateInstruction,
  bodyTooComplex,
  bodyUnknownSection,
  attachmentMissing,
  attachmentOfficialLetterMissing,
  attachmentOutsideFolder,
  attachmentType,
  submissionConfirmation,
  submissionMissingField,
  submissionSignatures,
  submissionStatusTransition,
  renderScriptUnsupported,
];

/** The rule with `id`, or undefined. */
export function ruleById(id: string): Rule | undefined {
  return rules.find((rule) => rule.id === id);
}
