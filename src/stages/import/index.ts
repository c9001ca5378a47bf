/**
 * The import stage: every export file declared in review.json → stages/import/records.jsonl.
 * The output is a pure function of review.json and the bytes of the declared files, so `review run`
 * can rebuild it; `review import <files> --source X` only declares files (copying them under exports/).
 */
import { closeSync, constants as fsConstants, existsSync, openSync, readSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { copyFile, open } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { RECORD_SCHEMA_VERSION, type ImportedRecord } from '../../model/record.js';
import { SourceKindSchema, SourceNameSchema, type ReviewConfig, type Source } from '../../model/config.js';
import { decodeInput } from '../../formats/decode.js';
import { detectFormat } from '../../formats/index.js';
import { Utf8Text } from '../../formats/tagged/utf8-text.js';
import { FormatError, type FormatPlugin, type FormatWarning, type ParsedRecord, type ParseResult } from '../../formats/types.js';
import { loadConfig, saveConfig } from '../../project/config.js';
import { whileCommittingAsync } from '../../project/exit-cleanup.js';
import { UserError } from '../../project/errors.js';
import { sha256, sha256File } from '../../project/hash.js';
import type { ProjectPaths } from '../../project/paths.js';
import { commitStage, type StageOutput } from '../../project/stage-writer.js';
import type { ProgressListener } from '../shared/progress.js';
import { removeFolderOnExitIfEmpty, removeOnExit, StagedFile, stagedPath, type StagedContent } from '../../project/staged-file.js';
import { JsonBytes } from '../../project/json-bytes.js';
import { ARTIFACTS, artifactFile, artifactName } from '../shared/artifacts.js';
import { configInputs } from '../../project/config-parts.js';
import { importStage } from './stage.js';
import { serializeJsonLines } from '../../project/json-lines.js';
import { recordId } from './record-id.js';
import { openExport } from './parse-file.js';
import { planFileParts } from './file-parts.js';
import { FileChangedError, PARALLEL_MIN_BYTES, PART_BYTES, ParseWorkers, writeInParts } from './parse-workers.js';
import { writePart, type PartContext, type PartOutcome } from './part-json.js';
import { fileJson, writeRecordLine } from './record-json.js';
import { count } from '../shared/plural.js';
import { AppendedFile, type OutputSink } from './appended-file.js';
import { writeEach } from './write-each.js';
import { findPart, loadPartsCache, restatRecords, savePartsCache, type CachedPart } from './parts-cache.js';
import { statKey } from '../../project/file-hashes.js';

export const REPORT_FILE = 'report.json';

export interface FileReport {
  source: string;
  file: string;
  sha256: string;
  format: string;
  formatLabel: string;
  encoding: string;
  records: number;
  recordsWithoutTitle: number;
  warnings: FormatWarning[];
}

export interface ImportSummary {
  files: FileReport[];
  totalRecords: number;
  bySource: Record<string, number>;
  changed: string[];
}

export interface ImportRequest {
  files?: string[];
  source?: string;
  replace?: boolean;
  format?: string;
  /** Declare a new source of this kind when --source names one not yet in review.json. */
  kind?: Source['kind'];
  /** Bytes parsed of all files (and records so far), as the files are read. */
  onProgress?: ProgressListener;
}

export { recordId };

export function toImportedRecord(parsed: ParsedRecord, ctx: { source: string; file: string; fileSha256: string; format: string; index: number }): ImportedRecord {
  const { line, raw, ...fields } = parsed;
  const record: ImportedRecord = {
    schemaVersion: RECORD_SCHEMA_VERSION,
    id: recordId(ctx.source, ctx.fileSha256, ctx.index),
    ...fields,
    authors: fields.authors,
    issn: fields.issn,
    isbn: fields.isbn,
    keywords: fields.keywords,
    provenance: { source: ctx.source, file: ctx.file, fileSha256: ctx.fileSha256, format: ctx.format, index: ctx.index, line },
    raw,
  };
  return record;
}

export interface ImportFileOptions {
  /** Where the file is now, when not yet at its place under exports/ (named so in errors). */
  readFrom?: string;
  knownSha256?: string;
  workers?: ParseWorkers;
  onPart?: (done: number, total: number, records: number) => void;
  /** Files at least this large go to the workers in parts of about partBytes (tests make them small). */
  parallelMinBytes?: number;
  partBytes?: number;
}

/**
 * Parse one declared file and append its records to `out` as JSON Lines; returns the file's report
 * (throws UserError naming the file). Each record is written and dropped as soon as it is mapped,
 * so a large file's records are never all alive at once; raw values go from the export's bytes
 * to the output's bytes. With `workers`, a large RIS or MEDLINE export is parsed in parallel parts.
 */
export async function importFile(paths: ProjectPaths, source: Source, relFile: string, out: JsonBytes, options: ImportFileOptions = {}): Promise<FileReport> {
  const { readFrom, knownSha256, workers } = options;
  // A file being imported for the first time is read where the user has it (and named so in errors);
  // provenance names the path it will have under exports/.
  const abs = readFrom ?? paths.abs(relFile);
  const shown = readFrom ?? relFile;
  if (!existsSync(abs)) throw new UserError(`${relFile}: declared for source "${source.name}" in review.json but not found; put the export there or remove it from review.json`);
  const before = statSync(abs);
  if (before.isDirectory()) throw new UserError(`${relFile}: declared for source "${source.name}" in review.json but it is a folder; list the export files in it instead`);
  const context = { source: source.name, file: relFile };
  try {
    if (workers && before.size >= (options.parallelMinBytes ?? PARALLEL_MIN_BYTES)) {
      const report = await importInParts(workers, abs, before.size, context, source.format, out, options);
      if (report) {
        const after = statSync(abs);
        if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) throw new FileChangedError();
        checkForcedFormat(abs, shown, source, report);
        return report;
      }
    }
    const bytes = readFileSync(abs);
    let fileSha256 = knownSha256;
    const hash = (): string => (fileSha256 ??= sha256(bytes));
    const { input, plugin } = openExport(bytes, basename(abs), source.format);
    const outcome = plugin.parseBytes
      ? writePart(plugin.parseBytes, new Utf8Text(input.utf8()), undefined, { ...context, format: plugin.id, fileSha256: hash(), firstIndex: 0 }, out)
      : plugin.parseEach
        ? writeEach(plugin.parseEach, input, { ...context, format: plugin.id, fileSha256: hash() }, out, artifactFile(paths, ARTIFACTS.importedRecords))
        : writeParsed(plugin.parse(input.text()), { ...context, format: plugin.id, fileSha256: hash() }, out);
    const report = fileReport(context, hash(), plugin, input.encoding + (input.bom ? ' (BOM)' : ''), outcome, input.warnings);
    checkForcedFormat(abs, shown, source, report);
    return report;
  } catch (error) {
    if (error instanceof FormatError) {
      throw new UserError(`${shown}${error.line ? `:${error.line}` : ''}: ${error.message}`);
    }
    if (error instanceof FileChangedError) {
      throw new UserError(`${shown}: the file changed while it was being imported; import it again once it is complete`);
    }
    throw error;
  }
}

