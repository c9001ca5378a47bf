/**
 * The PRISMA 2020 / PRISMA-ScR flow (pure). Every box is a count of record-states rows (states.ts):
 * a PRISMA number is the number of records in the states behind the box (RECORD_STATE_BOXES). The
 * identities between boxes are checked on the stage outputs themselves (import, dedupe, screen, full
 * text), so a stale or incomplete stage output makes one of them fail instead of being absorbed.
 */
import { type ReviewConfig, type SourceKind } from '../../model/config.js';
import { PRISMA_SCHEMA_VERSION, type PrismaArm, type PrismaCheck, type PrismaAutomation, type PrismaCount, type PrismaFlow, type PrismaSourceCount } from '../../model/prisma.js';
import { RECORD_STATE_BOXES, type RecordState, type RecordStateRow } from '../../model/record-state.js';
import { automationExclusionOf, automationMethod, automationSummary, type AutomationExclusion } from '../shared/automation-excluded.js';
import { DEFAULT_DECIDING_FILES, recordStates, sourceArms, type Arm, type StateInputs } from './states.js';

export type { Arm, ImportedRef } from './states.js';
export const ARMS: readonly Arm[] = ['databases', 'other'];

export type PrismaInputs = StateInputs;


export interface PrismaResult {
  flow: PrismaFlow;
  /** Box id (e.g. "databases.excluded.wrong-population") → the record ids behind it. */
  boxes: Map<string, string[]>;
  /** One row per imported record: stages/prisma/record-states.csv. */
  states: RecordStateRow[];
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
  const states = recordStates(inputs);
  const checks = identityChecks(inputs);
  const files = inputs.files ?? DEFAULT_DECIDING_FILES;
  const order = [files.imported, files.unique, files.automation, files.screen, files.fulltext];
  const automation = inputs.automation ? automationExclusionOf(inputs.automation) : undefined;
  const { flow, boxes } = countFlow(inputs.config, states, automation, checks, order);
  return { flow, boxes, states };
}

type BoxName = keyof typeof RECORD_STATE_BOXES;

/** The boxes of the flow, each counted from the record-states rows. */
function countFlow(
  config: ReviewConfig, states: readonly RecordStateRow[], automation: AutomationExclusion | undefined, checks: PrismaCheck[], fileOrder: readonly string[],
): { flow: PrismaFlow; boxes: Map<string, string[]> } {
  const boxes = new Map<string, string[]>();
  const { kindOf, armOfSource } = sourceArms(config);
  const arms = {} as Record<Arm, PrismaArm>;
  for (const arm of ARMS) {
    const rows = states.filter((r) => r.arm === arm);
    const inBox = (box: BoxName): RecordStateRow[] => {
      const wanted: readonly RecordState[] = RECORD_STATE_BOXES[box];
      return rows.filter((r) => wanted.includes(r.state));
    };
    // After deduplication a box lists unique records in the order of the files that decided them.
    const decided = (box: BoxName): RecordStateRow[] => inDecidingOrder(inBox(box), fileOrder);
    const uniqueIds = (box: BoxName): string[] => decided(box).map((r) => r.unique_id);

    boxes.set(`${arm}.identified`, rows.map((r) => r.record_id));
    const bySource = sourceCounts(config, rows, arm, armOfSource, kindOf, boxes);
    const duplicates = inBox('duplicates');
    boxes.set(`${arm}.duplicates`, duplicates.map((r) => r.record_id));
    // A duplicate whose unique record stands for itself in no row of this arm was found first by the other arm.
    const standing = new Set(rows.filter((r) => r.state !== 'duplicate').map((r) => r.unique_id));
    const crossArm = duplicates.filter((r) => !standing.has(r.unique_id));

    let screened: number | null = null;
    let excludedScreening: number | null = null;
    let excludedScreeningByReason: PrismaCount[] = [];
    let excludedAutomation: number | undefined;
    if (arm === 'databases') {
      if (automation) {
        boxes.set('databases.automation-excluded', uniqueIds('excludedAutomation'));
        excludedAutomation = inBox('excludedAutomation').length;
      }
      boxes.set('databases.screened', uniqueIds('screened'));
      screened = inBox('screened').length;
      const excludedRows = decided('excludedScreening');
      boxes.set('databases.excluded-screening', excludedRows.map((r) => r.unique_id));
      excludedScreening = excludedRows.length;
      excludedScreeningByReason = reasonCounts(config, excludedRows.map((r) => ({ id: r.unique_id, reason: r.reason })), 'screen', 'databases.excluded-screening', boxes, true).counts;
    }
    for (const [box, name] of [['sought', 'sought'], ['notRetrieved', 'not-retrieved'], ['awaitingRetrieval', 'awaiting-retrieval'], ['assessed', 'assessed'],
      ['excluded', 'excluded'], ['pending', 'pending'], ['included', 'included']] as const) boxes.set(`${arm}.${name}`, uniqueIds(box));
    const excluded = decided('excluded');
    const reasons = reasonCounts(config, excluded.map((r) => ({ id: r.unique_id, reason: r.reason })), 'fulltext', `${arm}.excluded`, boxes, false);

    arms[arm] = {
      identified: rows.length,
      identifiedBySource: bySource,
      identifiedByKind: kindCounts(bySource),
      duplicates: duplicates.length,
      duplicatesOfOtherArm: crossArm.length,
      ...(excludedAutomation === undefined ? {} : { excludedAutomation }),
      screened,
      excludedScreening,
      excludedScreeningByReason,
      sought: inBox('sought').length,
      notRetrieved: inBox('notRetrieved').length,
      awaitingRetrieval: inBox('awaitingRetrieval').length,
      assessed: inBox('assessed').length,
      excluded: excluded.length,
      excludedByReason: reasons.counts,
      pending: inBox('pending').length,
      included: inBox('included').length,
    };
  }

  const includedIds = [...new Set(inDecidingOrder(states.filter((r) => r.state === 'included'), fileOrder).map((r) => r.unique_id))];
  boxes.set('included', includedIds);
  const flow: PrismaFlow = {
    schemaVersion: PRISMA_SCHEMA_VERSION,
    title: config.title,
    databases: arms.databases,
    other: arms.other,
    included: { studies: includedIds.length, reports: includedIds.length, databases: arms.databases.included, other: arms.other.included },
    ...(automation?.rule ? { automation: automationOf(automation) } : {}),
    checks,
  };
  return { flow, boxes };
}

