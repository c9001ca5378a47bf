/**
 * Inter-rater agreement between two raters on the same records (pure), the one implementation every
 * stage with double assessment uses (title/abstract screening, full text), so they report alike:
 * percent agreement; Cohen's kappa (Cohen 1960) with a 95% CI clipped to [−1, 1] (large-sample
 * standard error sqrt(po(1−po) / (n(1−pe)²))); Gwet's AC1 (chance agreement Σπk(1−πk)/(q−1), robust
 * when almost everything is excluded); and PABAK ((q·po − 1)/(q − 1)).
 *
 * AC1 and PABAK depend on q, the number of categories. q is the categories the raters were offered
 * AND used: a "maybe" that is offered but never chosen makes the decision two-way in fact, and
 * counting it would inflate both statistics (AC1 0.7619 instead of 0.7059 on 8 of 10 agreed with
 * a 20/80 split). At least two categories are always kept (the first offered ones), because a
 * decision is never one-way; the categories used are returned so every output can state them.
 */
import type { AgreementStatsRow } from '../../model/agreement.js';
import { count } from './plural.js';

/** One comparison: the labels two raters gave the same record. */
export interface LabelPair {
  record: string;
  a: string;
  b: string;
}

export interface AgreementStats {
  /** Categories the statistics are computed over (offered and used, in the offered order). */
  categories: string[];
  /** Pairs of votes compared: one per record and pair of raters. */
  votePairs: number;
  /** Distinct records those pairs are about (fewer than votePairs when a record has 3+ raters). */
  records: number;
  agreed: number;
  /** 100 · agreed / votePairs; null when nothing was compared. */
  percentAgreement: number | null;
  /** null when undefined (nothing compared, or chance agreement is 1: one label throughout). */
  kappa: number | null;
  kappaLow: number | null;
  kappaHigh: number | null;
  ac1: number | null;
  pabak: number | null;
}

/** The categories to compute over: offered ones that some vote used, at least two, then any used label not offered (never dropped). */
export function agreementCategories(pairs: readonly LabelPair[], offered: readonly string[]): string[] {
  const used = new Set<string>();
  for (const p of pairs) {
    used.add(p.a);
    used.add(p.b);
  }
  const out = offered.filter((c) => used.has(c));
  for (const c of offered) {
    if (out.length >= 2) break;
    if (!out.includes(c)) out.push(c);
  }
  out.sort((x, y) => offered.indexOf(x) - offered.indexOf(y));
  for (const c of [...used].sort()) if (!offered.includes(c)) out.push(c);
  return out;
}

export function agreement(pairs: readonly LabelPair[], offered: readonly string[]): AgreementStats {
  const categories = agreementCategories(pairs, offered);
  const n = pairs.length;
  const records = new Set(pairs.map((p) => p.record)).size;
  const empty = { categories, votePairs: n, records, agreed: 0, percentAgreement: null, kappa: null, kappaLow: null, kappaHigh: null, ac1: null, pabak: null };
  if (n === 0) return empty;
  const q = categories.length;
  const countA = new Map<string, number>();
  const countB = new Map<string, number>();
  let agreed = 0;
  for (const p of pairs) {
    if (p.a === p.b) agreed++;
    countA.set(p.a, (countA.get(p.a) ?? 0) + 1);
    countB.set(p.b, (countB.get(p.b) ?? 0) + 1);
  }
  const po = agreed / n;
  let pe = 0;
  let peGwet = 0;
  for (const c of categories) {
    const pa = (countA.get(c) ?? 0) / n;
    const pb = (countB.get(c) ?? 0) / n;
    pe += pa * pb;
    const pi = (pa + pb) / 2;
    peGwet += pi * (1 - pi);
  }
  peGwet /= q - 1;
  const kappa = pe < 1 - 1e-12 ? (po - pe) / (1 - pe) : null;
  const se = kappa === null ? null : Math.sqrt((po * (1 - po)) / (n * (1 - pe) ** 2));
  return {
    ...empty,
    agreed,
    percentAgreement: round(100 * po),
    kappa: kappa === null ? null : round(kappa),
    kappaLow: kappa === null || se === null ? null : round(Math.max(-1, kappa - 1.96 * se)),
    kappaHigh: kappa === null || se === null ? null : round(Math.min(1, kappa + 1.96 * se)),
    ac1: peGwet < 1 - 1e-12 ? round((po - peGwet) / (1 - peGwet)) : null,
    pabak: round((q * po - 1) / (q - 1)),
  };
}

export function agreementRow(s: AgreementStats): AgreementStatsRow {
  return {
    records: s.records, vote_pairs: s.votePairs, agreed: s.agreed, percent_agreement: s.percentAgreement,
    kappa: s.kappa, kappa_ci_low: s.kappaLow, kappa_ci_high: s.kappaHigh, ac1: s.ac1, pabak: s.pabak, categories: s.categories.join(';'),
  };
}

/** One console line: which categories, what n counts, then the statistics. */
export function formatAgreement(row: AgreementStatsRow): string {
  const dash = (x: number | null): string => (x === null ? '–' : String(x));
  const over = row.records === row.vote_pairs ? count(row.records, 'record') : `${count(row.vote_pairs, 'vote pair')} on ${count(row.records, 'record')}`;
  return `${over}, agree ${row.percent_agreement === null ? '–' : row.percent_agreement.toFixed(1)}%  kappa ${dash(row.kappa)} [${dash(row.kappa_ci_low)}, ${dash(row.kappa_ci_high)}]  AC1 ${dash(row.ac1)}  PABAK ${dash(row.pabak)}  (categories: ${row.categories.split(';').join(', ')})`;
}

/** Four decimals: enough for reporting, and stable text in CSV files across platforms. */
function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
