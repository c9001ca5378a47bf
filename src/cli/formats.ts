import type { Command } from 'commander';
import { globals, printJson, printListing } from './context.js';

export function registerFormats(program: Command): void {
  program
    .command('formats')
    .description('list the export formats `review import` recognises (detected from content)')
    .addHelpText('after', `
Examples:
  $ review formats
  $ review import exports/odd-file.txt --source CINAHL --format ris   # force one when sniffing is unsure
`)
    .action(async (_opts: unknown, cmd: Command) => {
      // Loaded when the command runs: every other command would pay for the plug-ins at start-up.
      const { FORMATS } = await import('../formats/index.js');
      const list = FORMATS.map((f) => ({ id: f.id, label: f.label }));
      if (globals(cmd).json) printJson(list);
      const width = Math.max(...list.map((f) => f.id.length)) + 2;
      printListing(cmd, list.map((f) => `${f.id.padEnd(width)}${f.label}`));
    });
}