/**
 * A forced format that misreads the file, on content the sniffer takes for another format, is a
 * mistake: refused, naming the format the content looks like, before the format is saved in
 * review.json. Misread: no record has a title, or there are more warnings than records (e.g.
 * --format medline on a RIS file gives records of nothing, or every RIS line as an untagged line).
 */
function checkForcedFormat(abs: string, shown: string, source: Source, report: FileReport): void {
  const noTitles = report.recordsWithoutTitle >= report.records;
  const mostlyWarnings = report.warnings.length > report.records;
  if (!source.format || (!noTitles && !mostlyWarnings)) return;
  const head = Buffer.alloc(Math.min(statSync(abs).size, SNIFF_BYTES));
  const fd = openSync(abs, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  let detected: FormatPlugin;
  try {
    detected = detectFormat(decodeInput(head).head, basename(abs)).plugin;
  } catch {
    return; // The sniffer knows no better: the forced format may well be right.
  }
  if (detected.id === source.format) return;
  const got = report.records === 0 ? 'no records'
    : noTitles ? `${count(report.records, 'record')} without a title`
      : `${count(report.records, 'record')} and ${count(report.warnings.length, 'warning')}`;
  throw new UserError(
    `${shown}: read as ${report.formatLabel} (--format ${source.format}) it gives ${got}, but the content looks like ${detected.label}; run again with --format ${detected.id}, or --format auto to let the content decide`,
  );
}

/** Enough of a file's start for detectFormat (which reads at most its first 64 KB of text). */
const SNIFF_BYTES = 256 * 1024;

/**
 * A large UTF-8 RIS or MEDLINE export parsed in parallel parts that the workers read from the
 * file; undefined when the file must be read whole instead (see planFileParts, writeInParts).
 */
async function importInParts(
  workers: ParseWorkers,
  abs: string,
  size: number,
  context: { source: string; file: string },
  forcedFormat: string | undefined,
  out: JsonBytes,
  options: ImportFileOptions,
): Promise<FileReport | undefined> {
  const planned = planFileParts(abs, size, basename(abs), forcedFormat, options.partBytes ?? PART_BYTES);
  if (!planned) return undefined;
  const { plugin, starts, bom } = planned;
  let fileSha256 = options.knownSha256;
  const hash = (): string => (fileSha256 ??= sha256File(abs));
  const outcome = await writeInParts(workers, plugin.id, abs, starts, { ...context, format: plugin.id }, hash, out, options.onPart);
  if (!outcome) return undefined;
  return fileReport(context, hash(), plugin, `utf-8${bom ? ' (BOM)' : ''}`, outcome, []);
}

function fileReport(context: { source: string; file: string }, sha: string, plugin: FormatPlugin, encoding: string, outcome: PartOutcome, inputWarnings: FormatWarning[]): FileReport {
  return {
    source: context.source,
    file: context.file,
    sha256: sha,
    format: plugin.id,
    formatLabel: plugin.label,
    encoding,
    records: outcome.records,
    recordsWithoutTitle: outcome.withoutTitle,
    warnings: [...inputWarnings, ...outcome.warnings, ...outcome.trailingWarnings],
  };
}

/** The lines of records a string-level plug-in parsed, each let go once written. */
function writeParsed(result: ParseResult, context: Omit<PartContext, 'firstIndex'>, out: JsonBytes): PartOutcome {
  const json = fileJson(context);
  const records = result.records as (ParsedRecord | undefined)[];
  let withoutTitle = 0;
  for (let index = 0; index < records.length; index++) {
    const record = records[index] as ParsedRecord;
    records[index] = undefined;
    if (!record.title) withoutTitle++;
    writeRecordLine(out, json, record, undefined, recordId(context.source, context.fileSha256, index), index);
    out.flush();
  }
  return { warnings: result.warnings, trailingWarnings: [], records: records.length, withoutTitle, nextLine: 0 };
}

/** Plan: which files a `review import <files> --source X` adds to review.json (pure apart from reading sizes and hashes). */
export function declareFiles(paths: ProjectPaths, config: ReviewConfig, request: ImportRequest): { config: ReviewConfig; copies: { from: string; to: string; replaces: boolean }[]; hashes: Map<string, string> } {
  const hashes = new Map<string, string>();
  if (!request.files?.length) {
    if (!request.format) return { config, copies: [], hashes };
    // `review import --source X --format <id|auto>`: change how X's declared files are read, then re-import.
    const next: ReviewConfig = structuredClone(config);
    const source = next.sources.find((s) => s.name === request.source);
    if (!source) throw new UserError(`--format without files applies to one declared source: name it with --source (declared: ${next.sources.map((s) => s.name).join(', ') || 'none yet'})`, 2);
    if (request.format === 'auto') delete source.format;
    else source.format = request.format;
    return { config: next, copies: [], hashes };
  }
  if (!request.source) throw new UserError('which source are these files from? pass --source <name> (a source declared in review.json, or a new name with --kind)', 2);
  const next: ReviewConfig = structuredClone(config);
  let source = next.sources.find((s) => s.name === request.source);
  if (!source && request.kind) {
    // Checked before anything is saved: review.json must stay valid for every later command.
    const name = SourceNameSchema.safeParse(request.source);
    if (!name.success) throw new UserError(`--source ${JSON.stringify(request.source)}: ${name.error.issues[0]?.message ?? 'not a valid source name'}`, 2);
    source = { name: name.data, kind: request.kind, files: [] };
    next.sources.push(source);
  }
  if (!source) {
    const known = next.sources.map((s) => s.name).join(', ') || 'none yet';
    throw new UserError(`source "${request.source}" is not declared in review.json (declared: ${known}); declare it with this import by adding --kind (e.g. \`review import <file> --source ${JSON.stringify(request.source)} --kind database\`; kinds: ${SourceKindSchema.options.join(', ')})`, 2);
  }
  // "auto" clears a format forced earlier: the content decides again.
  if (request.format === 'auto') delete source.format;
  else if (request.format) source.format = request.format;
  const copies: { from: string; to: string; replaces: boolean }[] = [];
  for (const file of request.files) {
    const from = resolve(file);
    if (!existsSync(from)) throw new UserError(`${file}: no such file`, 1);
    const stat = statSync(from);
    if (stat.isDirectory()) throw new UserError(`${file}: is a folder, not an export; name the files in it (e.g. \`review import ${file}/*.ris --source ${JSON.stringify(source.name)}${config.sources.some((s) => s.name === source.name) ? '' : ` --kind ${source.kind}`}\`)`, 1);
    const size = stat.size;
    // Only a file of the same size can hold the same bytes: neither it nor the others are read to
    // be hashed otherwise (the import hashes the new file while its parts are being counted).
    let hash: string | undefined;
    const holdsSame = (path: string): boolean => existsSync(path) && statSync(path).size === size && sha256File(path) === (hash ??= sha256File(from));
    const insideExports = paths.rel(from).startsWith('exports/');
    const rel = insideExports ? paths.rel(from) : `exports/${safeName(source.name)}/${basename(from)}`;
    const sameContent = source.files.find((f) => holdsSame(paths.abs(f)));
    if (sameContent && !request.replace) {
      throw new UserError(`${file}: already imported for source "${source.name}" as ${sameContent}; pass --replace to import it again`, 1);
    }
    const destExists = existsSync(paths.abs(rel));
    const destDiffers = destExists && !holdsSame(paths.abs(rel));
    if (destDiffers && !request.replace) {
      throw new UserError(`${file}: ${rel} already exists with different content; pass --replace to replace it (the old file moves to history/exports/)`, 1);
    }
    if (!insideExports && (!destExists || destDiffers)) copies.push({ from, to: paths.abs(rel), replaces: destDiffers });
    if (!source.files.includes(rel)) source.files.push(rel);
    // Whatever is read from `rel` at import time has this content: hash it only once.
    if (hash) hashes.set(rel, hash);
  }
  return { config: next, copies, hashes };
}

/** The exports/ folder of a source: never "", "." or "..", whatever the name (names are checked too). */
export function safeName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-');
  return /^\.*$/.test(safe) ? `source${safe.replace(/\./g, '-')}` : safe;
}

