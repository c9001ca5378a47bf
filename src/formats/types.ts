import type { BibFields, RawField } from '../model/record.js';

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
   * Optional: parse the text given as consecutive pieces that each end at a line break (what
   * decodeInChunks makes of a large file), handing each record to `onRecord` in file order as soon
   * as it is mapped, so a large export's records are never all alive at once. The records and
   * warnings must equal parse(chunks.join('')).
   */
  parseEachChunk?(chunks: readonly string[], onRecord: (record: ParsedRecord) => void): { warnings: FormatWarning[] };
}

/** Collect what parseEachChunk hands over into a ParseResult. */
export function collectRecords(parseEach: (onRecord: (record: ParsedRecord) => void) => { warnings: FormatWarning[] }): ParseResult {
  const records: ParsedRecord[] = [];
  const { warnings } = parseEach((r) => records.push(r));
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
