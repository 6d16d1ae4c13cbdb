import {crc32} from 'node:zlib';
import {renderCostProblem} from '../image-limits.ts';
import {contentProblem, extensionOf} from '../local-file.ts';
import {quoted, type Rule} from '../rule.ts';

const accepted = new Set(['.png', '.jpg', '.jpeg', '.svg']);

/**
 * The first 33 bytes of a PNG that declares `width` by `height` pixels: all the check reads, so
 * the examples need no large file.
 */
function pngHeader(width: number, height: number): string {
  const ihdr = Buffer.alloc(17);
  ihdr.write('IHDR', 0, 'latin1');
  ihdr.writeUInt32BE(width, 4);
  ihdr.writeUInt32BE(height, 8);
  ihdr.set([8, 6, 0, 0, 0], 12); // 8-bit RGBA
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(ihdr));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), ihdr, crc]).toString('base64');
}

/** A JPEG's start, up to its frame header (SOF0), declaring `width` by `height` pixels. */
function jpegHeader(width: number, height: number): string {
  const frame = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0, 0, 0, 0, 1, 1, 0x11, 0]);
  frame.writeUInt16BE(height, 13);
  frame.writeUInt16BE(width, 15);
  return frame.toString('base64');
}

const svg = (inner: string, size = 'width="200" height="100"') => `<svg xmlns="http://www.w3.org/2000/svg" ${size}>${inner}</svg>`;

/** Ten uses of the previous group, five levels deep: 100,000 squares from a few hundred bytes. */
const useBomb = svg(
  `<defs><rect id="l0" width="1" height="1"/>${[1, 2, 3, 4, 5].map((level) => `<g id="l${level}">${`<use href="#l${level - 1}"/>`.repeat(10)}</g>`).join('')}</defs><use href="#l5"/>`,
);

/** The same, with a one-square decoy after each level under its id: a renderer that takes the first of two alike ids still draws 100,000. */
const decoyBomb = svg(
  `<defs><rect id="l0" width="1" height="1"/>${[1, 2, 3, 4, 5].map((level) => `<g id="l${level}">${`<use href="#l${level - 1}"/>`.repeat(10)}</g><rect id="l${level}" width="1" height="1"/>`).join('')}</defs><use href="#l5"/>`,
);

/** An Illustrator-style export: a style sheet with a filter class that no shape uses, and 120 shapes. */
const unusedFilterClass = svg(`<style type="text/css">.st0{fill:#cde;}.st1{filter:url(#Adobe_OpacityMaskFilter);}</style>${Array.from({length: 120}, (_, i) => `<rect class="st0" x="${i}" width="1" height="1"/>`).join('')}`);

/** The most pictures one proposal may show. */
const maxPictures = 200;

const body = (file: string) => `## IV.2 Conceptual diagram\n\n![Diagram](${file})\n`;
const tooLarge = 'more than the 40 megapixels (or 12000 pixels a side) that can be printed: make it smaller';

