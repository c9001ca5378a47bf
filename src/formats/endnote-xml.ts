/**
 * EndNote XML (`<xml><records><record>…`), as written by EndNote 16–20, Mendeley and Zotero.
 * Each `<record>` is cut out of the text and parsed on its own: the line where it starts is known
 * without a position-tracking parser, a broken record costs only itself, and no DOCTYPE (so no
 * entity definition) ever reaches the XML parser.
 */
import { mapRecord } from './endnote-xml/map-record.js';
import { RecordXmlError, recordLeaves, type Leaf } from './endnote-xml/leaves.js';
import { FormatError, type FormatPlugin, type FormatWarning, type ParseResult, type ParsedRecord } from './types.js';

const ENDNOTE_ROOT = /^\s*(?:<\?xml[^>]{0,200}\?>\s*)?<xml>\s*<records>\s*(<record[\s>/]|<\/records>)/;

export function sniffEndnoteXml(text: string): number {
  const head = text.replace(/^\uFEFF/, '');
  const m = ENDNOTE_ROOT.exec(head);
  if (!m) return 0;
  return m[1]?.startsWith('<record') ? 0.95 : 0.9;
}

/** Next `<record>` start tag at or after `from` (not `<records>`), or -1. */
function nextRecordStart(text: string, from: number): number {
  let at = text.indexOf('<record', from);
  while (at >= 0) {
    const after = text.charCodeAt(at + 7);
    // '>', '/', space, tab, CR, LF
    if (after === 62 || after === 47 || after === 32 || after === 9 || after === 13 || after === 10) return at;
    at = text.indexOf('<record', at + 7);
  }
  return -1;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  // A bounded loop, not indexOf: on a single-line file indexOf would scan to the end every time.
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** The leaves of the record text[start, end) that starts on `line`; malformed XML is the user's FormatError. */
function leavesAt(text: string, start: number, end: number, line: number): Leaf[] {
  try {
    return recordLeaves(text.slice(start, end));
  } catch (error) {
    if (!(error instanceof RecordXmlError)) throw error;
    const at = error.offset !== undefined && error.offset <= end - start ? line + countNewlines(text, start, start + error.offset) : line;
    throw new FormatError(`the <record> starting on line ${line} is not well-formed XML (near line ${at}: ${error.message}); fix that record in a text editor or export the library again`, at);
  }
}

export function parseEndnoteXml(text: string): ParseResult {
  if (!/<records[\s>]/.test(text.slice(0, 64 * 1024))) {
    throw new FormatError('not an EndNote XML export: no <records> element near the start of the file', 1);
  }
  const records: ParsedRecord[] = [];
  const warnings: FormatWarning[] = [];
  let line = 1;
  let counted = 0;
  let start = nextRecordStart(text, 0);
  // The next `</record>` is looked up again only once a record starts after it: with none left,
  // searching to the end of the file for every record would be quadratic.
  let close = -2;
  while (start >= 0) {
    line += countNewlines(text, counted, start);
    counted = start;
    if (close === -2 || (close >= 0 && close < start)) close = text.indexOf('</record>', start);
    const next = nextRecordStart(text, start + 7);
    let end: number;
    if (close < 0 || (next >= 0 && next < close)) {
      // No end tag before the next record: parse what is there, so its fields are not lost.
      end = next >= 0 ? next : text.length;
      warnings.push({ code: 'missing-end', message: 'a <record> has no </record> before the next record or the end of the file; read what it holds', line });
    } else {
      end = close + '</record>'.length;
    }
    const record = mapRecord(leavesAt(text, start, end, line), line);
    if (record.raw.length === 0) warnings.push({ code: 'empty-record', message: 'an empty <record> was skipped', line });
    else records.push(record);
    start = nextRecordStart(text, end);
  }
  return { records, warnings };
}

export const endnoteXml: FormatPlugin = {
  id: 'endnote-xml',
  label: 'EndNote XML',
  sniff: sniffEndnoteXml,
  parse: parseEndnoteXml,
};
