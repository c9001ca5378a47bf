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

export interface TagLine {
  tag: string;
  /** The value with trailing white space removed ("" for a bare `XX  -`). */
  value: string;
}

/**
 * RIS_LINE without a regex (it runs on every line of the file): the same tag, and the value with
 * trailing white space trimmed, or undefined where RIS_LINE does not match.
 */
export function matchRisLine(line: string): TagLine | undefined {
  const n = line.length;
  if (n < 4 || !isUpper(line.charCodeAt(0))) return undefined;
  let i = 1;
  while (i < n && i < 4 && isUpperOrDigit(line.charCodeAt(i))) i++;
  if (i < 2) return undefined;
  const tagEnd = i;
  while (i < n && i < tagEnd + 2 && line.charCodeAt(i) === SPACE) i++;
  if (i === tagEnd || line.charCodeAt(i) !== DASH) return undefined;
  i++;
  if (i === n) return { tag: line.slice(0, tagEnd), value: '' };
  if (line.charCodeAt(i) !== SPACE) return undefined;
  while (i < n && line.charCodeAt(i) === SPACE) i++;
  return { tag: line.slice(0, tagEnd), value: trimEndFast(line.slice(i)) };
}

const SPACE = 32;
const DASH = 45;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isUpperOrDigit = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 48 && c <= 57);

/** trimEnd, skipped when the last character cannot be white space (almost every value). */
export function trimEndFast(value: string): string {
  const last = value.charCodeAt(value.length - 1);
  return last <= 32 || last >= 0x80 ? value.trimEnd() : value;
}

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
