/**
 * Inter-rater agreement for two raters on the same records (pure): percent agreement, Cohen's kappa
 * with a 95% CI clipped to [−1, 1] (large-sample standard error, Cohen 1960: sqrt(po(1−po) / (n(1−pe)²))), Gwet's AC1
 * (chance agreement Σπk(1−πk)/(q−1), robust when almost everything is excluded) and PABAK
 * ((q·po − 1)/(q − 1)), with q the number of decision labels.
 */
export interface Agreement {
  n: number;
  agreed: number;
  percent: number;
  kappa: number | null;
  kappaLow: number | null;
  kappaHigh: number | null;
  ac1: number | null;
  pabak: number | null;
}

export function agreement(pairs: readonly (readonly [string, string])[], categories: readonly string[]): Agreement {
  const n = pairs.length;
  const q = categories.length;
  if (n === 0) return { n: 0, agreed: 0, percent: 0, kappa: null, kappaLow: null, kappaHigh: null, ac1: null, pabak: null };
  const a = new Map(categories.map((c) => [c, 0]));
  const b = new Map(categories.map((c) => [c, 0]));
  let agreed = 0;
  for (const [x, y] of pairs) {
    if (x === y) agreed++;
    a.set(x, (a.get(x) ?? 0) + 1);
    b.set(y, (b.get(y) ?? 0) + 1);
  }
  const po = agreed / n;
  let pe = 0;
  let peGwet = 0;
  for (const c of new Set([...categories, ...a.keys(), ...b.keys()])) {
    const pa = (a.get(c) ?? 0) / n;
    const pb = (b.get(c) ?? 0) / n;
    pe += pa * pb;
    const pi = (pa + pb) / 2;
    peGwet += pi * (1 - pi);
  }
  peGwet = q > 1 ? peGwet / (q - 1) : 1;
  const kappa = pe < 1 ? (po - pe) / (1 - pe) : null;
  const se = pe < 1 ? Math.sqrt((po * (1 - po)) / (n * (1 - pe) ** 2)) : null;
  return {
    n,
    agreed,
    percent: round(100 * po),
    kappa: kappa === null ? null : round(kappa),
    kappaLow: kappa === null || se === null ? null : round(Math.max(-1, kappa - 1.96 * se)),
    kappaHigh: kappa === null || se === null ? null : round(Math.min(1, kappa + 1.96 * se)),
    ac1: peGwet < 1 ? round((po - peGwet) / (1 - peGwet)) : null,
    pabak: q > 1 ? round((q * po - 1) / (q - 1)) : null,
  };
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
