/**
 * Horizontal bar chart of included sources by country (the report's Model 1) as hand-written SVG:
 * deterministic bytes (fixed number formatting, no ids or dates), system fonts, labels left of the bars.
 * Shared: `review extract summary` and `review report` both draw it.
 */

export interface Bar {
  label: string;
  n: number;
}

const FONT = "font-family=\"'Helvetica Neue', Arial, 'Liberation Sans', sans-serif\"";
const BAR_COLOUR = '#2f6f9f';
const ROW = 26;
const BAR = 18;
const TOP = 64;
const RIGHT = 48;
const CHAR = 7.4; // average advance of a 13px sans-serif glyph, to size the label column

/**
 * The chart's subtitle: how many sources, and, when the bars add up to more (a source may name
 * several countries, and then counts under each), that it is so.
 */
export function countrySubtitle(sources: number, bars: readonly Bar[], noun = 'source'): string {
  const mentions = bars.reduce((sum, b) => sum + b.n, 0);
  const base = `${sources} ${sources === 1 ? noun : `${noun}s`}`;
  return mentions > sources ? `${base}; a source from several countries counts for each (${mentions} country mentions)` : base;
}

export function countryBarChart(bars: readonly Bar[], title: string, subtitle: string): string {
  const labelWidth = Math.ceil(Math.max(60, ...bars.map((b) => b.label.length * CHAR)) + 16);
  const plotWidth = 420;
  const width = labelWidth + plotWidth + RIGHT;
  const height = TOP + Math.max(bars.length, 1) * ROW + 40;
  const max = Math.max(1, ...bars.map((b) => b.n));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const x = (n: number): number => labelWidth + (n / top) * plotWidth;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(title)}">`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="16" y="26" ${FONT} font-size="17" font-weight="bold" fill="#1a1a1a">${esc(title)}</text>`);
  out.push(`<text x="16" y="46" ${FONT} font-size="12" fill="#555555">${esc(subtitle)}</text>`);
  const plotBottom = TOP + bars.length * ROW;
  for (let t = 0; t <= top; t += step) {
    const gx = fmt(x(t));
    out.push(`<line x1="${gx}" y1="${TOP - 6}" x2="${gx}" y2="${plotBottom}" stroke="${t === 0 ? '#888888' : '#e3e3e3'}" stroke-width="1"/>`);
    out.push(`<text x="${gx}" y="${plotBottom + 18}" ${FONT} font-size="11" fill="#555555" text-anchor="middle">${t}</text>`);
  }
  out.push(`<text x="${fmt(labelWidth + plotWidth / 2)}" y="${plotBottom + 34}" ${FONT} font-size="11" fill="#555555" text-anchor="middle">number of included sources</text>`);
  bars.forEach((b, i) => {
    const y = TOP + i * ROW;
    const barY = y + (ROW - BAR) / 2;
    const w = x(b.n) - labelWidth;
    out.push(`<text x="${labelWidth - 8}" y="${fmt(y + ROW / 2 + 4.5)}" ${FONT} font-size="13" fill="#1a1a1a" text-anchor="end">${esc(b.label)}</text>`);
    out.push(`<rect x="${labelWidth}" y="${fmt(barY)}" width="${fmt(w)}" height="${BAR}" fill="${BAR_COLOUR}"/>`);
    out.push(`<text x="${fmt(x(b.n) + 6)}" y="${fmt(y + ROW / 2 + 4.5)}" ${FONT} font-size="12" fill="#1a1a1a">${b.n}</text>`);
  });
  if (bars.length === 0) out.push(`<text x="${labelWidth}" y="${TOP + 18}" ${FONT} font-size="13" fill="#555555">no extracted sources yet</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** 1, 2 or 5 × 10^k so the axis has at most about 8 ticks. */
function niceStep(max: number): number {
  const raw = max / 8;
  const pow = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return m * pow;
  return 10 * pow;
}

function fmt(n: number): string {
  return (Math.round(n * 10) / 10).toFixed(1).replace(/\.0$/, '');
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