const rule: Rule = {
  id: 'body-image-too-complex',
  title: 'Images are small and simple enough to print',
  severity: 'error',
  description:
    'The Word and PDF versions of the PCP hold every picture at its full size, so a picture may have at most 40 megapixels and 12,000 pixels a side (a full A4 page at 300 dpi has under 9 megapixels). A small file can still declare a huge picture, so the size written in the file counts, and so do pictures embedded in an SVG. An SVG may be at most 100,000 units on a side and 100 times as long as it is wide, may not copy its shapes (with `use`) into more than 50,000 elements, and may not use filters that take minutes to draw (a large feMorphology radius, feConvolveMatrix order, feTurbulence octave count or blur, a filter region over twice its shape, or filters on more than 100 elements). A proposal may show at most 200 pictures. Export the picture again at a smaller size, or simplify it.',
  examples: [
    {title: 'Two hundred and one pictures', valid: false, body: `## IV.2 Conceptual diagram\n\n${Array.from({length: 201}, () => '![Diagram](diagram.svg)').join('\n\n')}\n`, files: {'diagram.svg': svg('<rect width="10" height="10"/>')}, messages: ['Unexpected 201 pictures: a PCP may show at most 200, and this is the first one over']},
    {title: 'A photo of 4000 by 3000 pixels', valid: true, body: body('photo.jpg'), files: {'photo.jpg': `base64:${jpegHeader(4000, 3000)}`}},
    {title: 'An SVG diagram with a drop shadow', valid: true, body: body('diagram.svg'), files: {'diagram.svg': svg('<filter id="s"><feGaussianBlur stdDeviation="2"/></filter><rect width="50" height="20" filter="url(#s)"/>')}},
    {title: 'An exported diagram whose style sheet has a filter class no shape uses', valid: true, body: body('diagram.svg'), files: {'diagram.svg': unusedFilterClass}},
    {title: 'A PNG that declares 20,000 by 20,000 pixels', valid: false, body: body('diagram.png'), files: {'diagram.png': `base64:${pngHeader(20_000, 20_000)}`}, messages: [`Unexpected image \`diagram.png\`: it is 20000 by 20000 pixels, ${tooLarge}`]},
    {title: 'A JPEG 15,000 pixels wide', valid: false, body: body('photo.jpg'), files: {'photo.jpg': `base64:${jpegHeader(15_000, 100)}`}, messages: [`Unexpected image \`photo.jpg\`: it is 15000 by 100 pixels, ${tooLarge}`]},
    {title: 'A JPEG cut short before its size', valid: false, body: body('photo.jpg'), files: {'photo.jpg': 'base64:/9j/4AAQSkZJRgABAQ=='}, messages: ['Unexpected image `photo.jpg`: its size in pixels cannot be read: the file may be cut short or damaged']},
    {title: 'An SVG that embeds a PNG of 20,000 by 20,000 pixels', valid: false, body: body('diagram.svg'), files: {'diagram.svg': svg(`<image width="10" height="10" href="data:image/png;base64,${pngHeader(20_000, 20_000)}"/>`)}, messages: [`Unexpected image \`diagram.svg\`: the SVG embeds a picture that is 20000 by 20000 pixels, ${tooLarge}`]},
    {title: 'An SVG one unit wide and a billion high', valid: false, body: body('diagram.svg'), files: {'diagram.svg': svg('<rect width="1" height="1000000000"/>', 'width="1" height="1000000000"')}, messages: ['Unexpected image `diagram.svg`: the SVG declares a side of more than 100000 units: make it smaller']},
    {title: 'An SVG 200 times as tall as it is wide', valid: false, body: body('diagram.svg'), files: {'diagram.svg': svg('<rect width="10" height="2000"/>', 'viewBox="0 0 10 2000"')}, messages: ['Unexpected image `diagram.svg`: the SVG is more than 100 times as long as it is wide, so it cannot be printed: change its width, height or viewBox']},
    {title: 'An SVG that copies a square 100,000 times', valid: false, body: body('diagram.svg'), files: {'diagram.svg': useBomb}, messages: ['Unexpected image `diagram.svg`: the SVG repeats its shapes (with use) into more than 50000 elements, or in a loop: simplify it']},
    {title: 'An SVG that hides its copies behind elements with the same id', valid: false, body: body('diagram.svg'), files: {'diagram.svg': decoyBomb}, messages: ['Unexpected image `diagram.svg`: the SVG repeats its shapes (with use) into more than 50000 elements, or in a loop: simplify it']},
    {title: 'An SVG whose shapes use each other in a loop', valid: false, body: body('diagram.svg'), files: {'diagram.svg': svg('<g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g>')}, messages: ['Unexpected image `diagram.svg`: the SVG repeats its shapes (with use) into more than 50000 elements, or in a loop: simplify it']},
    {title: 'An SVG with a morphology filter of radius 1000', valid: false, body: body('diagram.svg'), files: {'diagram.svg': svg('<filter id="f"><feMorphology radius="1000"/></filter><rect width="200" height="100" filter="url(#f)"/>')}, messages: ['Unexpected image `diagram.svg`: the SVG has a filter with an feMorphology radius over 10, which would take too long to print: use a smaller value']},
    {title: 'An SVG with a blur over a region 100 times its shape', valid: false, body: body('diagram.svg'), files: {'diagram.svg': svg('<filter id="f" x="-50" y="-50" width="100" height="100"><feGaussianBlur stdDeviation="5"/></filter><rect width="200" height="100" filter="url(#f)"/>')}, messages: ['Unexpected image `diagram.svg`: the SVG has a filter whose region is more than 2 times the shape it applies to: make it smaller']},
  ],
  check({images, report}) {
    // Every picture costs the DOCX a drawing (10,000 took 47 s and 1 GB): a PCP has a handful.
    if (images.length > maxPictures) report(rule, `Unexpected ${images.length} pictures: a PCP may show at most ${maxPictures}, and this is the first one over`, images[maxPictures]!.position);
    for (const image of images) {
      const resolved = image.reference;
      if (resolved.kind !== 'inside' || image.state !== 'ok') continue;
      // A wrong format or content is body-image-type's to report, once.
      if (!accepted.has(extensionOf(resolved.absolute)) || contentProblem(resolved.absolute)) continue;
      const problem = renderCostProblem(resolved.absolute);
      if (problem) report(rule, `Unexpected image ${quoted(image.url)}: ${problem}`, image.position);
    }
  },
};
export default rule;
