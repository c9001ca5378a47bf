/** The invariants report: records per screener against the share, per pair, and every record screened exactly reviewsPerRecord times by distinct screeners. */
import type { ScreenInvariants } from '../../model/screen.js';
import type { ScreeningPlan } from './plan.js';
import { count } from '../shared/plural.js';

/** `external`: returned votes (and their records) by screeners not assigned to the record; reported, never a violation. */
export function checkInvariants(plan: ScreeningPlan, screenersByRecord: ReadonlyMap<string, readonly string[]>, external?: { votes: number; records: number }): ScreenInvariants {
  const n = screenersByRecord.size;
  const perScreener = new Map(plan.screeners.map((s) => [s.id, 0]));
  const perPair = new Map<string, number>();
  const violations: string[] = [];
  const order = new Map(plan.screeners.map((s, i) => [s.id, i]));
  for (const [record, screeners] of screenersByRecord) {
    if (screeners.length !== plan.reviewsPerRecord) violations.push(`record ${record} has ${count(screeners.length, 'screener')}, not ${plan.reviewsPerRecord}`);
    if (new Set(screeners).size !== screeners.length) violations.push(`record ${record} has the same screener twice (${screeners.join(', ')})`);
    for (const s of screeners) {
      if (!perScreener.has(s)) violations.push(`record ${record} is assigned to ${s}, who is not in the allocation`);
      perScreener.set(s, (perScreener.get(s) ?? 0) + 1);
    }
    const sorted = [...screeners].sort((x, y) => (order.get(x) ?? 1e9) - (order.get(y) ?? 1e9) || x.localeCompare(y));
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        const key = `${sorted[i]}\u0000${sorted[j]}`;
        perPair.set(key, (perPair.get(key) ?? 0) + 1);
      }
    }
  }
  const shares = new Map(plan.screeners.map((s) => [s.id, s.share]));
  const rows = [...perScreener].map(([screener, records]) => {
    const expected = round((shares.get(screener) ?? 0) * n);
    return { screener, records, expected, deviation: round(records - expected) };
  });
  for (const r of rows) {
    // Exact apportionment of one batch is within one record; later batches top up towards the share.
    if (Math.abs(r.deviation) >= 1 + 1e-9) violations.push(`${r.screener} screens ${count(r.records, 'record')}, ${r.expected} expected (more than one record off)`);
  }
  return {
    schemaVersion: 1,
    ok: violations.length === 0,
    records: n,
    reviewsPerRecord: plan.reviewsPerRecord,
    perScreener: rows,
    perPair: [...perPair].map(([key, records]) => {
      const [a, b] = key.split('\u0000') as [string, string];
      return { a, b, records };
    }),
    violations,
    ...(external ? { externalAllocation: external } : {}),
  };
}

export function formatInvariants(inv: ScreenInvariants): string {
  const lines = [`allocation invariants: ${inv.ok ? 'ok' : 'VIOLATED'} — ${count(inv.records, 'record')}, each screened by ${count(inv.reviewsPerRecord, 'distinct screener')}`];
  for (const s of inv.perScreener) lines.push(`  ${s.screener.padEnd(10)} ${count(s.records, 'record').padStart(15)} (share ${s.expected})`);
  for (const p of inv.perPair) lines.push(`  ${`${p.a} + ${p.b}`.padEnd(21)} ${count(p.records, 'record').padStart(15)}`);
  for (const v of inv.violations.slice(0, 20)) lines.push(`  violation: ${v}`);
  const ext = inv.externalAllocation;
  if (ext && ext.votes) lines.push(`  external allocation: ${ext.votes} returned vote${ext.votes === 1 ? '' : 's'} on ${ext.records} record${ext.records === 1 ? '' : 's'} came from screeners not assigned to them (e.g. a Rayyan project); they count as cast`);
  return lines.join('\n');
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
