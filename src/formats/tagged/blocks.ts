/**
 * Records of the blank-line-separated tagged formats (EndNote/Refer, RefWorks): tagged lines start or
 * extend a record, a blank line ends it, an untagged line continues the previous tag's value (abstract
 * paragraphs, keyword lists) or, outside any record, becomes a warning.
 */
import type { FormatWarning } from '../types.js';
import type { TaggedLine } from './tokenizer.js';

export interface TaggedBlock {
  fields: [string, string][];
  /** 1-based line of the record's first tag. */
  line: number;
}

export interface BlockOptions {
  /** True when `tag` must open a new record although the current one has not ended (a missing blank line). */
  startsRecord(tag: string, current: TaggedBlock): boolean;
  /** Added to every line number (a header cut off before tokenising). */
  lineOffset?: number;
}

export function groupBlocks(lines: Iterable<TaggedLine>, options: BlockOptions): { blocks: TaggedBlock[]; warnings: FormatWarning[] } {
  const offset = options.lineOffset ?? 0;
  const warnings: FormatWarning[] = [];
  const blocks: TaggedBlock[] = [];
  let current: TaggedBlock | undefined;
  for (const t of lines) {
    const line = t.line + offset;
    if (t.tag !== undefined) {
      if (!current || options.startsRecord(t.tag, current)) {
        current = { fields: [], line };
        blocks.push(current);
      }
      current.fields.push([t.tag, t.value]);
      continue;
    }
    if (t.value.trim() === '') {
      current = undefined;
      continue;
    }
    const last = current?.fields[current.fields.length - 1];
    if (!last) {
      warnings.push({ code: 'untagged-line', message: `line outside a record ignored: "${t.value.slice(0, 60)}"`, line });
      continue;
    }
    last[1] = `${last[1]}\n${t.value.trim()}`;
  }
  return { blocks, warnings };
}
