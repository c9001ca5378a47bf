/**
 * Lines of counts from a stage manifest's summary: the stage's own numbers first, then one line per
 * step for stages that keep a summary per step (screen, fulltext, extract), screening progress as
 * "screened KBA 10/1004, ON 0/502" (records each screener has decided of those given them; a verb, so
 * that it does not read as the stage's state).
 */
export function statusCounts(summary: Record<string, unknown>): string[] {
  const flat = numbers(summary);
  const steps = Object.entries(summary)
    .filter(([k, v]) => k !== 'stopping' && v !== null && typeof v === 'object' && !Array.isArray(v))
    .map(([step, v]) => {
      const inner = v as Record<string, unknown>;
      const parts = [numbers(inner), progress(inner.progress)].filter(Boolean);
      return parts.length ? `${step}: ${parts.join(', ')}` : '';
    })
    .filter(Boolean);
  // Screening progress is kept stage-wide (assign and collect both change it), after the stage's numbers.
  return [[flat, progress(summary.progress)].filter(Boolean).join(', '), ...steps, stopping(summary.stopping)].filter(Boolean);
}

/** Screening in rounds (stage-wide, written by reconcile): the stopping rule's figures. */
function stopping(value: unknown): string {
  if (value === null || typeof value !== 'object') return '';
  const s = value as Record<string, unknown>;
  if (typeof s.screened !== 'number' || typeof s.relevantFound !== 'number' || typeof s.recallBound !== 'number') return '';
  const state = s.stopped === true ? 'screening stopped by the rule (decisions/screen-stop/)' : s.ruleMet === true ? 'stopping rule MET: the team may stop (`review screen stop`)' : 'stopping rule not met';
  return `stopping: ${s.screened} screened, ${s.relevantFound} relevant found, about ${String(s.estimatedRemaining)} estimated among ${String(s.unscreened)} unscreened, recall bound ${(s.recallBound * 100).toFixed(1)} %; ${state}`;
}

function numbers(values: Record<string, unknown>): string {
  return Object.entries(values).filter(([, v]) => typeof v === 'number').map(([k, v]) => `${k} ${v}`).join(', ');
}

function progress(value: unknown): string {
  if (!Array.isArray(value)) return '';
  const done = value.filter((p): p is { screener: string; done: number; total: number } =>
    p !== null && typeof p === 'object' && typeof p.screener === 'string' && typeof p.done === 'number' && typeof p.total === 'number');
  return done.length ? `screened ${done.map((p) => `${p.screener} ${p.done}/${p.total}`).join(', ')}` : '';
}
