/**
 * Size caps. A real PCP's Markdown is tens of kilobytes and its frontmatter about two; the caps
 * leave ample room and keep a hostile file from costing more than a fraction of a second.
 */
export const limits = {
  /** Bytes of one proposal.md, service file or call.yaml. */
  fileBytes: 2 * 1024 * 1024,
  /** Characters of the frontmatter between the `---` lines. */
  frontmatterChars: 64 * 1024,
  /** Levels of nested lists and maps in the frontmatter (a real one has four). */
  nestingDepth: 16,
  /** Alias nodes (`*name`) in the frontmatter; a real proposal needs none. */
  aliases: 16,
  /** Expanded alias references when the frontmatter is turned into data. */
  aliasExpansion: 100,
} as const;
