import type { Command } from 'commander';
import type { PrismaArm } from '../model/prisma.js';
import { globals, printJson, projectPaths, say } from './context.js';
import { count } from './plural.js';
// Loaded when the command runs: importing every stage up front cost each command ~0.5 s of start-up.
const loadStage = () => import('../stages/prisma/index.js');

export function registerPrisma(program: Command): void {
  program
    .command('prisma')
    .description('compute the PRISMA-ScR flow from the stage outputs, check every identity, write stages/prisma/flow.{json,csv,md,svg} and record-states.csv')
    .option('--explain <box>', 'list the record ids behind one box instead of writing (e.g. "databases.screened", "other.excluded.<reason-id>")')
    .addHelpText('after', `
Each imported record gets one state (duplicate, excluded-screening, not-retrieved, excluded-fulltext,
included, or awaiting-…), with the stage file and line that decided it, in
stages/prisma/record-states.csv; every number of the flow is a count of its rows. States come from
stages/import, stages/dedupe, stages/screen and stages/fulltext (and stages/screen/automation-excluded.csv, the
records left unscreened by a stopping rule: "marked as ineligible by automation tools").
Each identity (identified − duplicates = screened, screened − excluded = sought, sought − not
retrieved = assessed, assessed − excluded = included, sum of reasons = excluded, …) is checked;
if one fails nothing is written and the command exits 1 naming it.

Boxes for --explain: <arm>.identified, <arm>.identified.<source>, <arm>.duplicates,
databases.automation-excluded (after \`review screen stop\`), databases.screened, databases.excluded-screening[.<reason>], <arm>.sought, <arm>.not-retrieved,
<arm>.assessed, <arm>.excluded[.<reason>], <arm>.pending, <arm>.included, included
(<arm> is "databases" or "other").

Examples:
  $ review prisma
  $ review prisma --json | jq '.flow.included'
  $ review prisma --explain databases.excluded.wrong-population
  $ review prisma --explain "other.identified.Google Scholar"
`)
    .action(async (opts: { explain?: string }, cmd: Command) => {
      const { explainBox, runPrisma } = await loadStage();
      const paths = projectPaths(cmd);
      if (opts.explain !== undefined) {
        const { box, ids, automation } = explainBox(paths, opts.explain);
        if (globals(cmd).json) printJson({ box, n: ids.length, ids, ...(automation ? { automation } : {}) });
        else process.stdout.write(ids.map((id) => `${id}\n`).join(''));
        say(cmd, `${box}: ${ids.length} record${ids.length === 1 ? '' : 's'}`);
        if (automation) say(cmd, `never screened: the team stopped after round ${automation.stoppedAfterRound} by the rule recall ${automation.targetRecall} at confidence ${automation.confidence}${automation.minScreened ? `, at least ${automation.minScreened} screened` : ''} (${automation.ruleMet ? 'met' : 'NOT met: stopped anyway'}); ${automation.screened} screened, ${automation.relevantFound} relevant found, about ${automation.estimatedRemaining} estimated unscreened, recall bound ${automation.recallBound} (stages/screen/automation-excluded.csv)`);
        return;
      }
      const summary = runPrisma(paths);
      if (globals(cmd).json) printJson(summary);
      const { flow } = summary;
      say(cmd, armText('Databases and registers', flow.databases));
      say(cmd, armText('Other methods', flow.other));
      say(cmd, `Included: ${count(flow.included.studies, 'study', 'studies')} (${flow.included.databases} via databases, ${flow.included.other} via other methods)`);
      say(cmd, `${count(flow.checks.length, 'identity', 'identities')} checked, all hold → ${summary.outputs.join(', ')}${summary.changed.length ? '' : ' (unchanged)'}`);
    });
}

function armText(name: string, arm: PrismaArm): string {
  const parts = [`identified ${arm.identified}`, `duplicates ${arm.duplicates}`];
  if (arm.excludedAutomation !== undefined) parts.push(`marked ineligible by automation tools ${arm.excludedAutomation}`);
  if (arm.screened !== null) parts.push(`screened ${arm.screened}`, `excluded ${arm.excludedScreening ?? 0}`);
  parts.push(`sought ${arm.sought}`, `not retrieved ${arm.notRetrieved}`, `assessed ${arm.assessed}`, `excluded ${arm.excluded}`, `included ${arm.included}`);
  return `${name}: ${parts.join(', ')}`;
}
