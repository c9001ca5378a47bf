/**
 * Agreement between two raters who labelled the same items: percent agreement and Cohen's kappa
 * (Cohen 1960), for any set of category labels. Pure functions, shared by the stages that have
 * double assessment (full text, extraction) so every stage reports agreement the same way.
 */

export interface PairedLabels {
  a: string;
  b: string;
}

export interface Agreement {
  n: number;
  agreed: number;
  /** Share of items with the same label (0–1); null when there are no items. */
  percentAgreement: number | null;
  /** (po − pe) / (1 − pe); null when undefined (no items, or chance agreement is 1: both raters used one and the same label throughout). */
  kappa: number | null;
}

export function agreement(pairs: readonly PairedLabels[]): Agreement {
  const n = pairs.length;
  if (n === 0) return { n, agreed: 0, percentAgreement: null, kappa: null };
  const agreed = pairs.filter((p) => p.a === p.b).length;
  const po = agreed / n;
  const countA = new Map<string, number>();
  const countB = new Map<string, number>();
  for (const p of pairs) {
    countA.set(p.a, (countA.get(p.a) ?? 0) + 1);
    countB.set(p.b, (countB.get(p.b) ?? 0) + 1);
  }
  let pe = 0;
  for (const [label, ca] of countA) pe += (ca / n) * ((countB.get(label) ?? 0) / n);
  const kappa = pe >= 1 - 1e-12 ? null : (po - pe) / (1 - pe);
  return { n, agreed, percentAgreement: round(po), kappa: kappa === null ? null : round(kappa) };
}

/** Four decimals: enough for reporting, and stable text in CSV files across platforms. */
function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
