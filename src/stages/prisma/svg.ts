/**
 * The PRISMA 2020 flow diagram (two arms, per-source counts, exclusion reasons) as hand-written SVG.
 * Box heights come from the wrapped text, rows take the height of their tallest box, and every
 * coordinate is an integer, so the same flow always gives the same bytes.
 */
import type { PrismaArm, PrismaCount, PrismaFlow } from '../../model/prisma.js';
import { escapeXml, wrapText } from './svg-text.js';

const FONT = "Arial, Helvetica, 'Liberation Sans', 'DejaVu Sans', sans-serif";
const FONT_SIZE = 13;
const LINE_HEIGHT = 17;
const PAD_X = 10;
const PAD_Y = 9;
const INDENT = 14;
const ROW_GAP = 34;
const COL_GAP = 44;
const BAND_X = 8;
const BAND_W = 30;
const MARGIN = 8;
const COLS = { dbMain: 270, dbSide: 300, otherMain: 250, otherSide: 270 };
/** Wrapped continuation lines hang under the first line's text. */
const HANG = 10;
const COLORS = { dbHeader: '#FFC000', otherHeader: '#D9D9D9', band: '#A9C4EB', box: '#FFFFFF', stroke: '#000000' };

interface Line {
  text: string;
  bold?: boolean;
  indent?: boolean;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
  lines: string[][];
  fill: string;
  center?: boolean;
  boldLines: Set<number>;
  /** Left offset of each text line inside the box padding. */
  offsets: number[];
}

/** No-break spaces keep "(n = 12)" on one line when a box wraps. */
const n = (value: number): string => `(n\u00A0=\u00A0${value})`;

/** Wrap the box's lines to its width; returns the laid-out text lines and the box height. */
function makeBox(x: number, w: number, lines: Line[], fill = COLORS.box, center = false): Box {
  const laid: string[][] = [];
  const boldLines = new Set<number>();
  const offsets: number[] = [];
  for (const line of lines) {
    const indent = line.indent ? INDENT : 0;
    const text = line.text.replace(/[ \t\n]+/g, ' ').trim();
    const first = wrapText(text, w - 2 * PAD_X - indent, FONT_SIZE, line.bold === true);
    // Re-wrap the remainder at the narrower hanging width so continuation lines fit too.
    const head = first[0] ?? '';
    const rest = text.slice(head.length).trim();
    const wrapped = rest ? [head, ...wrapText(rest, w - 2 * PAD_X - indent - HANG, FONT_SIZE, line.bold === true)] : [head];
    wrapped.forEach((part, i) => {
      if (line.bold) boldLines.add(laid.length);
      offsets.push(indent + (i > 0 && !center ? HANG : 0));
      laid.push([part]);
    });
  }
  return { x, y: 0, w, h: 2 * PAD_Y + laid.length * LINE_HEIGHT, lines: laid, fill, center, boldLines, offsets };
}

function reasonLines(reasons: readonly PrismaCount[]): Line[] {
  return reasons.filter((r) => r.n > 0).map((r) => ({ text: `${r.label} ${n(r.n)}`, indent: true }));
}

function identifiedLines(arm: PrismaArm, databases: boolean): Line[] {
  const lines: Line[] = [{ text: 'Records identified from:', bold: true }];
  for (const kind of arm.identifiedByKind) {
    lines.push({ text: `${kind.label} ${n(kind.n)}` });
    const sources = arm.identifiedBySource.filter((s) => s.kind === kind.id);
    // A single source named like its category adds nothing; list sources otherwise (per database, PRISMA item 7).
    if (sources.length > 1 || (sources[0] && sources[0].label.toLowerCase() !== kind.label.toLowerCase())) {
      for (const s of sources) lines.push({ text: `${s.label} ${n(s.n)}`, indent: true });
    }
  }
  if (arm.identifiedByKind.length === 0) lines.push({ text: databases ? `Databases ${n(0)}` : `Other methods ${n(0)}` });
  return lines;
}

function duplicateLines(arm: PrismaArm, otherArmName: string, screened: boolean): Line[] {
  const lines: Line[] = [{ text: screened ? 'Records removed before screening:' : 'Records removed:', bold: true }, { text: `Duplicate records removed ${n(arm.duplicates)}` }];
  if (arm.duplicatesOfOtherArm > 0) lines.push({ text: `of which also found by ${otherArmName} ${n(arm.duplicatesOfOtherArm)}`, indent: true });
  if (arm.excludedAutomation !== undefined) lines.push({ text: `Records marked as ineligible by automation tools ${n(arm.excludedAutomation)}` });
  return lines;
}

