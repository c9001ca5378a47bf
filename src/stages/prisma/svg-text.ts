/**
 * Text measuring and wrapping for hand-written SVG without a font engine: an estimate of each
 * character's advance in a sans-serif font (widths of DejaVu Sans, the widest common fallback, so
 * text measured here fits whichever of Arial/Helvetica/Liberation/DejaVu the viewer uses).
 */

const NARROW = new Set([...'iljtf.,:;|!\'()[] \u00A0']);
const SEMI = new Set([...'rIJ-/"']);
const WIDE = new Set([...'mwMW@%']);

/** Advance of one character in em. */
function charEm(ch: string, bold: boolean): number {
  let w: number;
  if (NARROW.has(ch)) w = 0.32;
  else if (SEMI.has(ch)) w = 0.42;
  else if (WIDE.has(ch)) w = 0.92;
  else if (ch >= 'A' && ch <= 'Z') w = 0.7;
  else if (ch >= '0' && ch <= '9') w = 0.64;
  else if (ch === '−' || ch === '=' || ch === '+') w = 0.84;
  else w = 0.61;
  return bold ? w * 1.1 : w;
}

export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) em += charEm(ch, bold);
  return em * fontSize;
}

/** Greedy word wrap to `maxWidth` at ASCII spaces (no-break spaces hold); a word longer than a line is split by characters. */
export function wrapText(text: string, maxWidth: number, fontSize: number, bold = false): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/[ \t\n]+/).filter(Boolean)) {
    const candidate = current ? `${current} ${word}` : word;
    if (textWidth(candidate, fontSize, bold) <= maxWidth) {
      current = candidate;
      continue;
    }
    if (current) lines.push(current);
    current = '';
    let rest = word;
    while (textWidth(rest, fontSize, bold) > maxWidth) {
      let cut = rest.length - 1;
      while (cut > 1 && textWidth(rest.slice(0, cut), fontSize, bold) > maxWidth) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    current = rest;
  }
  if (current) lines.push(current);
  return lines.length ? lines : [''];
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
