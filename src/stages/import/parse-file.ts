import { decodeBytes } from '../../formats/decode.js';
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
  const decoded = decodeBytes(bytes);
  const text = decoded.text.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new FormatError('the file holds only white space; export it again', 1);
  let plugin;
  if (forcedFormat) {
    plugin = findFormat(forcedFormat);
    if (!plugin) throw new FormatError(`--format ${forcedFormat}: no such format plug-in`);
  } else {
    plugin = detectFormat(text, fileName).plugin;
  }
  const result = plugin.parse(text);
  return {
    format: plugin.id,
    formatLabel: plugin.label,
    encoding: decoded.encoding + (decoded.bom ? ' (BOM)' : ''),
    records: result.records,
    warnings: [...decoded.warnings, ...result.warnings],
  };
}
