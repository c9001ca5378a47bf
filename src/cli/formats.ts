import type { Command } from 'commander';
import { FORMATS } from '../formats/index.js';
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
    .action((_opts: unknown, cmd: Command) => {
      const list = FORMATS.map((f) => ({ id: f.id, label: f.label }));
      if (globals(cmd).json) printJson(list);
      const width = Math.max(...list.map((f) => f.id.length)) + 2;
      printListing(cmd, list.map((f) => `${f.id.padEnd(width)}${f.label}`));
    });
}
