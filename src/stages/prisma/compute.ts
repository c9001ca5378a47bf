/**
 * The PRISMA 2020 / PRISMA-ScR flow computed from record states (pure). Each box is counted from the
 * stage output that owns it (import, dedupe, screen, full text), so the identities between boxes are
 * real checks: a stale or incomplete stage output makes one of them fail instead of being absorbed.
 */
import { armOf, type ReviewConfig, type SourceKind } from '../../model/config.js';
import type { FulltextDecision } from '../../model/fulltext.js';
import { automationMethod, automationSummary, type AutomationExclusion } from '../shared/automation-excluded.js';
import { PRISMA_SCHEMA_VERSION, type PrismaArm, type PrismaAutomation, type PrismaCheck, type PrismaCount, type PrismaFlow, type PrismaSourceCount } from '../../model/prisma.js';
import type { ScreenDecision } from '../../model/screen.js';
import type { UniqueRecord } from '../../model/unique.js';

export type Arm = 'databases' | 'other';
export const ARMS: readonly Arm[] = ['databases', 'other'];

/** The part of an imported record the flow needs. */
export interface ImportedRef {
  id: string;
  source: string;
}

export interface PrismaInputs {
  config: ReviewConfig;
  imported: readonly ImportedRef[];
  unique: readonly UniqueRecord[];
  screen: readonly ScreenDecision[];
  fulltext: readonly FulltextDecision[];
  /** Records left unscreened when the team stopped by its stopping rule (stages/screen/automation-excluded.csv). */
  automation?: AutomationExclusion | undefined;
}


export interface PrismaResult {
  flow: PrismaFlow;
  /** Box id (e.g. "databases.excluded.wrong-population") → the record ids behind it. */
  boxes: Map<string, string[]>;
}

export const NO_REASON_ID = '(none)';
const NO_REASON_LABEL = '(no reason recorded)';
const MAX_IDS_IN_DETAIL = 10;

export const KIND_LABELS: Record<SourceKind, string> = {
  database: 'Databases',
  register: 'Registers',
  website: 'Websites',
  organisation: 'Organisations',
  'citation-searching': 'Citation searching',
  expert: 'Experts',
  other: 'Other methods',
};

