/**
 * RIS, as every database and reference manager writes it (EBSCOhost, Ovid, Embase.com, Scopus, WoS,
 * ProQuest, Cochrane, PubMed via Zotero/EndNote, Rayyan, Covidence, Citavi, Lens, EPPI-Reviewer…).
 * Tolerant by design: separator variants, junk between records, missing ER, continuation lines and
 * tags flattened into values are all read, and anything odd is reported as a warning with its line.
 */
import { mapRecord } from './ris/map-record.js';
import { sniffRis } from './ris/sniff.js';
import { splitRecords } from './ris/blocks.js';
import { FormatError, type FormatPlugin, type FormatWarning, type ParseResult } from './types.js';

export const risFormat: FormatPlugin = {
  id: 'ris',
  label: 'RIS',
  sniff: sniffRis,
  parse: (text) => parseRis([text]),
  parseChunks: parseRis,
};

function parseRis(chunks: readonly string[]): ParseResult {
  const warnings: FormatWarning[] = [];
  const pieces = chunks.map((c, i) => (i === 0 ? c.replace(/^\uFEFF/, '') : c));
  const { blocks, sawType } = splitRecords(pieces, warnings);
  if (!sawType && chunks.some((c) => c.trim() !== '')) {
    throw new FormatError('no RIS record found: expected a line like "TY  - JOUR" to start each record', firstContentLine(chunks.join('')));
  }
  return { records: blocks.map((b) => mapRecord(b, warnings)), warnings };
}

function firstContentLine(text: string): number {
  const lines = text.split(/\r\n|\n/);
  const i = lines.findIndex((l) => l.trim() !== '');
  return i < 0 ? 1 : i + 1;
}
