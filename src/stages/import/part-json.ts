/**
 * records.jsonl lines for a byte-level export, or for one part of it: the same function runs for a
 * whole file on the main thread and for each part in a worker, so both give the same bytes.
 */
import type { Utf8Text } from '../../formats/tagged/utf8-text.js';
import type { FormatPlugin, FormatWarning, TextPart } from '../../formats/types.js';
import type { JsonBytes } from '../../project/json-bytes.js';
import { recordId } from './record-id.js';
import { fileJson, writeRecordLine } from './record-json.js';

export interface PartContext {
  source: string;
  file: string;
  fileSha256: string;
  format: string;
  /** Index in the file of the part's first record (record ids depend on it). */
  firstIndex: number;
}

export interface PartOutcome {
  warnings: FormatWarning[];
  trailingWarnings: FormatWarning[];
  records: number;
  withoutTitle: number;
  nextLine: number;
}

type ParseBytes = NonNullable<FormatPlugin['parseBytes']>;

/** Map the records of `part` (the whole text when undefined) and append their lines to `out`. */
export function writePart(parseBytes: ParseBytes, text: Utf8Text, part: TextPart | undefined, ctx: PartContext, out: JsonBytes): PartOutcome {
  const json = fileJson(ctx);
  let index = ctx.firstIndex;
  let withoutTitle = 0;
  const parsed = parseBytes(text, (record, rawBytes) => {
    if (!record.title) withoutTitle++;
    writeRecordLine(out, json, record, rawBytes, recordId(ctx.source, ctx.fileSha256, index), index);
    index++;
    out.flush();
  }, part);
  return { warnings: parsed.warnings, trailingWarnings: parsed.trailingWarnings, records: parsed.records, withoutTitle, nextLine: parsed.nextLine };
}

/** How many records and lines a part holds, without mapping it: what later parts need to number theirs. */
export function countPart(parseBytes: ParseBytes, text: Utf8Text, part: TextPart): { records: number; lines: number } {
  const parsed = parseBytes(text, undefined, part);
  return { records: parsed.records, lines: parsed.nextLine - part.firstLine };
}
