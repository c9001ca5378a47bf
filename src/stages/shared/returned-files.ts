/**
 * Returned files people filled in live in decisions/<stage>/, copied in untouched. Copies get a
 * 4-digit sequence prefix in the order they were collected, so collection order (inCollectionOrder)
 * is the order decisions were made and a full rebuild reads them in that order. Collecting the same bytes
 * twice is a no-op.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { sha256 } from '../../project/hash.js';
import type { ProjectPaths } from '../../project/paths.js';
import { UserError } from '../../project/errors.js';

export function decisionsFolder(paths: ProjectPaths, stage: string): string {
  return join(paths.decisions, stage);
}

/** The sequence number `collect` gave a copy (`0007-KBA.xlsx`, `0007_KBA.xlsx`), or undefined for a file put there by hand. */
function collectionNumber(name: string): number | undefined {
  const m = /^(\d{4})[-_]/.exec(name);
  return m ? Number(m[1]) : undefined;
}

/**
 * File names in the order their decisions were made, where a later file supersedes an earlier one:
 * files put into decisions/<stage>/ by hand (no sequence prefix: a shipped example, a folder
 * restored from a backup) first, in name order, then the copies `collect` made, by their number.
 * Plain name order would put "0001-KBA.xlsx" before "KBA.xlsx", so a correction collected later
 * would lose to the sheet it corrects as soon as the stage is rebuilt.
 */
export function inCollectionOrder(names: readonly string[]): string[] {
  const key = (n: string): number => collectionNumber(n) ?? -1;
  return [...names].sort((a, b) => key(a) - key(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Files in decisions/<stage>/ with one of the extensions, in collection order (inCollectionOrder); hidden/lock files skipped. */
export function listReturned(paths: ProjectPaths, stage: string, extensions: readonly string[]): string[] {
  const dir = decisionsFolder(paths, stage);
  if (!existsSync(dir)) return [];
  return inCollectionOrder(readdirSync(dir)
    .filter((name) => !name.startsWith('.') && !name.startsWith('~$') && extensions.some((e) => name.toLowerCase().endsWith(e))))
    .map((name) => join(dir, name))
    .filter((file) => statSync(file).isFile());
}

/** Extensions of files people save from a spreadsheet program. */
const SPREADSHEET_EXTENSIONS = ['.xlsx', '.xlsm', '.xlsb', '.xls', '.ods', '.fods', '.numbers', '.csv', '.tsv'];

/**
 * Spreadsheet files in a decisions folder of a kind the stage does not read (an .ods, an .xls, a CSV
 * where only .xlsx is read): one problem each, naming the file and what to do, so that decisions
 * saved in the wrong format are refused, never passed over quietly. Other files (notes, READMEs) are
 * left alone.
 */
export function unreadableKinds(dir: string, relDir: string, accepted: readonly string[]): string[] {
  if (!existsSync(dir)) return [];
  const problems: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.') || name.startsWith('~$')) continue;
    const lower = name.toLowerCase();
    if (accepted.some((e) => lower.endsWith(e))) continue;
    const ext = SPREADSHEET_EXTENSIONS.find((e) => lower.endsWith(e));
    if (!ext) continue;
    problems.push(`${relDir}/${name}: a ${ext} file, which is not read here (only ${accepted.join(', ')}); save it as ${accepted[0]} (${accepted[0] === '.xlsx' ? 'Excel Workbook' : 'the format it was given in'}) into ${relDir}/ and move the ${ext} file out of the folder`);
  }
  return problems;
}

/**
 * Copy files into decisions/<stage>/ (unless the same bytes are already there) and return the
 * project paths of the copies, in the order given.
 */
export function copyReturned(paths: ProjectPaths, stage: string, files: readonly string[]): string[] {
  const dir = decisionsFolder(paths, stage);
  mkdirSync(dir, { recursive: true });
  const existing = new Map<string, string>();
  for (const f of readdirSync(dir).sort()) {
    const full = join(dir, f);
    if (statSync(full).isFile()) existing.set(sha256(readFileSync(full)), full);
  }
  let next = Math.max(0, ...readdirSync(dir).map((name) => collectionNumber(name) ?? 0)) + 1;
  const copies: string[] = [];
  for (const file of files) {
    if (!existsSync(file)) throw new UserError(`${file}: file not found`);
    const hash = sha256(readFileSync(file));
    const already = existing.get(hash);
    if (already) {
      copies.push(already);
      continue;
    }
    const target = join(dir, `${String(next).padStart(4, '0')}-${basename(file)}`);
    next++;
    copyFileSync(file, target);
    existing.set(hash, target);
    copies.push(target);
  }
  return copies;
}