export function computePrisma(inputs: PrismaInputs): PrismaResult {
  const { config } = inputs;
  const boxes = new Map<string, string[]>();
  const kindOf = (source: string): SourceKind => config.sources.find((s) => s.name === source)?.kind ?? 'database';
  // Undeclared sources count as databases, as in the screening and full-text stages (they were screened).
  const armOfSource = (source: string): Arm => armOf(kindOf(source));
  const uniqueArm = new Map(inputs.unique.map((u) => [u.id, armOfSource(u.firstSource)]));
  const importedSource = new Map(inputs.imported.map((r) => [r.id, r.source]));
  const checks: PrismaCheck[] = [];

  checks.push(checkMembers(inputs));

  const arms = {} as Record<Arm, PrismaArm>;
  for (const arm of ARMS) {
    const identifiedIds = inputs.imported.filter((r) => armOfSource(r.source) === arm).map((r) => r.id);
    boxes.set(`${arm}.identified`, identifiedIds);
    const bySource = sourceCounts(config, inputs.imported, arm, armOfSource, kindOf, boxes);
    const byKind = kindCounts(bySource);

    const armUniques = inputs.unique.filter((u) => uniqueArm.get(u.id) === arm);
    // The member that stands for a unique record in its arm: the kept one when it is from this arm.
    const representatives = new Set(armUniques.map((u) => representative(u, arm, armOfSource)));
    const duplicateIds = identifiedIds.filter((id) => !representatives.has(id));
    boxes.set(`${arm}.duplicates`, duplicateIds);
    const crossArm = inputs.unique
      .filter((u) => uniqueArm.get(u.id) !== arm)
      .flatMap((u) => u.members.filter((m) => armOfSource(importedSource.get(m.id) ?? m.source) === arm).map((m) => m.id));
    const duplicates = identifiedIds.length - armUniques.length;

    let screened: number | null = null;
    let excludedScreening: number | null = null;
    let excludedScreeningByReason: PrismaCount[] = [];
    const armUniqueIds = armUniques.map((u) => u.id);
    const ftRows = inputs.fulltext.filter((d) => d.arm === arm);
    const soughtIds = ftRows.map((d) => d.record_id);
    if (arm === 'databases') {
      const screenIds = inputs.screen.map((d) => d.record_id);
      boxes.set('databases.screened', screenIds);
      screened = screenIds.length;
      const automationIds = inputs.automation?.ids ?? [];
      if (inputs.automation) {
        boxes.set('databases.automation-excluded', [...automationIds]);
        const unscreened = new Set(automationIds);
        checks.push(countCheck('databases.screening', 'identified − duplicates − marked ineligible by automation tools = screened (stages/screen/decisions.csv, automation-excluded.csv)',
          identifiedIds.length - duplicates - automationIds.length, screened, armUniqueIds.filter((id) => !unscreened.has(id)), screenIds, 'unique database-arm record not excluded by automation', 'screened'));
      } else {
        checks.push(countCheck('databases.screening', 'identified − duplicates = screened (stages/screen/decisions.csv)',
          identifiedIds.length - duplicates, screened, armUniqueIds, screenIds, 'unique database-arm record', 'screened'));
      }
      const excludedRows = inputs.screen.filter((d) => d.decision === 'exclude');
      boxes.set('databases.excluded-screening', excludedRows.map((d) => d.record_id));
      excludedScreening = excludedRows.length;
      excludedScreeningByReason = reasonCounts(config, excludedRows.map((d) => ({ id: d.record_id, reason: d.reason })), 'screen', 'databases.excluded-screening', boxes, true).counts;
      const forwarded = inputs.screen.filter((d) => d.decision === 'include').map((d) => d.record_id);
      checks.push(countCheck('databases.sought', 'screened − excluded = sought for retrieval (stages/fulltext/decisions.csv, arm databases)',
        screened - excludedScreening, soughtIds.length, forwarded, soughtIds, 'forwarded by screening', 'in the full-text databases arm'));
    } else {
      checks.push(countCheck('other.sought', 'identified − duplicates = sought for retrieval (stages/fulltext/decisions.csv, arm other)',
        identifiedIds.length - duplicates, soughtIds.length, armUniqueIds, soughtIds, 'unique other-methods record', 'in the full-text other arm'));
    }
    boxes.set(`${arm}.sought`, soughtIds);

    const notRetrieved = ftRows.filter((d) => d.retrieved === 'no');
    const awaiting = ftRows.filter((d) => d.retrieved === '' && d.decision === 'pending');
    const assessed = ftRows.filter((d) => d.retrieved === 'yes' || (d.retrieved === '' && d.decision !== 'pending'));
    const excluded = assessed.filter((d) => d.decision === 'exclude');
    const pending = assessed.filter((d) => d.decision === 'pending');
    const included = assessed.filter((d) => d.decision === 'include');
    boxes.set(`${arm}.not-retrieved`, notRetrieved.map((d) => d.record_id));
    boxes.set(`${arm}.awaiting-retrieval`, awaiting.map((d) => d.record_id));
    boxes.set(`${arm}.assessed`, assessed.map((d) => d.record_id));
    boxes.set(`${arm}.excluded`, excluded.map((d) => d.record_id));
    boxes.set(`${arm}.pending`, pending.map((d) => d.record_id));
    boxes.set(`${arm}.included`, included.map((d) => d.record_id));
    checks.push(check(`${arm}.assessed`, 'sought − not retrieved = assessed', ftRows.length - notRetrieved.length, assessed.length,
      awaiting.length ? `${awaiting.length} report(s) neither retrieved nor marked not retrieved: ${idList(awaiting.map((d) => d.record_id))}` : ''));
    checks.push(check(`${arm}.included`, 'assessed − excluded = included', assessed.length - excluded.length, included.length,
      pending.length ? `${pending.length} assessed report(s) still pending a decision: ${idList(pending.map((d) => d.record_id))}` : ''));
    const reasons = reasonCounts(config, excluded.map((d) => ({ id: d.record_id, reason: d.reason })), 'fulltext', `${arm}.excluded`, boxes, false);
    const reasonSum = reasons.counts.reduce((s, c) => s + c.n, 0);
    checks.push(check(`${arm}.reasons`, 'sum of exclusion reasons = reports excluded', reasonSum, excluded.length,
      reasons.unmatched.length ? `excluded without a review.json full-text reason: ${reasons.unmatched.slice(0, MAX_IDS_IN_DETAIL).map((u) => `${u.id} (${u.reason === '' ? 'no reason' : `"${u.reason}"`})`).join(', ')}` : ''));

    arms[arm] = {
      identified: identifiedIds.length,
      identifiedBySource: bySource,
      identifiedByKind: byKind,
      duplicates,
      duplicatesOfOtherArm: crossArm.length,
      ...(arm === 'databases' && inputs.automation ? { excludedAutomation: inputs.automation.ids.length } : {}),
      screened,
      excludedScreening,
      excludedScreeningByReason,
      sought: soughtIds.length,
      notRetrieved: notRetrieved.length,
      awaitingRetrieval: awaiting.length,
      assessed: assessed.length,
      excluded: excluded.length,
      excludedByReason: reasons.counts,
      pending: pending.length,
      included: included.length,
    };
  }

  const includedIds = [...new Set(inputs.fulltext.filter((d) => d.decision === 'include' && d.retrieved !== 'no').map((d) => d.record_id))];
  boxes.set('included', includedIds);
  const viaArms = arms.databases.included + arms.other.included;
  checks.push(check('included.total', 'included via databases + included via other methods = included sources', viaArms, includedIds.length,
    viaArms !== includedIds.length ? `a record is included more than once in stages/fulltext/decisions.csv: ${idList(repeated(inputs.fulltext.filter((d) => d.decision === 'include').map((d) => d.record_id)))}` : ''));

  const flow: PrismaFlow = {
    schemaVersion: PRISMA_SCHEMA_VERSION,
    title: config.title,
    databases: arms.databases,
    other: arms.other,
    included: { studies: includedIds.length, reports: includedIds.length, databases: arms.databases.included, other: arms.other.included },
    ...(inputs.automation?.rule ? { automation: automationOf(inputs.automation) } : {}),
    checks,
  };
  return { flow, boxes };
}

