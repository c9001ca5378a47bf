/**
 * flow.csv in the layout of the PRISMA2020 R package's template (inst/extdata/PRISMA.csv, columns
 * data,node,box,description,boxtext,tooltips,url,n), so `PRISMA_flowdiagram(PRISMA_data(read.csv(…)))`
 * draws our numbers; and flow.md, the same numbers and every identity for people.
 */
import type { PrismaArm, PrismaCount, PrismaFlow } from '../../model/prisma.js';
import { writeCsv } from '../../sheets/csv.js';
import { automationMethodsText } from '../shared/automation-excluded.js';

const CSV_COLUMNS = ['data', 'node', 'box', 'description', 'boxtext', 'tooltips', 'url', 'n'] as const;

/** "Name, n; Name, n": the package's list format; its parser splits on ";" and ",", so names lose them. */
function listValue(counts: readonly PrismaCount[]): string {
  return counts.filter((c) => c.n > 0).map((c) => `${c.label.replace(/[,;]/g, ' ').replace(/\s+/g, ' ').trim()}, ${c.n}`).join('; ');
}

function kindTotal(arm: PrismaArm, ...kinds: string[]): number {
  return arm.identifiedBySource.filter((s) => kinds.includes(s.kind)).reduce((sum, s) => sum + s.n, 0);
}

export function flowCsv(flow: PrismaFlow): string {
  const db = flow.databases;
  const other = flow.other;
  const total = flow.included.studies;
  const row = (data: string, node: string, box: string, description: string, boxtext: string, url: string, value: string | number): Record<string, string> =>
    ({ data, node, box, description, boxtext, tooltips: node === 'NA' ? 'NA' : description, url, n: String(value) });
  const excluded = (arm: PrismaArm): string => listValue(arm.excludedByReason) || String(arm.excluded);
  const rows = [
    row('NA', 'node4', 'prevstud', 'Grey title box; Previous studies', 'Previous studies', 'prevstud.html', 0),
    row('previous_studies', 'node5', 'box1', 'Studies included in previous version of review', 'Studies included in previous version of review', 'previous_studies.html', 0),
    row('previous_reports', 'NA', 'box1', 'Reports of studies included in previous version of review', 'Reports of studies included in previous version of review', 'previous_reports.html', 0),
    row('NA', 'node6', 'newstud', 'Yellow title box; Identification of new studies via databases and registers', 'Identification of new studies via databases and registers', 'newstud.html', 0),
    row('database_results', 'node7', 'box2', 'Records identified from: Databases', 'Databases', 'database_results.html', kindTotal(db, 'database')),
    row('database_specific_results', 'NA', 'box2', 'Records identified from each database', 'Databases', 'NA', listValue(db.identifiedBySource.filter((s) => s.kind === 'database'))),
    row('register_results', 'NA', 'box2', 'Records identified from: Registers', 'Registers', 'NA', kindTotal(db, 'register')),
    row('register_specific_results', 'NA', 'box2', 'Records identified from each register', 'Registers', 'NA', listValue(db.identifiedBySource.filter((s) => s.kind === 'register'))),
    row('NA', 'node16', 'othstud', 'Grey title box; Identification of new studies via other methods', 'Identification of new studies via other methods', 'othstud.html', 0),
    row('website_results', 'node17', 'box11', 'Records identified from: Websites', 'Websites', 'website_results.html', kindTotal(other, 'website')),
    // The template has no expert or "other" category: they are counted with organisations, the nearest box.
    row('organisation_results', 'NA', 'box11', 'Records identified from: Organisations (and experts / other methods)', 'Organisations', 'NA', kindTotal(other, 'organisation', 'expert', 'other')),
    row('citations_results', 'NA', 'box11', 'Records identified from: Citation searching', 'Citation searching', 'NA', kindTotal(other, 'citation-searching')),
    row('duplicates', 'node8', 'box3', 'Duplicate records', 'Duplicate records', 'duplicates.html', db.duplicates),
    row('excluded_automatic', 'NA', 'box3', 'Records marked as ineligible by automation tools', 'Records marked as ineligible by automation tools', 'NA', db.excludedAutomation ?? 0),
    row('excluded_other', 'NA', 'box3', 'Records removed for other reasons', 'Records removed for other reasons', 'NA', 0),
    row('records_screened', 'node9', 'box4', 'Records screened (databases and registers)', 'Records screened', 'records_screened.html', db.screened ?? 0),
    row('records_excluded', 'node10', 'box5', 'Records excluded (databases and registers)', 'Records excluded', 'records_excluded.html', db.excludedScreening ?? 0),
    row('dbr_sought_reports', 'node11', 'box6', 'Reports sought for retrieval (databases and registers)', 'Reports sought for retrieval', 'dbr_sought_reports.html', db.sought),
    row('dbr_notretrieved_reports', 'node12', 'box7', 'Reports not retrieved (databases and registers)', 'Reports not retrieved', 'dbr_notretrieved_reports.html', db.notRetrieved),
    row('other_sought_reports', 'node18', 'box12', 'Reports sought for retrieval (other)', 'Reports sought for retrieval', 'other_sought_reports.html', other.sought),
    row('other_notretrieved_reports', 'node19', 'box13', 'Reports not retrieved (other)', 'Reports not retrieved', 'other_notretrieved_reports.html', other.notRetrieved),
    row('dbr_assessed', 'node13', 'box8', 'Reports assessed for eligibility (databases and registers)', 'Reports assessed for eligibility', 'dbr_assessed.html', db.assessed),
    row('dbr_excluded', 'node14', 'box9', 'Reports excluded (databases and registers)', 'Reports excluded', 'dbrexcludedrecords.html', excluded(db)),
    row('other_assessed', 'node20', 'box14', 'Reports assessed for eligibility (other)', 'Reports assessed for eligibility', 'other_assessed.html', other.assessed),
    row('other_excluded', 'node21', 'box15', 'Reports excluded (other)', 'Reports excluded', 'other_excluded.html', excluded(other)),
    row('new_studies', 'node15', 'box10', 'New studies included in review', 'New studies included in review', 'new_studies.html', total),
    row('new_reports', 'NA', 'box10', 'Reports of new included studies', 'Reports of new included studies', 'NA', flow.included.reports),
    row('total_studies', 'node22', 'box16', 'Total studies included in review', 'Total studies included in review', 'total_studies.html', total),
    row('total_reports', 'NA', 'box16', 'Reports of total included studies', 'Reports of total included studies', 'NA', flow.included.reports),
    row('identification', 'node1', 'identification', 'Blue identification box', 'Identification', 'identification.html', 0),
    row('screening', 'node2', 'screening', 'Blue screening box', 'Screening', 'screening.html', 0),
    row('included', 'node3', 'included', 'Blue included box', 'Included', 'included.html', 0),
  ];
  return writeCsv(CSV_COLUMNS, rows);
}

