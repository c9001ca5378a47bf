import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { ReviewConfigInput } from '../model/config.js';
import { UserError } from '../project/errors.js';
import { ProjectPaths } from '../project/paths.js';
import { toolRoot } from '../project/version.js';
import { globals, printJson, say } from './context.js';

export function registerInit(program: Command): void {
  program
    .command('init [dir]')
    .description('create a review project: review.json (with its schema), exports/, decisions/<stage>/, stages/')
    .option('--example <name>', 'copy a shipped example project instead (e.g. korus-outreach)')
    .option('--title <title>', 'title of the review')
    .addHelpText('after', `
Examples:
  $ review init my-review --title "Outreach services for young people"
  $ review init demo --example korus-outreach
`)
    .action(async (dir: string | undefined, opts: { example?: string; title?: string }, cmd: Command) => {
      // Loaded when the command runs: the config schema (zod) is most of a command's start-up.
      const [{ saveConfig }, { CONFIG_SCHEMA_FILE, DECISION_FOLDERS, skeletonConfig }] = await Promise.all([import('../project/config.js'), import('../project/skeleton.js')]);
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
        // The example's $schema points into the tool's own folder: point it at the copy made below.
        const config = JSON.parse(readFileSync(target.config, 'utf8')) as ReviewConfigInput;
        saveConfig(target, { ...config, $schema: `./${CONFIG_SCHEMA_FILE}` });
      } else {
        mkdirSync(target.root, { recursive: true });
        saveConfig(target, skeletonConfig(opts.title ?? 'Untitled review'));
      }
      copyFileSync(join(toolRoot(), 'schemas', 'review.schema.json'), join(target.root, CONFIG_SCHEMA_FILE));
      for (const d of [target.exports, target.decisions, target.stages, ...DECISION_FOLDERS.map((f) => join(target.decisions, f))]) mkdirSync(d, { recursive: true });
      if (globals(cmd).json) printJson({ project: target.root, example: opts.example ?? null });
      const next = opts.example
        ? `next: \`review -C ${dir ?? '.'} run\` rebuilds every stage from its exports and decisions`
        : 'next: edit review.json (title, screeners, screening, exclusion reasons, codebook; its "$comment"s say how), then `review import <file> --source <name> --kind database`';
      say(cmd, `created review project in ${target.root}${opts.example ? ` from example ${opts.example}` : ''}\n${next}`);
    });
}
