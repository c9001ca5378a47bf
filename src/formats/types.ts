import type { BibFields, RawField } from '../model/record.js';
import type { RawFieldBytes } from './tagged/raw-fields.js';
import { Utf8Text } from './tagged/utf8-text.js';

/** A record as a format plug-in returns it: fields, raw tags and where it started in the file. */
export interface ParsedRecord extends Partial<BibFields> {
  authors: NonNullable<BibFields['authors']>;
  issn: string[];
  isbn: string[];
  keywords: string[];
  raw: RawField[];
  /** 1-based line in the decoded text where the record starts. */
  line: number;
}

export type WarningCode =
  | 'untagged-line'
  | 'leaked-tag'
  | 'truncated-value'
  | 'encoding-repaired'
  | 'missing-end'
  | 'unbalanced-quotes'
  | 'ragged-row'
  | 'unknown-column'
  | 'empty-record'
  | 'unparsed-value'
  | 'other';

export interface FormatWarning {
  code: WarningCode;
  message: string;
  /** 1-based line in the file, when known. */
  line?: number;
}

export interface ParseResult {
  records: ParsedRecord[];
  warnings: FormatWarning[];
}

/**
 * One export format. `sniff` looks at the decoded start of a file (and its name only as a tie-breaker)
 * and returns a confidence 0..1; the registry picks the most confident plug-in.
 */
export interface FormatPlugin {
  id: string;
  label: string;
  sniff(text: string, fileName?: string): number;
  parse(text: string): ParseResult;
  /**
   * Optional: parse the file from its UTF-8 bytes (valid UTF-8, BOM removed), handing each record to
   * `onRecord` in file order as soon as it is mapped, with `raw` left empty and the raw fields still
   * as byte ranges in `rawBytes`. A large export is then never decoded whole, its records are never
   * all alive at once, and the import copies raw values into records.jsonl as bytes. `parse(text)`
   * must give the same records with `raw` = `rawBytes.toFields()`, and the same warnings.
   */
  parseBytes?(text: Utf8Text, onRecord: (record: ParsedRecord, rawBytes: RawFieldBytes) => void): { warnings: FormatWarning[] };
}

/** parse(text) for a plug-in that reads bytes: the text as UTF-8, every record's raw fields decoded. */
export function parseTextAsBytes(
  parseBytes: NonNullable<FormatPlugin['parseBytes']>,
  text: string,
): ParseResult {
  const records: ParsedRecord[] = [];
  const { warnings } = parseBytes(new Utf8Text(Buffer.from(text.replace(/^\uFEFF+/, ''), 'utf8')), (record, rawBytes) => {
    record.raw = rawBytes.toFields();
    records.push(record);
  });
  return { records, warnings };
}

/** A parse failure the user must fix: thrown by plug-ins, caught by the import stage. */
export class FormatError extends Error {
  constructor(message: string, readonly line?: number) {
    super(message);
    this.name = 'FormatError';
  }
}

export function emptyRecord(line: number): ParsedRecord {
  return { authors: [], issn: [], isbn: [], keywords: [], raw: [], line };
}
