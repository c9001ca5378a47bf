import type { Command } from 'commander';
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
      const { stageStatuses } = await import('../project/status.js');
      const paths = projectPaths(cmd);
      const statuses = stageStatuses(paths);
      if (globals(cmd).json) printJson(statuses);
      const lines: string[] = [];
      for (const s of statuses) {
        const counts = statusCounts(s.summary);
        const details = [...counts.slice(1), ...s.reasons.slice(0, 5)];
        lines.push(`${s.stage.padEnd(9)} ${s.state.padEnd(10)} ${counts[0] ?? ''}`.trimEnd(), ...details.map((d) => `          ${d}`));
      }
      printListing(cmd, lines);
    });
}
