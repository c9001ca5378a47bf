/**
 * Each imported record's state (pure): the last stage output that decided something about it, walked
 * in pipeline order (dedupe, stopping rule, title/abstract, full text), with the file and line that
 * decided it. The PRISMA boxes are counts of these rows (compute.ts).
 */
import { armOf, type ReviewConfig, type SourceKind } from '../../model/config.js';
import type { FulltextDecision } from '../../model/fulltext.js';
import type { RecordState, RecordStateRow } from '../../model/record-state.js';
import type { AutomationExcluded } from '../../model/screen.js';
import { automationRuleText } from '../shared/automation-excluded.js';
import type { ScreenDecision } from '../../model/screen.js';
import type { UniqueRecord } from '../../model/unique.js';

export type Arm = 'databases' | 'other';

/** The part of an imported record the flow needs. */
export interface ImportedRef {
  id: string;
  source: string;
}

/** Project-relative names of the stage files a state can be decided by. */
export interface DecidingFiles {
  imported: string;
  unique: string;
  screen: string;
  fulltext: string;
  automation: string;
}

export const DEFAULT_DECIDING_FILES: DecidingFiles = {
  imported: 'stages/import/records.jsonl',
  unique: 'stages/dedupe/unique.jsonl',
  screen: 'stages/screen/decisions.csv',
  fulltext: 'stages/fulltext/decisions.csv',
  automation: 'stages/screen/automation-excluded.csv',
};

/** Line numbers of each input's rows; without them JSON lines count from 1 and CSV rows from 2 (one-line cells). */
export interface InputLines {
  imported?: readonly number[];
  unique?: readonly number[];
  screen?: readonly number[];
  fulltext?: readonly number[];
  automation?: readonly number[];
}

export interface StateInputs {
  config: ReviewConfig;
  imported: readonly ImportedRef[];
  unique: readonly UniqueRecord[];
  screen: readonly ScreenDecision[];
  fulltext: readonly FulltextDecision[];
  /** Records left unscreened when screening stopped by a rule; undefined when screening did not stop. */
  automation?: readonly AutomationExcluded[];
  lines?: InputLines;
  files?: DecidingFiles;
}

export function sourceArms(config: ReviewConfig): { kindOf: (source: string) => SourceKind; armOfSource: (source: string) => Arm } {
  const kinds = new Map(config.sources.map((s) => [s.name, s.kind]));
  // Undeclared sources count as databases, as in the screening and full-text stages (they were screened).
  const kindOf = (source: string): SourceKind => kinds.get(source) ?? 'database';
  return { kindOf, armOfSource: (source) => armOf(kindOf(source)) };
}

/** The member that stands for a unique record in an arm: the kept one when it is from this arm. */
export function representative(u: UniqueRecord, arm: Arm, armOfSource: (s: string) => Arm): string {
  const kept = u.members.find((m) => m.id === u.id);
  if (kept && armOfSource(kept.source) === arm) return u.id;
  return u.members.find((m) => armOfSource(m.source) === arm)?.id ?? u.id;
}

interface Located<T> {
  row: T;
  line: number;
}

/** id → the row (the last one when a file lists an id twice: the identities report the repeat). */
function byId<T>(rows: readonly T[], id: (row: T) => string, lines: readonly number[] | undefined, firstLine: number): Map<string, Located<T>> {
  const out = new Map<string, Located<T>>();
  rows.forEach((row, i) => out.set(id(row), { row, line: lines?.[i] ?? i + firstLine }));
  return out;
}

export function recordStates(inputs: StateInputs): RecordStateRow[] {
  const files = inputs.files ?? DEFAULT_DECIDING_FILES;
  const lines = inputs.lines ?? {};
  const { armOfSource } = sourceArms(inputs.config);
  const uniqueArm = (u: UniqueRecord): Arm => armOfSource(u.firstSource);

  // Which unique record an imported record stands for (in its own arm), and which it belongs to.
  const standsFor = new Map<string, Located<UniqueRecord>>();
  const memberOf = new Map<string, Located<UniqueRecord>>();
  inputs.unique.forEach((u, i) => {
    const at = { row: u, line: lines.unique?.[i] ?? i + 1 };
    const rep = representative(u, uniqueArm(u), armOfSource);
    if (!standsFor.has(rep)) standsFor.set(rep, at);
    for (const m of u.members) if (!memberOf.has(m.id)) memberOf.set(m.id, at);
  });
  const screen = byId(inputs.screen, (d) => d.record_id, lines.screen, 2);
  const fulltext = byId(inputs.fulltext, (d) => d.record_id, lines.fulltext, 2);
  const automation = byId(inputs.automation ?? [], (d) => d.record_id, lines.automation, 2);

  return inputs.imported.map((r, i) => {
    const arm = armOfSource(r.source);
    const base = { record_id: r.id, source: r.source, arm };
    const own = standsFor.get(r.id);
    if (!own || uniqueArm(own.row) !== arm) {
      const of = memberOf.get(r.id);
      return of
        ? { ...base, state: 'duplicate', unique_id: of.row.id, reason: '', decided_by: files.unique, line: of.line }
        : { ...base, state: 'awaiting-dedupe', unique_id: '', reason: '', decided_by: files.imported, line: lines.imported?.[i] ?? i + 1 };
    }
    const id = own.row.id;
    const state = (s: RecordState, reason: string, decidedBy: string, line: number): RecordStateRow =>
      ({ ...base, state: s, unique_id: id, reason, decided_by: decidedBy, line });
    // The latest stage that decided something wins; a decision a stage should not have made (a full-text row
    // for a record excluded at title/abstract) is reported by the identities, not hidden here.
    const ft = fulltext.get(id);
    if (ft) return state(fulltextState(ft.row), ft.row.decision === 'exclude' && ft.row.retrieved !== 'no' ? ft.row.reason : '', files.fulltext, ft.line);
    if (arm === 'other') return state('awaiting-fulltext', '', files.unique, own.line);
    const sd = screen.get(id);
    if (sd) return state(sd.row.decision === 'exclude' ? 'excluded-screening' : 'awaiting-fulltext', sd.row.decision === 'exclude' ? sd.row.reason : '', files.screen, sd.line);
    const auto = automation.get(id);
    if (auto) return state('excluded-automation', automationRuleText(auto.row), files.automation, auto.line);
    return state('awaiting-screening', '', files.unique, own.line);
  });
}

/** As the PRISMA boxes read a full-text row: not retrieved, awaiting retrieval, or assessed with its decision. */
function fulltextState(d: FulltextDecision): RecordState {
  if (d.retrieved === 'no') return 'not-retrieved';
  if (d.retrieved === '' && d.decision === 'pending') return 'awaiting-retrieval';
  if (d.decision === 'pending') return 'awaiting-decision';
  return d.decision === 'include' ? 'included' : 'excluded-fulltext';
}