/**
 * Parse every declared file of every source, in review.json order, into a staged records.jsonl
 * (a temp file beside it, written as records are mapped). Throws before anything is committed, and
 * then leaves no temp file behind.
 *
 * A file whose part of the current records.jsonl is still valid (parts-cache.ts) is not parsed
 * again: its bytes are copied from there. When the import only adds files after all those the
 * current records.jsonl holds, that file is appended to in place (appended-file.ts) instead of
 * being written again; when nothing changed it is kept as it is.
 */
export async function buildImport(
  paths: ProjectPaths,
  config: ReviewConfig,
  onProgress?: ImportRequest['onProgress'],
  pending: ReadonlyMap<string, string> = new Map(),
  knownHashes: ReadonlyMap<string, string> = new Map(),
): Promise<BuiltImport> {
  const all = config.sources.flatMap((s) => s.files.map((f) => ({ source: s, file: f })));
  const finalPath = artifactFile(paths, ARTIFACTS.importedRecords);
  let cache = loadPartsCache(paths);
  const cachedPart = (i: number): CachedPart | undefined => {
    const { source, file } = all[i] as { source: Source; file: string };
    return pending.has(file) ? undefined : findPart(cache, source.name, file, source.format, statKey(paths.abs(file)));
  };
  let reused = all.map((_, i) => cachedPart(i));
  const cached = cache?.parts ?? [];
  // The current records.jsonl is exactly the first files' parts, and every later file is new: keep it or grow it.
  const extends_ = cache !== undefined && cached.length > 0 && cached.length <= all.length
    && cached.every((part, i) => reused[i] === part) && reused.slice(cached.length).every((r) => r === undefined);
  if (extends_ && cache && cached.length === all.length) {
    return { keptRecords: { sha256: cache.recordsSha256 }, reports: cached.map((p) => p.report), ...inputsOf(paths, cached.map((p) => p.report)), parts: cached, parsed: [] };
  }
  let sink: OutputSink | undefined;
  if (extends_ && cache) {
    sink = AppendedFile.open(finalPath, cache.recordsSize, cache.recordsSha256);
    if (!sink) {
      // records.jsonl is not what the index says: parse everything.
      cache = undefined;
      reused = all.map(() => undefined);
    }
  }
  const appended = sink instanceof AppendedFile ? sink : undefined;
  const target: OutputSink = sink ?? StagedFile.create(finalPath);
  let written = appended ? appended.startSize : 0;
  const write = (bytes: Uint8Array): void => {
    target.write(bytes);
    written += bytes.length;
  };
  // Records are written as soon as they are mapped and go to disk in pieces: a large import's
  // output is never held whole, and the same few megabytes of memory are reused throughout.
  const out = new JsonBytes(OUTPUT_PIECE + (1 << 20), write, OUTPUT_PIECE);
  const reports: FileReport[] = [];
  const parts: BuiltPart[] = [];
  const parsed: string[] = [];
  const workers = ParseWorkers.fromEnvironment();
  // Progress in bytes over every file (a file in parts moves it part by part), records as known.
  const sizes = all.map(({ file }) => {
    const at = pending.get(file) ?? paths.abs(file);
    return existsSync(at) ? statSync(at).size : 0;
  });
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  let bytesDone = 0;
  let recordsDone = 0;
  let done = 0;
  try {
    for (const [i, { source, file }] of all.entries()) {
      const size = sizes[done] ?? 0;
      const tell = (bytes: number, records: number): void => onProgress?.({ phase: 'reading', detail: file, done: bytes, total: totalBytes, unit: 'bytes', records });
      tell(bytesDone, recordsDone);
      let offset = written;
      const part = reused[i];
      let report: FileReport;
      if (appended && part && i < cached.length) {
        // Already in the file being appended to.
        offset = part.offset;
        report = part.report;
      } else if (part) {
        copyRange(finalPath, part.offset, part.length, write);
        report = part.report;
      } else {
        const onPart = (p: number, ps: number, records: number): void => tell(bytesDone + (size * p) / ps, recordsDone + records);
        const readFrom = pending.get(file);
        const knownSha256 = knownHashes.get(file);
        report = await importFile(paths, source, file, out, { ...(readFrom ? { readFrom } : {}), ...(knownSha256 ? { knownSha256 } : {}), ...(workers ? { workers } : {}), onPart });
        out.flush(true);
        parsed.push(file);
      }
      const length = appended && part && i < cached.length ? part.length : written - offset;
      reports.push(report);
      parts.push({ source: source.name, file, forcedFormat: source.format ?? null, offset, length, report });
      done++;
      bytesDone += size;
      recordsDone += report.records;
      tell(bytesDone, recordsDone);
    }
    out.flush(true);
    if (appended && cache && !appended.grew) {
      // The new files hold no records: records.jsonl is as it was.
      appended.discard();
      return { keptRecords: { sha256: cache.recordsSha256 }, reports, ...inputsOf(paths, reports), parts, parsed };
    }
    return { recordsFile: target.finish(), reports, ...inputsOf(paths, reports), parts, parsed };
  } catch (error) {
    target.discard();
    // Put back as it was: its parts are still valid.
    if (appended) restatRecords(paths);
    throw error;
  } finally {
    await workers?.close();
  }
}

