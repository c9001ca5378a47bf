import type { Command } from 'commander';
import { isSourceKind, SOURCE_KINDS } from '../model/source-kinds.js';
import { UsageError, UserError } from '../project/errors.js';
import type { FileReport } from '../stages/import/index.js';
import { globals, printJson, projectPaths, say } from './context.js';
import { progressFor } from './progress.js';
import { log } from './log.js';
import { count } from './plural.js';
// Loaded when the command runs: importing every stage up front cost each command ~0.5 s of start-up.
const loadStage = () => import('../stages/import/index.js');
const loadFormats = () => import('../formats/index.js');

export function registerImport(program: Command): void {
  program
    .command('import [files...]')
    .description('parse database exports (format detected from content) into stages/import/records.jsonl')
    .option('-s, --source <name>', 'the source (database or other method) the files come from')
    .option('--kind <kind>', `declare --source if new: ${SOURCE_KINDS.join(', ')}`)
    .option('--format <id>', 'force a format plug-in instead of content sniffing (see `review formats`); auto lets the content decide again')
    .option('--replace', 'import a file again although it was imported before for this source')
    .option('--max-warnings <n>', 'warnings printed per file (all are kept in stages/import/report.json)', '5')
    .addHelpText('after', `
With files, they are copied under exports/<source>/ (never modified) and declared in review.json;
without files, every file declared in review.json is imported again. RIS and MEDLINE files of
16 MB or more are parsed in parallel on one thread per core; REVIEW_THREADS=1 keeps to one thread.

Examples:
  $ review import ~/Downloads/psycinfo.ris --source PsycInfo --kind database
  $ review import exports/scopus.csv exports/scopus-2.csv --source Scopus
  $ review import                      # re-import everything declared in review.json
  $ review import --source CINAHL --format auto   # forget a forced format, re-import
  $ review import --json | jq '.files[] | {file, format, records}'
`)
    .action(async (files: string[], opts: { source?: string; kind?: string; format?: string; replace?: boolean; maxWarnings: string }, cmd: Command) => {
      const { runImport } = await loadStage();
      const paths = projectPaths(cmd);
      let kind;
      if (opts.kind) {
        if (!isSourceKind(opts.kind)) throw new UserError(`--kind ${opts.kind}: expected one of ${SOURCE_KINDS.join(', ')}`, 2);
        kind = opts.kind;
      }
      const { FORMATS, findFormat } = await loadFormats();
      if (opts.format && opts.format !== 'auto' && !findFormat(opts.format)) {
        throw new UsageError(`--format ${opts.format}: no such format; use auto (detect from content) or one of: ${FORMATS.map((f) => f.id).join(', ')} (\`review formats\` describes them)`);
      }
      const bar = progressFor(cmd, 'import');
      const started = Date.now();
      let summary;
      try {
        summary = await runImport(paths, {
          files,
          ...(opts.source ? { source: opts.source } : {}),
          ...(kind ? { kind } : {}),
          ...(opts.format ? { format: opts.format } : {}),
          replace: opts.replace === true,
          onProgress: bar.listener,
        });
      } finally {
        bar.done();
      }
      log().debug({ ms: Date.now() - started, records: summary.totalRecords, files: summary.files.length }, 'import finished');
      if (globals(cmd).json) printJson(summary);
      const max = Number(opts.maxWarnings) || 0;
      for (const f of summary.files) say(cmd, formatFileReport(f, max));
      const sources = Object.entries(summary.bySource).map(([s, n]) => `${s} ${n}`).join(', ');
      say(cmd, `${count(summary.totalRecords, 'record')} from ${count(summary.files.length, 'file')} (${sources}) → stages/import/records.jsonl${summary.changed.length ? '' : ' (unchanged)'}`);
    });
}

export function formatFileReport(f: FileReport, maxWarnings: number): string {
  const lines = [`${f.file} [${f.source}]: ${f.formatLabel} (${f.format}), ${f.encoding}, ${count(f.records, 'record')}${f.recordsWithoutTitle ? `, ${f.recordsWithoutTitle} without title` : ''}${f.warnings.length ? `, ${count(f.warnings.length, 'warning')}` : ''}`];
  for (const w of f.warnings.slice(0, maxWarnings)) lines.push(`  warning ${f.file}${w.line ? `:${w.line}` : ''}: ${w.message} [${w.code}]`);
  if (f.warnings.length > maxWarnings) lines.push(`  … ${count(f.warnings.length - maxWarnings, 'more warning')} in stages/import/report.json`);
  return lines.join('\n');
}
