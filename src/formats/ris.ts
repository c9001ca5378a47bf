/**
 * RIS, as every database and reference manager writes it (EBSCOhost, Ovid, Embase.com, Scopus, WoS,
 * ProQuest, Cochrane, PubMed via Zotero/EndNote, Rayyan, Covidence, Citavi, Lens, EPPI-Reviewer…).
 * Tolerant by design: separator variants, junk between records, missing ER, continuation lines and
 * tags flattened into values are all read, and anything odd is reported as a warning with its line.
 */
import { mapRecord } from './ris/map-record.js';
import { sniffRis } from './ris/sniff.js';
import { countRecords, risPartStart, splitRecords } from './ris/blocks.js';
import { forEachByteLine } from './tagged/byte-lines.js';
import type { RawFieldBytes } from './tagged/raw-fields.js';
import { trimEndBytes, trimStartBytes, type Utf8Text } from './tagged/utf8-text.js';
import { FormatError, parseTextAsBytes, type BytesParse, type FormatPlugin, type FormatWarning, type ParsedRecord, type TextPart } from './types.js';

export const risFormat: FormatPlugin = {
  id: 'ris',
  label: 'RIS',
  sniff: sniffRis,
  parse: (text) => parseTextAsBytes(parseRis, text),
  parseBytes: parseRis,
  partStart: risPartStart,
};

function parseRis(text: Utf8Text, onRecord: ((record: ParsedRecord, rawBytes: RawFieldBytes) => void) | undefined, part?: TextPart): BytesParse {
  const warnings: FormatWarning[] = [];
  // Blocks are mapped as they complete; their warnings are kept apart so that every splitting warning
  // still comes before every mapping warning, as when all blocks were split first.
  const mapWarnings: FormatWarning[] = [];
  const { sawType, count, nextLine } = onRecord
    ? splitRecords(text, warnings, (block) => onRecord(mapRecord(block, mapWarnings), block.fields), part)
    : countRecords(text, part);
  if (!sawType && !part) {
    const line = firstContentLine(text);
    if (line !== undefined) throw new FormatError('no RIS record found: expected a line like "TY  - JOUR" to start each record', line);
  }
  return { warnings, trailingWarnings: mapWarnings, records: count, nextLine };
}

/** The number of the first line that is not blank, or undefined for a blank text. */
function firstContentLine(text: Utf8Text): number | undefined {
  const bytes = text.bytes;
  let found: number | undefined;
  forEachByteLine(bytes, (start, end, line) => {
    if (found !== undefined) return;
    const from = trimStartBytes(bytes, start, end);
    if (trimEndBytes(bytes, from, end) > from) found = line;
  });
  return found;
}
