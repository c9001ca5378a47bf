/**
 * Group RIS lines into records: TY opens one, ER closes it. Every tag is kept in file order; an
 * untagged line continues the previous tag's value (joined with "\n" in `raw`), because every
 * exporter that wraps does it that way: EndNote/Rayyan one keyword per line after a single KW,
 * Scopus one cited reference per line after "N1 - References:", WoS's times-cited block under N1,
 * Citavi/WoS/Dimensions abstract paragraphs, Reference Manager's wrapped T1. What a "\n" means is
 * decided per tag when the record is mapped.
 */
import { forEachByteLine } from '../tagged/byte-lines.js';
import type { TagRange } from '../tagged/byte-tags.js';
import { FieldCounter, RawFieldBytes, type FieldSink } from '../tagged/raw-fields.js';
import { trimEndBytes, trimStartBytes, type Utf8Text } from '../tagged/utf8-text.js';
import type { FormatWarning, TextPart } from '../types.js';
import { isKnownJunk, matchRisLine } from './lines.js';

export interface RisBlock<F extends FieldSink = RawFieldBytes> {
  fields: F;
  /** Line of each field's tag, parallel to the fields (for warnings found while mapping). */
  fieldLines: number[];
  /** Fields whose value holds "  - " somewhere: a tag may have been flattened into it (see LEAKED_TAG). */
  separatorInValue: Set<number> | undefined;
  /** Line of the TY that opened the record. */
  line: number;
}

export interface Blocks {
  /** How many blocks were handed over. */
  count: number;
  /** Whether any TY line was seen at all (a file without one is not RIS). */
  sawType: boolean;
  /** The number the line after the text (or part) would have. */
  nextLine: number;
}

const preview = (text: string): string => JSON.stringify(text.trim().slice(0, 60));

/**
 * Split the UTF-8 text (or a part of it that starts at a TY line, see risPartStart) into blocks,
 * each handed to `onBlock` in file order once complete, so a large file's blocks are not all kept.
 */
export function splitRecords(text: Utf8Text, warnings: FormatWarning[], onBlock: (block: RisBlock) => void, part?: TextPart): Blocks {
  return splitInto(text, warnings, onBlock, part, () => new RawFieldBytes(text), true);
}

/** How many records (and lines) splitRecords would find, without keeping any field. */
export function countRecords(text: Utf8Text, part?: TextPart): Blocks {
  return splitInto(text, [], () => undefined, part, () => new FieldCounter(), false);
}