function automationOf(exclusion: AutomationExclusion): PrismaAutomation | undefined {
  const a = automationSummary(exclusion);
  return a ? { ...a, method: automationMethod(a.order) } : undefined;
}

function representative(u: UniqueRecord, arm: Arm, armOfSource: (s: string) => Arm): string {
  const kept = u.members.find((m) => m.id === u.id);
  if (kept && armOfSource(kept.source) === arm) return u.id;
  return u.members.find((m) => armOfSource(m.source) === arm)?.id ?? u.id;
}

function sourceCounts(
  config: ReviewConfig, imported: readonly ImportedRef[], arm: Arm,
  armOfSource: (s: string) => Arm, kindOf: (s: string) => SourceKind, boxes: Map<string, string[]>,
): PrismaSourceCount[] {
  const declared = config.sources.map((s) => s.name);
  const seen = [...new Set(imported.map((r) => r.source))];
  const names = [...declared.filter((n) => armOfSource(n) === arm), ...seen.filter((n) => !declared.includes(n) && armOfSource(n) === arm).sort()];
  return names.map((name) => {
    const ids = imported.filter((r) => r.source === name).map((r) => r.id);
    boxes.set(`${arm}.identified.${name}`, ids);
    return { id: name, label: name, kind: kindOf(name), n: ids.length };
  });
}

function kindCounts(bySource: readonly PrismaSourceCount[]): PrismaCount[] {
  const order = Object.keys(KIND_LABELS) as SourceKind[];
  return order
    .filter((k) => bySource.some((s) => s.kind === k))
    .map((k) => ({ id: k, label: KIND_LABELS[k], n: bySource.filter((s) => s.kind === k).reduce((sum, s) => sum + s.n, 0) }));
}

