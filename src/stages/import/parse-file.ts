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

/** Decode, sniff and parse one export. Throws FormatError (with a line where known) on unusable input. */
export function parseExport(bytes: Uint8Array, fileName: string, forcedFormat?: string): ParsedFile {
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
  const result = plugin.parseChunks ? plugin.parseChunks(chunks) : plugin.parse(chunks.length === 1 ? (chunks[0] as string) : chunks.join(''));
  return {
    format: plugin.id,
    formatLabel: plugin.label,
    encoding: decoded.encoding + (decoded.bom ? ' (BOM)' : ''),
    records: result.records,
    warnings: [...decoded.warnings, ...result.warnings],
  };
}