function splitInto<F extends FieldSink>(
  text: Utf8Text,
  warnings: FormatWarning[],
  onBlock: (block: RisBlock<F>) => void,
  part: TextPart | undefined,
  newFields: () => F,
  findSeparators: boolean,
): Blocks {
  const bytes = text.bytes;
  let count = 0;
  // The newest block. It can still grow (and be reopened after its ER), but once the next block
  // starts it never changes again: a reopened record needs no open one.
  let newest: RisBlock<F> | undefined;
  const start = (line: number): RisBlock<F> => {
    if (newest) onBlock(newest);
    count++;
    newest = { fields: newFields(), fieldLines: [], separatorInValue: undefined, line };
    return newest;
  };
  let current: RisBlock<F> | undefined;
  // Ovid writes one more tag (NL, the NLM journal abbreviation) right after ER: it still belongs to
  // the record just closed, which stays open for tags until a blank line or the next TY.
  let justClosed: RisBlock<F> | undefined;
  let reopened = false;
  let sawType = false;
  const separators = new SeparatorFinder(bytes);

  const close = (): void => {
    justClosed = current;
    current = undefined;
    reopened = false;
  };

  const onTag = (tag: string, valueStart: number, valueEnd: number, line: number): void => {
    if (tag === 'TY') {
      sawType = true;
      if (reopened) close();
      if (current) {
        warnings.push({ code: 'missing-end', message: `record starting on line ${current.line} has no ER before the next TY`, line });
        close();
      }
      current = start(line);
    } else if (tag === 'ER') {
      if (current) close();
      else if (justClosed) justClosed = undefined;
      else warnings.push({ code: 'other', message: 'ER without a record (no TY before it) ignored', line });
      return;
    } else if (!current && justClosed) {
      current = justClosed;
      reopened = true;
    } else if (!current) {
      // Data before any TY: keep it as a record of its own rather than lose it, and say so.
      warnings.push({ code: 'untagged-line', message: `tag ${tag} outside a record (no TY before it); started a record here`, line });
      current = start(line);
    }
    current.fields.add(tag, valueStart, valueEnd);
    if (!findSeparators) return;
    current.fieldLines.push(line);
    if (separators.within(valueStart, valueEnd)) (current.separatorInValue ??= new Set()).add(current.fields.count - 1);
  };

  const onUntagged = (lineStart: number, lineEnd: number, lineNumber: number): void => {
    const from = trimStartBytes(bytes, lineStart, lineEnd);
    const to = trimEndBytes(bytes, from, lineEnd);
    if (from === to) {
      if (reopened) close();
      justClosed = undefined;
      return;
    }
    justClosed = undefined;
    if (!current) {
      const line = text.decode(from, to);
      if (!isKnownJunk(line)) warnings.push({ code: 'untagged-line', message: `line outside a record ignored: ${preview(line)}`, line: lineNumber });
      return;
    }
    if (current.fields.lastTag() === 'TY') {
      // A type never wraps: the line belongs nowhere we can tell.
      warnings.push({ code: 'untagged-line', message: `untagged line before any field of the record ignored: ${preview(text.decode(from, to))}`, line: lineNumber });
      return;
    }
    current.fields.continueLast(from, to);
    if (findSeparators && separators.within(from, to)) (current.separatorInValue ??= new Set()).add(current.fields.count - 1);
  };

  const tagLine: TagRange = { tag: '', valueStart: 0, valueEnd: 0 };
  const nextLine = forEachByteLine(bytes, (lineStart, lineEnd, lineNumber) => {
    if (matchRisLine(bytes, lineStart, lineEnd, tagLine)) onTag(tagLine.tag, tagLine.valueStart, tagLine.valueEnd, lineNumber);
    else onUntagged(lineStart, lineEnd, lineNumber);
  }, part?.start, part?.end, part?.firstLine);
  if (reopened) close();
  if (current) {
    // A part ends where the next TY is: what that TY would say about a record left open.
    if (part?.nextLine !== undefined) warnings.push({ code: 'missing-end', message: `record starting on line ${current.line} has no ER before the next TY`, line: part.nextLine });
    else warnings.push({ code: 'missing-end', message: `record starting on line ${current.line} has no ER at the end of the file`, line: current.line });
    close();
  }
  if (newest) onBlock(newest);
  return { count, sawType, nextLine };
}

/**
 * Where a part of a RIS file may start: a TY line right after a LF. There a record always begins,
 * whatever came before (an open record is closed by it, with the warning the part before gives).
 */
export function risPartStart(text: Utf8Text, near: number): number {
  const bytes = text.bytes;
  const tagLine: TagRange = { tag: '', valueStart: 0, valueEnd: 0 };
  for (let lf = bytes.indexOf(0x0a, Math.max(0, near - 1)); lf >= 0; lf = bytes.indexOf(0x0a, lf + 1)) {
    const start = lf + 1;
    const end = bytes.indexOf(0x0a, start);
    if (matchRisLine(bytes, start, end < 0 ? bytes.length : end, tagLine) && tagLine.tag === 'TY') return start;
  }
  return bytes.length;
}

/**
 * Whether byte ranges, asked about in file order, hold "  - ". Each "-" of the file is found once
 * with indexOf, however many ranges are asked about: values are never scanned byte by byte.
 */
class SeparatorFinder {
  private nextDash = -1;

  constructor(private readonly bytes: Uint8Array) {}

  within(start: number, end: number): boolean {
    const bytes = this.bytes;
    if (this.nextDash < start) this.nextDash = this.find(start);
    while (this.nextDash < end) {
      const p = this.nextDash;
      if (p - 2 >= start && p + 1 < end && bytes[p - 1] === 0x20 && bytes[p - 2] === 0x20 && bytes[p + 1] === 0x20) return true;
      this.nextDash = this.find(p + 1);
    }
    return false;
  }

  private find(from: number): number {
    const i = this.bytes.indexOf(0x2d, from);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  }
}
