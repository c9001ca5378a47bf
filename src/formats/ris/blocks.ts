/**
 * Group RIS lines into records: TY opens one, ER closes it. Every tag is kept in file order; an
 * untagged line continues the previous tag's value (joined with "\n" in `raw`), because every
 * exporter that wraps does it that way: EndNote/Rayyan one keyword per line after a single KW,
 * Scopus one cited reference per line after "N1 - References:", WoS's times-cited block under N1,
 * Citavi/WoS/Dimensions abstract paragraphs, Reference Manager's wrapped T1. What a "\n" means is
 * decided per tag when the record is mapped.
 */
import type { RawField } from '../../model/record.js';
import { forEachLineInChunks } from '../tagged/tokenizer.js';
import type { FormatWarning } from '../types.js';
import { isKnownJunk, matchRisLine } from './lines.js';

export interface RisBlock {
  fields: RawField[];
  /** Line of each field's tag, parallel to `fields` (for warnings found while mapping). */
  fieldLines: number[];
  /** Line of the TY that opened the record. */
  line: number;
}

export interface Blocks {
  /** How many blocks were handed over. */
  count: number;
  /** Whether any TY line was seen at all (a file without one is not RIS). */
  sawType: boolean;
}

const preview = (text: string): string => JSON.stringify(text.trim().slice(0, 60));

/**
 * `chunks`: the text in pieces that each end at a line break (one piece is the whole text). Each
 * block goes to `onBlock` in file order once complete, so a large file's blocks are not all kept.
 */
export function splitRecords(chunks: readonly string[], warnings: FormatWarning[], onBlock: (block: RisBlock) => void): Blocks {
  let count = 0;
  // The newest block. It can still grow (and be reopened after its ER), but once the next block
  // starts it never changes again: a reopened record needs no open one.
  let newest: RisBlock | undefined;
  const start = (line: number): RisBlock => {
    if (newest) onBlock(newest);
    count++;
    newest = { fields: [], fieldLines: [], line };
    return newest;
  };
  let current: RisBlock | undefined;
  // Ovid writes one more tag (NL, the NLM journal abbreviation) right after ER: it still belongs to
  // the record just closed, which stays open for tags until a blank line or the next TY.
  let justClosed: RisBlock | undefined;
  let reopened = false;
  let sawType = false;
  // Continuation lines of the last field, joined once when the field is complete (no quadratic concatenation).
  let pending: string[] | undefined;

  const flush = (): void => {
    if (pending && current) {
      const last = current.fields[current.fields.length - 1] as RawField;
      last[1] = pending.join('\n');
    }
    pending = undefined;
  };
  const close = (): void => {
    flush();
    justClosed = current;
    current = undefined;
    reopened = false;
  };

  const onTag = (tag: string, value: string, line: number): void => {
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
    flush();
    current.fields.push([tag, value]);
    current.fieldLines.push(line);
  };

  const onUntagged = (text: string, lineNumber: number): void => {
    const line = text.trim();
    if (line === '') {
      if (reopened) close();
      justClosed = undefined;
      return;
    }
    justClosed = undefined;
    if (!current) {
      if (!isKnownJunk(line)) warnings.push({ code: 'untagged-line', message: `line outside a record ignored: ${preview(line)}`, line: lineNumber });
      return;
    }
    const last = current.fields[current.fields.length - 1] as RawField;
    if (last[0] === 'TY') {
      // A type never wraps: the line belongs nowhere we can tell.
      warnings.push({ code: 'untagged-line', message: `untagged line before any field of the record ignored: ${preview(line)}`, line: lineNumber });
      return;
    }
    if (pending) pending.push(line);
    else pending = last[1] === '' ? [line] : [last[1], line];
  };

  // forEachLineInChunks + matchRisLine is tokenize() without its array of line objects (large exports).
  forEachLineInChunks(chunks, (text, start, end, lineNumber) => {
    const m = matchRisLine(text, start, end);
    if (m) onTag(m.tag, m.value, lineNumber);
    else onUntagged(text.slice(start, end), lineNumber);
  });
  if (reopened) close();
  if (current) {
    warnings.push({ code: 'missing-end', message: `record starting on line ${current.line} has no ER at the end of the file`, line: current.line });
    close();
  }
  if (newest) onBlock(newest);
  return { count, sawType };
}