/** The files read and their sha256 (absolute path → hash), as the manifest records them. */
function inputsOf(paths: ProjectPaths, reports: FileReport[]): { inputs: string[]; inputHashes: Map<string, string> } {
  const inputs = reports.map((r) => paths.abs(r.file));
  return { inputs, inputHashes: new Map(reports.map((r) => [paths.abs(r.file), r.sha256])) };
}

/** Copy `length` bytes at `offset` of `path` to `write`, in pieces. */
function copyRange(path: string, offset: number, length: number, write: (bytes: Uint8Array) => void): void {
  const piece = Buffer.allocUnsafe(Math.min(COPY_PIECE, Math.max(length, 1)));
  const fd = openSync(path, 'r');
  try {
    for (let at = 0; at < length;) {
      const read = readSync(fd, piece, 0, Math.min(piece.length, length - at), offset + at);
      if (read === 0) throw new Error(`${path}: shorter than its cached parts say`);
      write(piece.subarray(0, read));
      at += read;
    }
  } finally {
    closeSync(fd);
  }
}

const COPY_PIECE = 8 << 20;

/** How much JSON is gathered in memory before it is written out. */
const OUTPUT_PIECE = 8 << 20;



/**
 * The I/O entry point of `review import`. New exports are copied under exports/ in the background
 * while they are parsed, into temp files that are renamed into place only once every file parsed:
 * a bad file changes nothing.
 */
