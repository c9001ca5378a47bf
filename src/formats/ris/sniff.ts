/**
 * RIS detection from content. A RIS file starts with `TY  - ` once blank lines and known junk
 * (record numbers, Cochrane/PsycNet header blocks) are skipped. Look-alikes must score low:
 * MEDLINE (`PMID- `, 4-column tags) and Ovid "complete reference" files share the `XX  - ` shape but
 * have no TY; WoS plain text uses `PT J` (tag + one space); EndNote tagged uses `%0`.
 */
import { isKnownJunk, RIS_LINE } from './lines.js';

/** How many lines of preamble may precede the first TY before we stop calling the file clear RIS. */
const MAX_PREAMBLE_LINES = 12;
const LINES_TO_READ = 60;

export function sniffRis(text: string): number {
  const head = text.replace(/^\uFEFF/, '').slice(0, 16 * 1024);
  const lines = head.split(/\r\n|\r|\n/, LINES_TO_READ);
  let preamble = 0;
  let unknownPreamble = 0;
  let tyIndex = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const m = RIS_LINE.exec(line);
    if (m?.[1] === 'TY') {
      tyIndex = i;
      break;
    }
    // A MEDLINE tag before any TY means a PubMed file, whatever its name says.
    if (/^[A-Z]{2,4} ?- /.test(line) && /^(?:PMID|OWN|STAT|FAU)\b/.test(line)) return 0;
    preamble++;
    if (!isKnownJunk(line)) unknownPreamble++;
    if (preamble > MAX_PREAMBLE_LINES * 3) return 0;
  }
  if (tyIndex < 0) return 0;
  // What follows TY must look like RIS too: count tagged lines among the next few non-blank ones.
  let tagged = 0;
  let seen = 0;
  for (let i = tyIndex + 1; i < lines.length && seen < 12; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    seen++;
    if (RIS_LINE.test(line)) tagged++;
  }
  const shapeOk = tagged >= 2 || (seen > 0 && tagged === seen);
  if (!shapeOk) return 0.3;
  if (unknownPreamble === 0 && preamble <= MAX_PREAMBLE_LINES) return 0.9;
  return unknownPreamble <= 3 ? 0.75 : 0.5;
}