function reasonRows(counts: readonly PrismaCount[]): string[] {
  return counts.filter((c) => c.n > 0).map((c) => `| &nbsp;&nbsp;${mdCell(c.label)} | ${c.n} |`);
}

function mdCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function flowMarkdown(flow: PrismaFlow): string {
  const db = flow.databases;
  const other = flow.other;
  const lines = [
    `# PRISMA-ScR flow: ${mdCell(flow.title)}`,
    '',
    'Computed by `review prisma` from the stage outputs (import, dedupe, screen, full text); no number is typed in.',
    '',
    '## Identification of studies via databases and registers',
    '',
    '| Box | n |',
    '|---|---:|',
    `| Records identified | ${db.identified} |`,
    ...db.identifiedBySource.map((s) => `| &nbsp;&nbsp;${mdCell(s.label)} (${s.kind}) | ${s.n} |`),
    `| Duplicate records removed | ${db.duplicates} |`,
    ...(db.duplicatesOfOtherArm ? [`| &nbsp;&nbsp;of which also found by other methods | ${db.duplicatesOfOtherArm} |`] : []),
    ...(db.excludedAutomation === undefined ? [] : [`| Records marked as ineligible by automation tools | ${db.excludedAutomation} |`]),
    `| Records screened | ${db.screened ?? 0} |`,
    `| Records excluded (title/abstract) | ${db.excludedScreening ?? 0} |`,
    ...reasonRows(db.excludedScreeningByReason),
    `| Reports sought for retrieval | ${db.sought} |`,
    `| Reports not retrieved | ${db.notRetrieved} |`,
    `| Reports assessed for eligibility | ${db.assessed} |`,
    `| Reports excluded | ${db.excluded} |`,
    ...reasonRows(db.excludedByReason),
    `| Included via databases and registers | ${db.included} |`,
    '',
    '## Identification of studies via other methods',
    '',
    '| Box | n |',
    '|---|---:|',
    `| Records identified | ${other.identified} |`,
    ...other.identifiedBySource.map((s) => `| &nbsp;&nbsp;${mdCell(s.label)} (${s.kind}) | ${s.n} |`),
    `| Duplicate records removed | ${other.duplicates} |`,
    ...(other.duplicatesOfOtherArm ? [`| &nbsp;&nbsp;of which also found by databases | ${other.duplicatesOfOtherArm} |`] : []),
    `| Reports sought for retrieval | ${other.sought} |`,
    `| Reports not retrieved | ${other.notRetrieved} |`,
    `| Reports assessed for eligibility | ${other.assessed} |`,
    `| Reports excluded | ${other.excluded} |`,
    ...reasonRows(other.excludedByReason),
    `| Included via other methods | ${other.included} |`,
    '',
    '## Included',
    '',
    `Studies included in review: **${flow.included.studies}** (reports of included studies: ${flow.included.reports}; ${flow.included.databases} via databases and registers, ${flow.included.other} via other methods).`,
    '',
    ...automationText(flow),
    '## Identities checked',
    '',
    '| Check | Identity | Expected | Counted | |',
    '|---|---|---:|---:|---|',
    ...flow.checks.map((c) => `| ${c.id} | ${mdCell(c.identity)} | ${c.expected} | ${c.actual} | ${c.ok ? 'ok' : `**fails** ${mdCell(c.detail)}`} |`),
    '',
  ];
  return lines.join('\n');
}

/** Why records were marked ineligible by automation: the rule and its figures (empty when screening was not stopped). */
function automationText(flow: PrismaFlow): string[] {
  return flow.automation ? ['## Records marked as ineligible by automation tools', '', mdCell(automationMethodsText(flow.automation)), ''] : [];
}
