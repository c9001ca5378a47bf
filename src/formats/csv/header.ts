/**
 * Finding the header row of a delimited export: after a BOM, after Embase's "SEARCH QUERY" preamble
 * (also its Excel re-save padded with ";;;;"), and guessing the delimiter from that row alone.
 */
export type Delimiter = ',' | ';' | '\t';

export interface HeaderLine {
  /** Header cells as written (trimmed, BOM and quotes removed). */
  cells: string[];
  /** `normalizeHeader` of each cell, for lookups. */
  keys: string[];
  delimiter: Delimiter;
  /** 1-based physical line of the header. */
  line: number;
  /** Offset in the text of the header line's first character. */
  start: number;
  /** Offset in the text of the first character after the header line. */
  bodyOffset: number;
}

/** Lines looked at before giving up on finding a header (Embase's preamble takes 3). */
const MAX_PREAMBLE_LINES = 12;

/** Case-, space- and punctuation-insensitive key of a column name: "Author(s) ID" → "author(s) id". */
export function normalizeHeader(name: string): string {
  return name.replace(/^\uFEFF/, '').trim().replace(/^"|"$/g, '').replace(/\s+/g, ' ').toLowerCase();
}

/** The delimiter that splits a header line into the most cells (quotes respected). */
export function sniffDelimiter(line: string): Delimiter {
  let best: Delimiter = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t'] as const) {
    const count = splitHeaderLine(line, d).length - 1;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/** Split one physical line into cells; good enough for header lines, which never hold newlines. */
export function splitHeaderLine(line: string, delimiter: Delimiter): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === '"') {
      if (quoted && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else {
        quoted = !quoted;
      }
    } else if (c === delimiter && !quoted) {
      cells.push(cell);
      cell = '';
    } else {
      cell += c;
    }
  }
  cells.push(cell);
  return cells.map((c) => c.replace(/^\uFEFF/, '').trim());
}

/**
 * The first line (within the preamble allowance) that `accept` takes as a header. Lines with fewer
 * than two non-empty cells (preamble rules, blank or ";;;;" padding lines) are never headers.
 */
export function findHeader(text: string, accept: (keys: string[]) => boolean): HeaderLine | undefined {
  let offset = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let line = 1; line <= MAX_PREAMBLE_LINES && offset < text.length; line++) {
    const nl = text.indexOf('\n', offset);
    const end = nl < 0 ? text.length : nl;
    const physical = text.slice(offset, end).replace(/\r$/, '');
    const next = nl < 0 ? text.length : nl + 1;
    if (physical.trim() !== '') {
      const delimiter = sniffDelimiter(physical);
      const cells = trimTrailingEmpty(splitHeaderLine(physical, delimiter));
      const keys = cells.map(normalizeHeader);
      if (cells.filter((c) => c !== '').length >= 2 && accept(keys)) {
        return { cells, keys, delimiter, line, start: offset, bodyOffset: next };
      }
    }
    offset = next;
  }
  return undefined;
}

/** Excel pads short rows to the widest row with empty cells: those are not columns. */
function trimTrailingEmpty(cells: string[]): string[] {
  let n = cells.length;
  while (n > 0 && cells[n - 1] === '') n--;
  return cells.slice(0, n);
}

/** Header keys as a set, for signature checks. */
export function keySet(keys: string[]): Set<string> {
  return new Set(keys);
}