export async function runImport(paths: ProjectPaths, request: ImportRequest): Promise<ImportSummary> {
  const config = loadConfig(paths);
  const { config: nextConfig, copies, hashes } = declareFiles(paths, config, request);
  // Folders the copies create, removed again if the import fails.
  const newFolders = [...new Set(copies.map((c) => dirname(c.to)))].filter((d) => !existsSync(d));
  // Also when the run is interrupted: an exports/<source>/ folder holding nothing must not stay.
  for (const dir of newFolders) removeFolderOnExitIfEmpty(dir);
  const copying = copies.map((c) => startCopy(c.from, c.to));
  const cancel = async (): Promise<void> => {
    await Promise.all(copying.map((c) => c.cancel()));
    for (const dir of newFolders) if (existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
  };
  let built: BuiltImport;
  try {
    // Parse everything against the planned config before touching the project.
    const pending = new Map(copies.map((c) => [paths.rel(c.to), c.from]));
    built = await buildImport(paths, nextConfig, request.onProgress, pending, hashes);
  } catch (error) {
    await cancel();
    throw error;
  }
  // From here the import puts its outputs in place: an interrupt lets this finish (milliseconds
  // once the copies are done), so exports/, review.json and records.jsonl change together.
  return whileCommittingAsync(async () => {
    try {
      for (const [i, c] of copies.entries()) {
        const copy = copying[i] as Copy;
        await copy.done;
        if (c.replaces) {
          const archived = join(paths.history, 'exports', `${Date.now()}-${basename(c.to)}`);
          mkdirSync(resolve(archived, '..'), { recursive: true });
          renameSync(c.to, archived);
        }
        renameSync(copy.tempPath, c.to);
      }
    } catch (error) {
      await cancel();
      if (built.recordsFile) rmSync(built.recordsFile.tempPath, { force: true });
      throw error;
    }
    if (request.files?.length || request.format) saveConfig(paths, nextConfig);
    return writeImport(paths, nextConfig, built);
  });
}

interface Copy {
  tempPath: string;
  done: Promise<void>;
  /** Wait for the copy and remove what it wrote. */
  cancel(): Promise<void>;
}

/** Copy `from` to a temp file beside `to` on libuv's thread pool, so it runs while the main thread parses. */
function startCopy(from: string, to: string): Copy {
  const dir = dirname(to);
  mkdirSync(dir, { recursive: true });
  const tempPath = stagedPath(to);
  removeOnExit(tempPath);
  // A copy-on-write clone where the file system has them (APFS, btrfs, XFS): instant, and still a
  // copy that later edits of the user's file never reach. Elsewhere a plain copy.
  // Flushed to disk before it is renamed into place, as every output is: the user may delete their
  // own copy once it is imported. Both run in the background while the export is parsed.
  const done = copyFile(from, tempPath, fsConstants.COPYFILE_FICLONE).then(() => flushToDisk(tempPath));
  // A failure is reported when the copy is awaited; until then it must not count as unhandled.
  done.catch(() => undefined);
  return {
    tempPath,
    done,
    cancel: async () => {
      await done.catch(() => undefined);
      rmSync(tempPath, { force: true });
    },
  };
}

async function flushToDisk(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** One export's stretch of the records.jsonl an import made, for the parts cache. */
export type BuiltPart = Omit<CachedPart, 'stat'>;

export interface BuiltImport {
  /** records.jsonl staged beside its final path (what buildImport makes). */
  recordsFile?: StagedContent;
  /** records.jsonl left as it is: every file's part was already in it, in order. */
  keptRecords?: { sha256: string };
  /** Where each file's records are in records.jsonl (saved as the parts cache once committed). */
  parts?: BuiltPart[];
  /** The declared files this build parsed (the others' records came from the parts cache). */
  parsed?: string[];
  /** Records built elsewhere (benchmarks, tests), serialised by writeImport. */
  records?: ImportedRecord[];
  reports: FileReport[];
  inputs: string[];
  /** sha256 of each input file (absolute path → hash), computed while parsing. */
  inputHashes?: Map<string, string>;
}

export function writeImport(paths: ProjectPaths, config: ReviewConfig, built: BuiltImport): ImportSummary {
  const bySource: Record<string, number> = {};
  for (const s of config.sources) bySource[s.name] = 0;
  if (built.records) for (const r of built.records) bySource[r.provenance.source] = (bySource[r.provenance.source] ?? 0) + 1;
  else for (const f of built.reports) bySource[f.source] = (bySource[f.source] ?? 0) + f.records;
  const totalRecords = Object.values(bySource).reduce((a, b) => a + b, 0);
  const recordsPath = artifactFile(paths, ARTIFACTS.importedRecords);
  const recordsName = artifactName(ARTIFACTS.importedRecords);
  const records: StageOutput[] = built.keptRecords ? []
    : built.recordsFile ? [{ name: recordsName, staged: built.recordsFile }]
      : [{ name: recordsName, content: serializeJsonLines(built.records ?? []) }];
  const inputHashes = new Map(built.inputHashes ?? []);
  if (built.keptRecords) inputHashes.set(recordsPath, built.keptRecords.sha256);
  const report = { schemaVersion: 1, files: built.reports, totalRecords, bySource };
  try {
    const result = commitStage(paths, {
      stage: importStage.name,
      outputs: [...records, { name: REPORT_FILE, content: `${JSON.stringify(report, null, 2)}\n` }],
      inputs: [...configInputs(paths, importStage.reads), ...built.inputs],
      inputHashes,
      ...(built.keptRecords ? { keep: [recordsName] } : {}),
      // records.jsonl is remade from review.json and the exports (both kept; replaced exports go
      // to history/exports/): history keeps its sha256 in the old manifest, not a copy of its bytes.
      notArchived: [recordsName],
      parameters: { sources: config.sources.map((s) => ({ name: s.name, files: s.files, format: s.format ?? null })) },
      summary: { records: totalRecords, files: built.reports.length, bySource },
    });
    const sha = result.manifest.outputs[paths.rel(recordsPath)];
    if (built.parts && sha) savePartsCache(paths, sha, built.parts);
    return { files: built.reports, totalRecords, bySource, changed: result.changed };
  } finally {
    // commitStage renames or removes the staged file; after a failure it must not stay behind.
    if (built.recordsFile) rmSync(built.recordsFile.tempPath, { force: true });
  }
}

