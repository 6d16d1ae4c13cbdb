import {photoOrientation, renderCostProblem} from '../image-limits.ts';
import {contentProblem} from '../local-file.ts';
import {quoted, type Rule} from '../rule.ts';

/**
 * A JPEG's start: an EXIF segment declaring `orientation` (big-endian TIFF, one IFD entry),
 * then a frame header of 400 by 300 pixels, so the other image rules can read its size.
 */
function jpegWithOrientation(orientation: number): string {
  const tiff = Buffer.from([0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0]);
  const exif = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, 0, exif.length + 2]), exif]);
  const frame = Buffer.from([0xff, 0xc0, 0, 11, 8, 0x01, 0x2c, 0x01, 0x90, 1, 1, 0x11, 0]);
  return `base64:${Buffer.concat([Buffer.from([0xff, 0xd8]), app1, frame]).toString('base64')}`;
}

const body = '## III.4 Existing systems\n\n![The current monitoring station](station.jpg)\n';

const rule: Rule = {
  id: 'body-image-rotated',
  title: 'Photos are stored upright',
  severity: 'warning',
  description:
    'Phones often store a photo on its side and add a note (the EXIF orientation) saying how to turn it. The PDF version turns it upright, but Word and LibreOffice may show it as stored, on its side. Open the photo in an image editor, rotate it upright and save it again (or export it as a new JPEG).',
  examples: [
    {title: 'A photo stored upright', valid: true, body, files: {'station.jpg': jpegWithOrientation(1)}},
    {title: 'A portrait photo stored on its side', valid: false, body, files: {'station.jpg': jpegWithOrientation(6)}, messages: ['Unexpected photo `station.jpg` stored turned or mirrored (EXIF orientation 6): the PDF shows it upright, Word and LibreOffice may not; rotate it upright in an image editor and save it again']},
  ],
  check({images, report}) {
    for (const image of images) {
      const resolved = image.reference;
      if (resolved.kind !== 'inside' || image.state !== 'ok' || contentProblem(resolved.absolute) || renderCostProblem(resolved.absolute)) continue;
      const orientation = photoOrientation(resolved.absolute);
      if (orientation !== 1) report(rule, `Unexpected photo ${quoted(image.url)} stored turned or mirrored (EXIF orientation ${orientation}): the PDF shows it upright, Word and LibreOffice may not; rotate it upright in an image editor and save it again`, image.position);
    }
  },
};
export default rule;
