import { decodeInChunks } from '../../formats/decode.js';
import { detectFormat, findFormat } from '../../formats/index.js';
import { FormatError, type FormatWarning, type ParsedRecord } from '../../formats/types.js';

export interface ParsedFile {
  format: string;
  formatLabel: string;
  encoding: string;
  records: ParsedRecord[];
  warnings: FormatWarning[];
}

/** What parseExportEach tells about a file once every record has been handed over. */
export type ParsedFileInfo = Omit<ParsedFile, 'records'> & { recordCount: number };

/** Decode, sniff and parse one export. Throws FormatError (with a line where known) on unusable input. */
export function parseExport(bytes: Uint8Array, fileName: string, forcedFormat?: string): ParsedFile {
  const records: ParsedRecord[] = [];
  const { recordCount: _count, ...info } = parseExportEach(bytes, fileName, forcedFormat, (r) => records.push(r));
  return { ...info, records };
}

/**
 * parseExport that hands each record to `onRecord` in file order instead of returning them all:
 * with plug-ins that map records one at a time, a large file's mapped records are never all alive.
 * `format` is the id of the plug-in that parses the file.
 */
export function parseExportEach(bytes: Uint8Array, fileName: string, forcedFormat: string | undefined, onRecord: (record: ParsedRecord, format: string) => void): ParsedFileInfo {
  const decoded = decodeInChunks(bytes);
  const chunks = decoded.chunks;
  chunks[0] = (chunks[0] as string).replace(/^\uFEFF/, '');
  if (chunks.every((c) => c.trim() === '')) throw new FormatError('the file holds only white space; export it again', 1);
  let plugin;
  if (forcedFormat) {
    plugin = findFormat(forcedFormat);
    if (!plugin) throw new FormatError(`--format ${forcedFormat}: no such format plug-in`);
  } else {
    // Sniffing reads only the start of the text, and the first piece is far longer than that.
    plugin = detectFormat(chunks[0] as string, fileName).plugin;
  }
  let recordCount = 0;
  let warnings: FormatWarning[];
  if (plugin.parseEachChunk) {
    warnings = plugin.parseEachChunk(chunks, (record) => {
      recordCount++;
      onRecord(record, plugin.id);
    }).warnings;
  } else {
    const result = plugin.parse(chunks.length === 1 ? (chunks[0] as string) : chunks.join(''));
    const records = result.records as (ParsedRecord | undefined)[];
    recordCount = records.length;
    for (let i = 0; i < records.length; i++) {
      const record = records[i] as ParsedRecord;
      // Let each record go once handed over rather than when the whole file is done.
      records[i] = undefined;
      onRecord(record, plugin.id);
    }
    warnings = result.warnings;
  }
  return {
    format: plugin.id,
    formatLabel: plugin.label,
    encoding: decoded.encoding + (decoded.bom ? ' (BOM)' : ''),
    recordCount,
    warnings: [...decoded.warnings, ...warnings],
  };
}
