import type { BibFields, RawField } from '../model/record.js';
import type { DecodedInput } from './decode.js';
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
  /**
   * Optional, for formats whose content may hold any text on any line (a CSV's cells after its header
   * row, BibTeX's fields after its first entry): where in `text` (the head sniff reads) that content
   * starts, or undefined. The registry counts another format's evidence only when it appears before.
   */
  contentStart?(text: string): number | undefined;
  parse(text: string): ParseResult;
  /**
   * Optional: parse(text), handing each record to `onRecord` as soon as it is mapped instead of
   * returning them all, so they are never all alive at once. A plug-in that finds only late that
   * it must read the file again another way (a CSV's stray quote) calls `onRestart` first: the
   * records handed over so far are then void. Returns the same warnings as parse and the number
   * of records that stand.
   */
  parseEach?(input: DecodedInput, onRecord: (record: ParsedRecord) => void, onRestart: () => void): { warnings: FormatWarning[]; records: number };
  /**
   * Optional: parse the file from its UTF-8 bytes (valid UTF-8, BOM removed), handing each record to
   * `onRecord` in file order as soon as it is mapped, with `raw` left empty and the raw fields still
   * as byte ranges in `rawBytes`. A large export is then never decoded whole, its records are never
   * all alive at once, and the import copies raw values into records.jsonl as bytes. `parse(text)`
   * must give the same records with `raw` = `rawBytes.toFields()`, and the same warnings.
   * Without `onRecord`, records are only counted (not mapped). With `part`, only that part of the
   * file is read, as it would be within the whole file (see partStart).
   */
  parseBytes?(text: Utf8Text, onRecord: ((record: ParsedRecord, rawBytes: RawFieldBytes) => void) | undefined, part?: TextPart): BytesParse;
  /**
   * Optional, with parseBytes: the first position at or after `near` where a part may start (the
   * start of a line, right after a LF, where no record is open), or text.length if there is none.
   * Parsing parts from such positions one after the other gives what parsing the whole file gives.
   */
  partStart?(text: Utf8Text, near: number): number;
}

/** A stretch of a file parsed on its own: large exports are parsed in parallel parts. */
export interface TextPart {
  start: number;
  end: number;
  /** The line number of the part's first line. */
  firstLine: number;
  /** The line number of the next part's first line; undefined for the part that ends the file. */
  nextLine?: number;
}

export interface BytesParse {
  /** Warnings in the order a whole-file parse gives them... */
  warnings: FormatWarning[];
  /** ...followed, after every part's `warnings`, by these (RIS tells mapping problems after splitting ones). */
  trailingWarnings: FormatWarning[];
  /** How many records were handed over (or counted). */
  records: number;
  /** The number the line after the text (or part) would have. */
  nextLine: number;
}

/** parse(text) for a plug-in that reads bytes: the text as UTF-8, every record's raw fields decoded. */
export function parseTextAsBytes(
  parseBytes: NonNullable<FormatPlugin['parseBytes']>,
  text: string,
): ParseResult {
  const records: ParsedRecord[] = [];
  const parsed = parseBytes(new Utf8Text(Buffer.from(text.replace(/^\uFEFF+/, ''), 'utf8')), (record, rawBytes) => {
    record.raw = rawBytes.toFields();
    records.push(record);
  });
  return { records, warnings: [...parsed.warnings, ...parsed.trailingWarnings] };
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
