import { decodeInput, type DecodedInput } from '../../formats/decode.js';
import { detectFormat, findFormat, FORMATS } from '../../formats/index.js';
import type { RawFieldBytes } from '../../formats/tagged/raw-fields.js';
import { Utf8Text } from '../../formats/tagged/utf8-text.js';
import { FormatError, type FormatPlugin, type FormatWarning, type ParsedRecord } from '../../formats/types.js';

export interface ParsedFile {
  format: string;
  formatLabel: string;
  encoding: string;
  records: ParsedRecord[];
  warnings: FormatWarning[];
}

/** What parseExportEach tells about a file once every record has been handed over. */
export type ParsedFileInfo = Omit<ParsedFile, 'records'> & { recordCount: number };

export interface ParseEachOptions {
  /**
   * Hand over the raw fields of byte-level plug-ins (RIS, MEDLINE) as bytes: `record.raw` stays
   * empty and `rawBytes` holds them, for a writer that copies them without decoding.
   */
  rawAsBytes?: boolean;
}

/** An export decoded (lazily) and matched to the plug-in that reads it. */
export interface OpenedExport {
  input: DecodedInput;
  plugin: FormatPlugin;
}

/** Decode and sniff one export (or take the forced format). Throws FormatError on unusable input. */
export function openExport(bytes: Uint8Array, fileName: string, forcedFormat: string | undefined): OpenedExport {
  const input = decodeInput(bytes);
  if (forcedFormat) {
    const plugin = findFormat(forcedFormat);
    if (!plugin) throw new FormatError(`format "${forcedFormat}" (forced for this source in review.json) is not a format id; use one of ${FORMATS.map((f) => f.id).join(', ')}, or re-import with --format auto`);
    return { input, plugin };
  }
  return { input, plugin: detectFormat(input.head, fileName).plugin };
}

/** Decode, sniff and parse one export. Throws FormatError (with a line where known) on unusable input. */
export function parseExport(bytes: Uint8Array, fileName: string, forcedFormat?: string): ParsedFile {
  const records: ParsedRecord[] = [];
  const { recordCount: _count, ...info } = parseExportEach(bytes, fileName, forcedFormat, (r) => records.push(r));
  return { ...info, records };
}

/**
 * parseExport that hands each record to `onRecord` in file order instead of returning them all:
 * with plug-ins that map records one at a time, a large file's mapped records are never all alive.
 * `format` is the id of the plug-in that parses the file; `rawBytes` is set only with `rawAsBytes`.
 */
export function parseExportEach(
  bytes: Uint8Array,
  fileName: string,
  forcedFormat: string | undefined,
  onRecord: (record: ParsedRecord, format: string, rawBytes: RawFieldBytes | undefined) => void,
  options: ParseEachOptions = {},
): ParsedFileInfo {
  const { input, plugin } = openExport(bytes, fileName, forcedFormat);
  let recordCount = 0;
  let warnings: FormatWarning[];
  if (plugin.parseBytes) {
    const id = plugin.id;
    const parsed = plugin.parseBytes(new Utf8Text(input.utf8()), (record, rawBytes) => {
      recordCount++;
      if (options.rawAsBytes) {
        onRecord(record, id, rawBytes);
      } else {
        record.raw = rawBytes.toFields();
        onRecord(record, id, undefined);
      }
    });
    warnings = [...parsed.warnings, ...parsed.trailingWarnings];
  } else {
    const result = plugin.parse(input.text());
    const records = result.records as (ParsedRecord | undefined)[];
    recordCount = records.length;
    for (let i = 0; i < records.length; i++) {
      const record = records[i] as ParsedRecord;
      // Let each record go once handed over rather than when the whole file is done.
      records[i] = undefined;
      onRecord(record, plugin.id, undefined);
    }
    warnings = result.warnings;
  }
  return {
    format: plugin.id,
    formatLabel: plugin.label,
    encoding: input.encoding + (input.bom ? ' (BOM)' : ''),
    recordCount,
    warnings: [...input.warnings, ...warnings],
  };
}