export function renderFlowSvg(flow: PrismaFlow): string {
  const db = flow.databases;
  const other = flow.other;
  const x1 = BAND_X + BAND_W + COL_GAP / 2;
  const x2 = x1 + COLS.dbMain + COL_GAP;
  const x3 = x2 + COLS.dbSide + COL_GAP;
  const x4 = x3 + COLS.otherMain + COL_GAP;
  const width = x4 + COLS.otherSide + MARGIN;

  const headerDb = makeBox(x1, x2 + COLS.dbSide - x1, [{ text: 'Identification of studies via databases and registers', bold: true }], COLORS.dbHeader, true);
  const headerOther = makeBox(x3, x4 + COLS.otherSide - x3, [{ text: 'Identification of studies via other methods', bold: true }], COLORS.otherHeader, true);

  const rows: (Box | undefined)[][] = [
    [
      makeBox(x1, COLS.dbMain, identifiedLines(db, true)),
      makeBox(x2, COLS.dbSide, duplicateLines(db, 'other methods', true)),
      makeBox(x3, COLS.otherMain, identifiedLines(other, false)),
      other.duplicates > 0 ? makeBox(x4, COLS.otherSide, duplicateLines(other, 'databases', false)) : undefined,
    ],
    [
      makeBox(x1, COLS.dbMain, [{ text: `Records screened ${n(db.screened ?? 0)}` }]),
      makeBox(x2, COLS.dbSide, [{ text: `Records excluded ${n(db.excludedScreening ?? 0)}`, bold: reasonLines(db.excludedScreeningByReason).length > 0 }, ...reasonLines(db.excludedScreeningByReason)]),
      undefined,
      undefined,
    ],
    [
      makeBox(x1, COLS.dbMain, [{ text: `Reports sought for retrieval ${n(db.sought)}` }]),
      makeBox(x2, COLS.dbSide, [{ text: `Reports not retrieved ${n(db.notRetrieved)}` }]),
      makeBox(x3, COLS.otherMain, [{ text: `Reports sought for retrieval ${n(other.sought)}` }]),
      makeBox(x4, COLS.otherSide, [{ text: `Reports not retrieved ${n(other.notRetrieved)}` }]),
    ],
    [
      makeBox(x1, COLS.dbMain, [{ text: `Reports assessed for eligibility ${n(db.assessed)}` }]),
      makeBox(x2, COLS.dbSide, [{ text: `Reports excluded ${n(db.excluded)}${db.excluded ? ':' : ''}`, bold: db.excluded > 0 }, ...reasonLines(db.excludedByReason)]),
      makeBox(x3, COLS.otherMain, [{ text: `Reports assessed for eligibility ${n(other.assessed)}` }]),
      makeBox(x4, COLS.otherSide, [{ text: `Reports excluded ${n(other.excluded)}${other.excluded ? ':' : ''}`, bold: other.excluded > 0 }, ...reasonLines(other.excludedByReason)]),
    ],
    [
      makeBox(x1, COLS.dbMain + COL_GAP + COLS.dbSide, [
        { text: `Studies included in review ${n(flow.included.studies)}`, bold: true },
        { text: `Reports of included studies ${n(flow.included.reports)}`, bold: true },
        { text: `via databases and registers ${n(flow.included.databases)}`, indent: true },
        { text: `via other methods ${n(flow.included.other)}`, indent: true },
      ]),
      undefined,
      undefined,
      undefined,
    ],
  ];

  // Vertical layout: headers, then rows; a main box and its side box share the taller height.
  headerDb.h = headerOther.h = Math.max(headerDb.h, headerOther.h);
  headerDb.y = headerOther.y = MARGIN;
  let y = MARGIN + headerDb.h + ROW_GAP;
  const rowTop: number[] = [];
  const rowBottom: number[] = [];
  for (const row of rows) {
    const pairs: [Box | undefined, Box | undefined][] = [[row[0], row[1]], [row[2], row[3]]];
    for (const [main, side] of pairs) {
      if (main && side) main.h = side.h = Math.max(main.h, side.h);
    }
    const h = Math.max(...row.map((b) => b?.h ?? 0));
    for (const b of row) if (b) b.y = y;
    rowTop.push(y);
    rowBottom.push(y + h);
    y += h + ROW_GAP;
  }
  const height = y - ROW_GAP + MARGIN;

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(FONT)}" font-size="${FONT_SIZE}">`);
  out.push(`<title>${escapeXml(`PRISMA 2020 flow diagram: ${flow.title}`)}</title>`);
  out.push('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#000000"/></marker></defs>');
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#FFFFFF"/>`);

  const band = (label: string, top: number, bottom: number): void => {
    const cy = Math.round((top + bottom) / 2);
    const cx = BAND_X + BAND_W / 2;
    out.push(`<rect x="${BAND_X}" y="${top}" width="${BAND_W}" height="${bottom - top}" rx="6" fill="${COLORS.band}" stroke="none"/>`);
    out.push(`<text x="${cx}" y="${cy}" transform="rotate(-90 ${cx} ${cy})" text-anchor="middle" dominant-baseline="central" font-weight="bold">${escapeXml(label)}</text>`);
  };
  band('Identification', rowTop[0] ?? 0, rowBottom[0] ?? 0);
  band('Screening', rowTop[1] ?? 0, rowBottom[3] ?? 0);
  band('Included', rowTop[4] ?? 0, rowBottom[4] ?? 0);

  for (const b of [headerDb, headerOther, ...rows.flat()]) if (b) drawBox(out, b);

  const arrow = (points: [number, number][]): void => {
    out.push(`<polyline points="${points.map(([px, py]) => `${px},${py}`).join(' ')}" fill="none" stroke="#000000" stroke-width="1.5" marker-end="url(#arrow)"/>`);
  };
  const cx = (b: Box): number => Math.round(b.x + b.w / 2);
  const mid = (b: Box): number => Math.round(b.y + b.h / 2);
  const column = (index: 0 | 2): (Box | undefined)[] => rows.map((r) => r[index]);
  // Main column of each arm: arrow from each box to the next box below it (the other arm skips screening).
  for (const index of [0, 2] as const) {
    const boxes = column(index).filter((b): b is Box => b !== undefined);
    for (let i = 0; i + 1 < boxes.length; i++) {
      const from = boxes[i];
      const to = boxes[i + 1];
      if (from && to && to.x === from.x) arrow([[cx(from), from.y + from.h], [cx(from), to.y]]);
    }
  }
  // Main box → side box in each row.
  for (const row of rows) {
    for (const [main, side] of [[row[0], row[1]], [row[2], row[3]]] as const) {
      if (main && side) arrow([[main.x + main.w, mid(main)], [side.x, mid(side)]]);
    }
  }
  // Both arms' assessed boxes flow into the included box.
  const included = rows[4]?.[0];
  const dbAssessed = rows[3]?.[0];
  const otherAssessed = rows[3]?.[2];
  if (included && dbAssessed) arrow([[cx(dbAssessed), dbAssessed.y + dbAssessed.h], [cx(dbAssessed), included.y]]);
  if (included && otherAssessed) arrow([[cx(otherAssessed), otherAssessed.y + otherAssessed.h], [cx(otherAssessed), mid(included)], [included.x + included.w, mid(included)]]);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function drawBox(out: string[], b: Box): void {
  out.push(`<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="${b.fill === COLORS.box ? 0 : 8}" fill="${b.fill}" stroke="${b.fill === COLORS.box ? COLORS.stroke : 'none'}" stroke-width="1.2"/>`);
  const textTop = b.y + Math.round((b.h - b.lines.length * LINE_HEIGHT) / 2);
  b.lines.forEach(([text], i) => {
    const baseline = textTop + i * LINE_HEIGHT + Math.round(LINE_HEIGHT * 0.75);
    const x = b.center ? Math.round(b.x + b.w / 2) : b.x + PAD_X + (b.offsets[i] ?? 0);
    const attrs = [`x="${x}"`, `y="${baseline}"`, b.center ? 'text-anchor="middle"' : '', b.boldLines.has(i) ? 'font-weight="bold"' : ''].filter(Boolean).join(' ');
    out.push(`<text ${attrs}>${escapeXml(text ?? '')}</text>`);
  });
}
