import { internTag, scanTagName, type TagRange } from '../tagged/byte-tags.js';
import { trimEndBytes } from '../tagged/utf8-text.js';

/**
 * What a RIS line looks like, shared by sniffing and parsing. Real exports vary the separator:
 * `XX  - v` (standard), `XX  -  v` (Cochrane, Ovid), `XX  -` (empty value, `ER` without a trailing
 * space), `XX - v` (single space, Zotero RIS case 4), and 3–4 letter tags such as `PMID  - ` (APA PsycNet).
 */

/**
 * Group 1 = tag, group 2 = value (undefined for a bare `XX  -`). The value is `[^]*`, not `.*`: a title
 * holding U+2028 (Taylor & Francis, Zotero RIS case 6) would not match `.` and the line would be lost.
 */
export const RIS_LINE = /^([A-Z][A-Z0-9]{1,3}) {1,2}-(?: +([^]*))?$/;

/**
 * RIS_LINE without a regex (it runs on every line of the file), on the UTF-8 line bytes[start, end):
 * fills `out` with the tag and the bounds of the value with trailing white space left out, and
 * returns true, or returns false where RIS_LINE does not match.
 */
export function matchRisLine(bytes: Uint8Array, start: number, end: number, out: TagRange): boolean {
  if (end - start < 4) return false;
  const tagEnd = scanTagName(bytes, start, end, 4);
  if (tagEnd < start + 2) return false;
  let i = tagEnd;
  while (i < end && i < tagEnd + 2 && bytes[i] === SPACE) i++;
  if (i === tagEnd || i === end || bytes[i] !== DASH) return false;
  i++;
  if (i < end) {
    if (bytes[i] !== SPACE) return false;
    while (i < end && bytes[i] === SPACE) i++;
  }
  out.tag = internTag(bytes, start, tagEnd);
  out.valueStart = i;
  out.valueEnd = trimEndBytes(bytes, i, end);
  return true;
}

const SPACE = 32;
const DASH = 45;

/**
 * A RIS tag flattened into another field's value, as Rayyan writes the Embase URL:
 * `…&from=export     U2  - L2029880245`. Two spaces or more before a 2-character tag and exactly
 * "  - " after it; prose never looks like that.
 */
export const LEAKED_TAG = / {2,}([A-Z][A-Z0-9])  - /g;

/**
 * Lines that exporters put between records and that carry no data: Ovid record numbers ("1.", "2. "),
 * Cochrane "Record #3 of 18 / Provider: … / Content: …" blocks, the APA PsycNet header
 * ("Provider / Database / Content") and Ovid's "Link to the Ovid Full Text or citation:" line.
 */
const KNOWN_JUNK = /^(?:\d+\.|Record #\d+ of \d+|(?:Provider|Database|Content): .*|Link to the Ovid Full Text or citation: .*)$/;

export function isKnownJunk(line: string): boolean {
  return KNOWN_JUNK.test(line.trim());
}
