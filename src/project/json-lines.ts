/**
 * Reading the JSON Lines files the stages write (records.jsonl, unique.jsonl, extraction.jsonl)
 * line by line from their bytes. A large import's records.jsonl is more text than one JS string
 * can hold (~512 MB: 100,000 MEDLINE records make 646 MB), so it is never read whole.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { UserError } from './errors.js';

const PIECE = 8 << 20;

/** Visit every line of the file (LF-separated, numbered from 1; a last line without LF counts). */
export function forEachLine(path: string, visit: (line: string, lineNumber: number) => void): void {
  const fd = openSync(path, 'r');
  let piece = Buffer.allocUnsafe(PIECE);
  // The start of a line that the previous read cut, moved to the front of `piece`.
  let kept = 0;
  let lineNumber = 1;
  try {
    for (;;) {
      if (kept === piece.length) {
        // One line longer than the piece: make room for more of it.
        const bigger = Buffer.allocUnsafe(piece.length * 2);
        piece.copy(bigger, 0, 0, kept);
        piece = bigger;
      }
      const read = readSync(fd, piece, kept, piece.length - kept, null);
      const end = kept + read;
      if (read === 0) {
        if (end > 0) visit(piece.toString('utf8', 0, end), lineNumber);
        return;
      }
      let start = 0;
      for (let lf = piece.indexOf(0x0a, kept); lf >= 0 && lf < end; lf = piece.indexOf(0x0a, start)) {
        visit(piece.toString('utf8', start, lf), lineNumber++);
        start = lf + 1;
      }
      kept = end - start;
      piece.copy(piece, 0, start, end);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Every non-blank line of a JSON Lines file, parsed; `rel` names the file in errors and `rerun`
 * the command that writes it again.
 */
export function forEachJsonLine(path: string, rel: string, rerun: string, visit: (json: unknown, lineNumber: number) => void): void {
  forEachLine(path, (line, lineNumber) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new UserError(`${rel}:${lineNumber}: not valid JSON; run \`${rerun}\` again`);
    }
    visit(json, lineNumber);
  });
}
