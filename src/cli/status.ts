import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import type { StageStatus } from '../project/status.js';
import { globals, printJson, printListing, projectPaths } from './context.js';
import { statusCounts } from './status-counts.js';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('show each stage: up to date, stale (and why) or not run, with counts')
    .addHelpText('after', `
Examples:
  $ review status
  $ review -C my-review status --json
`)
    .action(async (_opts: unknown, cmd: Command) => {
      // Loaded when the command runs (status runs without a worker thread; its start-up is the cost).
      const [{ stageStatuses }, { STATUS_STAGES }, { loadRecordStates, recordStatesFile, stateCounts }] = await Promise.all([
        import('../project/status.js'), import('../stages/graph.js'), import('../stages/shared/record-states.js'),
      ]);
      const paths = projectPaths(cmd);
      const statuses: (StageStatus & { recordStates?: { state: string; n: number }[] })[] = stageStatuses(paths, STATUS_STAGES);
      // Where every record stands, from stages/prisma/record-states.csv (as of the last `review prisma`).
      const prisma = statuses.find((s) => s.stage === 'prisma');
      if (prisma && prisma.state !== 'not-run' && existsSync(recordStatesFile(paths))) prisma.recordStates = stateCounts(loadRecordStates(paths));
      if (globals(cmd).json) printJson(statuses);
      const lines: string[] = [];
      for (const s of statuses) {
        const counts = statusCounts(s.summary);
        const states = s.recordStates ? [`records: ${s.recordStates.map((c) => `${c.state} ${c.n}`).join(', ')}`] : [];
        const details = [...counts.slice(1), ...states, ...s.reasons.slice(0, 5)];
        // Two spaces after the longest state ("up-to-date"): the counts never read as part of it.
        lines.push(`${s.stage.padEnd(9)} ${s.state.padEnd(12)}${counts[0] ?? ''}`.trimEnd(), ...details.map((d) => `          ${d}`));
      }
      printListing(cmd, lines);
    });
}
