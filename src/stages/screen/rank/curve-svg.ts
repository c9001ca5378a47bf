/**
 * The recall curve of a simulated screening as a standalone SVG: records screened (x) against relevant
 * records found (y), the random order's expectation as a diagonal, the 95 % recall level and the point
 * where the stopping rule was met. No scripts, no external resources; the same run gives the same bytes.
 */
import type { SimulationResult } from './simulate.js';

const W = 640;
const H = 420;
const M = { left: 60, right: 20, top: 36, bottom: 50 };

export function recallCurveSvg(result: SimulationResult, title: string): string {
  const n = result.sequence.length;
  const relevant = result.metrics.relevant;
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const x = (screened: number): string => fmt(M.left + (screened / n) * pw);
  const y = (found: number): string => fmt(M.top + ph - (found / relevant) * ph);

  // One point per change of slope is enough: every record where a relevant one was found, and the ends.
  const points: string[] = [`${x(0)},${y(0)}`];
  let found = 0;
  result.sequence.forEach((isRelevant, i) => {
    if (!isRelevant) return;
    points.push(`${x(i)},${y(found)}`);
    found++;
    points.push(`${x(i + 1)},${y(found)}`);
  });
  points.push(`${x(n)},${y(found)}`);

  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const stop = result.stop;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${M.left}" y="20" font-size="14">${escapeXml(title)}</text>`,
    ...ticks.map((t) => `<line x1="${x(t * n)}" y1="${y(0)}" x2="${x(t * n)}" y2="${y(relevant)}" stroke="#eee"/><text x="${x(t * n)}" y="${fmt(M.top + ph + 16)}" text-anchor="middle">${Math.round(t * n)}</text>`),
    ...ticks.map((t) => `<line x1="${x(0)}" y1="${y(t * relevant)}" x2="${x(n)}" y2="${y(t * relevant)}" stroke="#eee"/><text x="${fmt(M.left - 6)}" y="${fmt(Number(y(t * relevant)) + 4)}" text-anchor="end">${Math.round(t * relevant)}</text>`),
    `<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#888"/>`,
    `<line x1="${x(0)}" y1="${y(0.95 * relevant)}" x2="${x(n)}" y2="${y(0.95 * relevant)}" stroke="#999" stroke-dasharray="4 4"/>`,
    `<text x="${fmt(M.left + pw - 4)}" y="${fmt(Number(y(0.95 * relevant)) - 4)}" text-anchor="end" fill="#666">95 % recall</text>`,
    `<line x1="${x(0)}" y1="${y(0)}" x2="${x(n)}" y2="${y(relevant)}" stroke="#999"/>`,
    `<polyline points="${points.join(' ')}" fill="none" stroke="#1f77b4" stroke-width="2"/>`,
    `<line x1="${x(stop.screened)}" y1="${y(0)}" x2="${x(stop.screened)}" y2="${y(relevant)}" stroke="#d62728" stroke-dasharray="6 3"/>`,
    `<text x="${fmt(Number(x(stop.screened)) + 4)}" y="${fmt(M.top + ph - 8)}" fill="#d62728">stopping rule: ${stop.screened} screened, recall ${pct(stop.recall)}</text>`,
    `<text x="${fmt(M.left + pw / 2)}" y="${H - 12}" text-anchor="middle">records screened (grey diagonal: random order)</text>`,
    `<text transform="translate(16 ${fmt(M.top + ph / 2)}) rotate(-90)" text-anchor="middle">relevant records found (of ${relevant})</text>`,
    '</svg>',
  ];
  return `${parts.join('\n')}\n`;
}

function fmt(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}

function pct(v: number): string {
  return `${(v * 100).toFixed(1)} %`;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] as string);
}