/** Counts per exclusion reason in review.json order; at full text every configured reason is listed, even at 0. */
function reasonCounts(
  config: ReviewConfig, rows: readonly { id: string; reason: string }[], stage: 'screen' | 'fulltext',
  boxPrefix: string, boxes: Map<string, string[]>, countUnrecorded: boolean,
): { counts: PrismaCount[]; unmatched: { id: string; reason: string }[] } {
  const all = config.exclusionReasons?.reasons ?? [];
  const known = new Map(all.map((r) => [r.id, r]));
  const counts: PrismaCount[] = [];
  const listed = stage === 'fulltext' ? all.filter((r) => r.stages.includes('fulltext')) : [];
  const used = [...new Set(rows.map((r) => r.reason).filter((r) => r !== ''))];
  const ids = [...listed.map((r) => r.id), ...used.filter((id) => known.has(id) && !listed.some((r) => r.id === id))];
  for (const id of ids) {
    const members = rows.filter((r) => r.reason === id).map((r) => r.id);
    boxes.set(`${boxPrefix}.${id}`, members);
    counts.push({ id, label: known.get(id)?.label ?? id, n: members.length });
  }
  const unmatched = rows.filter((r) => !known.has(r.reason));
  if (countUnrecorded) {
    // At title/abstract a reason is optional: unknown ids are shown as typed, the rest as unrecorded.
    for (const id of used.filter((u) => !known.has(u)).sort()) {
      const members = rows.filter((r) => r.reason === id).map((r) => r.id);
      boxes.set(`${boxPrefix}.${id}`, members);
      counts.push({ id, label: id, n: members.length });
    }
    const none = rows.filter((r) => r.reason === '').map((r) => r.id);
    if (none.length && counts.length) {
      boxes.set(`${boxPrefix}.${NO_REASON_ID}`, none);
      counts.push({ id: NO_REASON_ID, label: NO_REASON_LABEL, n: none.length });
    }
  }
  return { counts, unmatched };
}

function checkMembers(inputs: PrismaInputs): PrismaCheck {
  const memberIds = inputs.unique.flatMap((u) => u.members.map((m) => m.id));
  const importedIds = inputs.imported.map((r) => r.id);
  const importedSet = new Set(importedIds);
  const memberSet = new Set(memberIds);
  const missing = importedIds.filter((id) => !memberSet.has(id));
  const unknown = memberIds.filter((id) => !importedSet.has(id));
  const twice = repeated(memberIds);
  const parts = [
    missing.length ? `imported but in no unique record: ${idList(missing)}` : '',
    unknown.length ? `members not in stages/import/records.jsonl: ${idList(unknown)}` : '',
    twice.length ? `members of more than one unique record: ${idList(twice)}` : '',
  ].filter(Boolean);
  const ok = parts.length === 0 && importedIds.length === memberIds.length;
  return { id: 'dedupe.members', identity: 'records imported = members of unique records (stages/dedupe/unique.jsonl)', expected: importedIds.length, actual: memberIds.length, ok, detail: parts.join('; ') };
}

/** A count identity whose two sides are also record sets: equal counts of different records still fail. */
function countCheck(id: string, identity: string, expected: number, actual: number, expectedIds: readonly string[], actualIds: readonly string[], expectedName: string, actualName: string): PrismaCheck {
  const a = new Set(expectedIds);
  const b = new Set(actualIds);
  const missing = expectedIds.filter((x) => !b.has(x));
  const extra = actualIds.filter((x) => !a.has(x));
  const twice = repeated(actualIds);
  const parts = [
    missing.length ? `${expectedName} but not ${actualName}: ${idList(missing)}` : '',
    extra.length ? `${actualName} but not ${expectedName}: ${idList(extra)}` : '',
    twice.length ? `listed more than once: ${idList(twice)}` : '',
  ].filter(Boolean);
  return { id, identity, expected, actual, ok: expected === actual && parts.length === 0, detail: parts.join('; ') };
}

function check(id: string, identity: string, expected: number, actual: number, detail: string): PrismaCheck {
  return { id, identity, expected, actual, ok: expected === actual, detail: expected === actual ? '' : detail };
}

function repeated(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const id of ids) (seen.has(id) ? twice : seen).add(id);
  return [...twice];
}

function idList(ids: readonly string[]): string {
  const shown = ids.slice(0, MAX_IDS_IN_DETAIL).join(', ');
  return ids.length > MAX_IDS_IN_DETAIL ? `${shown} … (${ids.length} in all)` : shown;
}

export function failedChecks(flow: PrismaFlow): PrismaCheck[] {
  return flow.checks.filter((c) => !c.ok);
}

/** "databases.screening: identified − duplicates = screened: expected 120, counted 118 (…)". */
export function describeCheck(c: PrismaCheck): string {
  return `${c.id}: ${c.identity} does not hold: expected ${c.expected}, counted ${c.actual}${c.detail ? ` (${c.detail})` : ''}`;
}
