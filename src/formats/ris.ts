/**
 * RIS, as every database and reference manager writes it (EBSCOhost, Ovid, Embase.com, Scopus, WoS,
 * ProQuest, Cochrane, PubMed via Zotero/EndNote, Rayyan, Covidence, Citavi, Lens, EPPI-Reviewer…).
 * Tolerant by design: separator variants, junk between records, missing ER, continuation lines and
 * tags flattened into values are all read, and anything odd is reported as a warning with its line.
 */
import { mapRecord } from './ris/map-record.js';
import { sniffRis } from './ris/sniff.js';
import { splitRecords } from './ris/blocks.js';
import { collectRecords, FormatError, type FormatPlugin, type FormatWarning, type ParsedRecord } from './types.js';

export const risFormat: FormatPlugin = {
  id: 'ris',
  label: 'RIS',
  sniff: sniffRis,
  parse: (text) => collectRecords((onRecord) => parseRis([text], onRecord)),
  parseEachChunk: parseRis,
};

function parseRis(chunks: readonly string[], onRecord: (record: ParsedRecord) => void): { warnings: FormatWarning[] } {
  const warnings: FormatWarning[] = [];
  const pieces = chunks.map((c, i) => (i === 0 ? c.replace(/^\uFEFF/, '') : c));
  // Blocks are mapped as they complete; their warnings are kept apart so that every splitting warning
  // still comes before every mapping warning, as when all blocks were split first.
  const mapWarnings: FormatWarning[] = [];
  const { sawType } = splitRecords(pieces, warnings, (block) => onRecord(mapRecord(block, mapWarnings)));
  if (!sawType && chunks.some((c) => c.trim() !== '')) {
    throw new FormatError('no RIS record found: expected a line like "TY  - JOUR" to start each record', firstContentLine(chunks.join('')));
  }
  for (const w of mapWarnings) warnings.push(w);
  return { warnings };
}

function firstContentLine(text: string): number {
  const lines = text.split(/\r\n|\n/);
  const i = lines.findIndex((l) => l.trim() !== '');
  return i < 0 ? 1 : i + 1;
}