function automationOf(exclusion: AutomationExclusion): PrismaAutomation | undefined {
  const a = automationSummary(exclusion);
  return a ? { ...a, method: automationMethod(a.order) } : undefined;
}

/** Rows sorted by the pipeline order of the file that decided them, then by line (stable). */
function inDecidingOrder(rows: readonly RecordStateRow[], fileOrder: readonly string[]): RecordStateRow[] {
  return [...rows].sort((a, b) => fileOrder.indexOf(a.decided_by) - fileOrder.indexOf(b.decided_by) || a.line - b.line);
}

/**
 * Every identity, checked on the stage outputs themselves (not on the states, where each record has
 * exactly one state by construction): a decision about a record the earlier stage does not have, a
 * record listed twice, or a record missing from the later stage each break the identity it belongs to.
 */
function identityChecks(inputs: PrismaInputs): PrismaCheck[] {
  const { config } = inputs;
  const { armOfSource } = sourceArms(config);
  const uniqueArm = new Map(inputs.unique.map((u) => [u.id, armOfSource(u.firstSource)]));
  const checks: PrismaCheck[] = [checkMembers(inputs)];
  const unused = new Map<string, string[]>();

  for (const arm of ARMS) {
    const identifiedIds = inputs.imported.filter((r) => armOfSource(r.source) === arm).map((r) => r.id);
    const armUniqueIds = inputs.unique.filter((u) => uniqueArm.get(u.id) === arm).map((u) => u.id);
    const duplicates = identifiedIds.length - armUniqueIds.length;
    const ftRows = inputs.fulltext.filter((d) => d.arm === arm);
    const soughtIds = ftRows.map((d) => d.record_id);
    if (arm === 'databases') {
      const screenIds = inputs.screen.map((d) => d.record_id);
      const screened = screenIds.length;
      if (inputs.automation === undefined) {
        checks.push(countCheck('databases.screening', 'identified − duplicates = screened (stages/screen/decisions.csv)',
          identifiedIds.length - duplicates, screened, armUniqueIds, screenIds, 'unique database-arm record', 'screened'));
      } else {
        // Records left unscreened by the stopping rule leave the flow before screening, like duplicates.
        const stopped = new Set(inputs.automation.map((d) => d.record_id));
        checks.push(countCheck('databases.screening', 'identified − duplicates − marked ineligible by automation tools = screened (stages/screen/decisions.csv, automation-excluded.csv)',
          identifiedIds.length - duplicates - inputs.automation.length, screened, armUniqueIds.filter((id) => !stopped.has(id)), screenIds, 'unique database-arm record not stopped by the rule', 'screened'));
        const unscreened = new Set(armUniqueIds.filter((id) => !screenIds.includes(id)));
        const stoppedIds = inputs.automation.map((d) => d.record_id);
        checks.push(countCheck('databases.automation', 'marked ineligible by automation tools = unscreened unique database-arm records listed in stages/screen/automation-excluded.csv',
          stoppedIds.length, stoppedIds.filter((id) => unscreened.has(id)).length, stoppedIds, [...unscreened].filter((id) => stopped.has(id)), 'listed in automation-excluded.csv', 'an unscreened unique database-arm record'));
      }
      const excludedScreening = inputs.screen.filter((d) => d.decision === 'exclude').length;
      const forwarded = inputs.screen.filter((d) => d.decision === 'include').map((d) => d.record_id);
      checks.push(countCheck('databases.sought', 'screened − excluded = sought for retrieval (stages/fulltext/decisions.csv, arm databases)',
        screened - excludedScreening, soughtIds.length, forwarded, soughtIds, 'forwarded by screening', 'in the full-text databases arm'));
    } else {
      checks.push(countCheck('other.sought', 'identified − duplicates = sought for retrieval (stages/fulltext/decisions.csv, arm other)',
        identifiedIds.length - duplicates, soughtIds.length, armUniqueIds, soughtIds, 'unique other-methods record', 'in the full-text other arm'));
    }

    const notRetrieved = ftRows.filter((d) => d.retrieved === 'no');
    const awaiting = ftRows.filter((d) => d.retrieved === '' && d.decision === 'pending');
    const assessed = ftRows.filter((d) => d.retrieved === 'yes' || (d.retrieved === '' && d.decision !== 'pending'));
    const excluded = assessed.filter((d) => d.decision === 'exclude');
    const pending = assessed.filter((d) => d.decision === 'pending');
    const included = assessed.filter((d) => d.decision === 'include');
    checks.push(check(`${arm}.assessed`, 'sought − not retrieved = assessed', ftRows.length - notRetrieved.length, assessed.length,
      awaiting.length ? `${awaiting.length} report(s) neither retrieved nor marked not retrieved: ${idList(awaiting.map((d) => d.record_id))}` : ''));
    checks.push(check(`${arm}.included`, 'assessed − excluded = included', assessed.length - excluded.length, included.length,
      pending.length ? `${pending.length} assessed report(s) still pending a decision: ${idList(pending.map((d) => d.record_id))}` : ''));
    const reasons = reasonCounts(config, excluded.map((d) => ({ id: d.record_id, reason: d.reason })), 'fulltext', `${arm}.excluded`, unused, false);
    const reasonSum = reasons.counts.reduce((s, c) => s + c.n, 0);
    checks.push(check(`${arm}.reasons`, 'sum of exclusion reasons = reports excluded', reasonSum, excluded.length,
      reasons.unmatched.length ? `excluded without a review.json full-text reason: ${reasons.unmatched.slice(0, MAX_IDS_IN_DETAIL).map((u) => `${u.id} (${u.reason === '' ? 'no reason' : `"${u.reason}"`})`).join(', ')}` : ''));
  }

  const includedRows = inputs.fulltext.filter((d) => d.decision === 'include' && d.retrieved !== 'no');
  const viaArms = ARMS.reduce((sum, arm) => sum + includedRows.filter((d) => d.arm === arm).length, 0);
  const includedIds = new Set(includedRows.map((d) => d.record_id));
  checks.push(check('included.total', 'included via databases + included via other methods = included sources', viaArms, includedIds.size,
    viaArms !== includedIds.size ? `a record is included more than once in stages/fulltext/decisions.csv: ${idList(repeated(inputs.fulltext.filter((d) => d.decision === 'include').map((d) => d.record_id)))}` : ''));
  return checks;
}

function sourceCounts(
  config: ReviewConfig, rows: readonly RecordStateRow[], arm: Arm,
  armOfSource: (s: string) => Arm, kindOf: (s: string) => SourceKind, boxes: Map<string, string[]>,
): PrismaSourceCount[] {
  const declared = config.sources.map((s) => s.name);
  const seen = [...new Set(rows.map((r) => r.source))];
  const names = [...declared.filter((n) => armOfSource(n) === arm), ...seen.filter((n) => !declared.includes(n) && armOfSource(n) === arm).sort()];
  return names.map((name) => {
    const ids = rows.filter((r) => r.source === name).map((r) => r.record_id);
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
