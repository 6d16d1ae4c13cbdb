/**
 * Size caps. A real PCP's Markdown is tens of kilobytes and its frontmatter about two; the caps
 * leave ample room and keep a hostile file from costing more than a fraction of a second.
 */
export const limits = {
  /**
   * Bytes of one proposal.md, service file or call.yaml. A full PCP is about 60 KB; Markdown
   * parsing runs at roughly 0.3 MB/s on hostile input, so 512 KB keeps the worst file near 1.5 s.
   */
  fileBytes: 512 * 1024,
  /** Characters of the frontmatter between the `---` lines. */
  frontmatterChars: 64 * 1024,
  /** Levels of nested lists and maps in the frontmatter (a real one has four). */
  nestingDepth: 16,
  /** Alias nodes (`*name`) in the frontmatter; a real proposal needs none. */
  aliases: 16,
  /** Expanded alias references when the frontmatter is turned into data. */
  aliasExpansion: 100,
  /** Nested quotes and list items on one line of the body (two columns of indentation count as one). */
  bodyNesting: 32,
  /**
   * Characters of one paragraph or table (a run of lines without a blank line). Tables parse at
   * about 15 µs a character here, so 48 KB stays under a second; a real one is a few KB.
   */
  bodyBlockChars: 48 * 1024,
  /**
   * Sum over the body's blocks of the square of their emphasis and bracket characters
   * (`* _ ~ [ ]`). The Markdown parser matches these pairwise within a block, so its time grows
   * with this sum (about 14 ns a unit here); a real proposal scores under 100,000.
   */
  bodyDelimiterWork: 4_000_000,
} as const;
