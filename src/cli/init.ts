import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { CONFIG_SCHEMA_VERSION, type ReviewConfig } from '../model/config.js';
import { saveConfig } from '../project/config.js';
import { UserError } from '../project/errors.js';
import { ProjectPaths } from '../project/paths.js';
import { toolRoot } from '../project/version.js';
import { globals, printJson, say } from './context.js';

export function registerInit(program: Command): void {
  program
    .command('init [dir]')
    .description('create a review project: review.json, exports/, decisions/, stages/')
    .option('--example <name>', 'copy a shipped example project instead (e.g. korus-outreach)')
    .option('--title <title>', 'title of the review')
    .addHelpText('after', `
Examples:
  $ review init my-review --title "Outreach services for young people"
  $ review init demo --example korus-outreach
`)
    .action((dir: string | undefined, opts: { example?: string; title?: string }, cmd: Command) => {
      const target = new ProjectPaths(dir ?? globals(cmd).project);
      if (existsSync(target.config)) throw new UserError(`${target.config} already exists; this folder is a review project already`);
      if (opts.example) {
        const examples = join(toolRoot(), 'data', 'examples');
        const source = join(examples, opts.example);
        if (!existsSync(join(source, 'review.json'))) {
          const known = existsSync(examples) ? readdirSync(examples).join(', ') : 'none';
          throw new UserError(`no shipped example "${opts.example}" (available: ${known})`, 2);
        }
        cpSync(source, target.root, { recursive: true, filter: (src) => !src.includes(`${join(source, 'stages')}`) && !src.includes(join(source, 'history')) });
      } else {
        const config: ReviewConfig = {
          schemaVersion: CONFIG_SCHEMA_VERSION,
          title: opts.title ?? 'Untitled review',
          sources: [],
          screeners: [],
        };
        mkdirSync(target.root, { recursive: true });
        saveConfig(target, config);
      }
      for (const d of [target.exports, target.decisions, target.stages]) mkdirSync(d, { recursive: true });
      if (globals(cmd).json) printJson({ project: target.root, example: opts.example ?? null });
      const next = opts.example
        ? `next: \`review -C ${dir ?? '.'} run\` rebuilds every stage from its exports and decisions`
        : 'next: put exports under exports/ and run `review import <file> --source <name> --kind database`';
      say(cmd, `created review project in ${target.root}${opts.example ? ` from example ${opts.example}` : ''}\n${next}`);
    });
}
