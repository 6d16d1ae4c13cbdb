import type {Rule} from '../rule.ts';

/**
 * Reported by the PDF renderer, not the check: its examples are the render tests'
 * (test/render.test.ts), since they need a rendered PDF.
 */
const rule: Rule = {
  id: 'render-script-unsupported',
  title: 'The PDF can shape every script the proposal uses',
  severity: 'warning',
  description:
    'The PDF version prints Latin (with Vietnamese diacritics), Cyrillic, Korean, Khmer, Lao and Thai with the right glyphs. Myanmar (whose vowels must be reordered) and right-to-left scripts (Arabic, Hebrew) cannot be shaped correctly by the PDF engine, and no emoji font is bundled. Instead of garbled text or empty boxes, the PDF prints a note pointing to the DOCX version (which Word and LibreOffice shape correctly) in place of that stretch of text, keeping the rest of the sentence, and this warning names the section, or points at the first such character in the frontmatter. Text inside an SVG picture is set in the font of its script where no shaping is needed (Korean, symbols); SVG text in Khmer, Thai, Lao or the scripts above cannot be shaped there and gets this warning too.',
  examples: [],
};
export default rule;
