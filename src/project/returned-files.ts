/**
 * The one intake of returned files: what people filled in lives in the five decisions/ folders
 * (RETURNED), and every stage lists, orders and names those files here, the same way.
 * - Listing: every file of a kind the folder reads (hidden files and Office lock files `~$…` skipped),
 *   in collection order (inCollectionOrder). Spreadsheets of a kind the folder does not read are
 *   problems (unreadableReturned), never passed over.
 * - Naming: `collect` copies a file in untouched as `NNNN-<name>`, NNNN the next collection number and
 *   <name> the file's name with any run of characters other than letters, digits, `.`, `_`, `+` and
 *   `-` made one `_`. Collecting the same bytes twice is a no-op. Copies made by earlier versions as
 *   `NNNN_<name>` keep their number.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { sha256 } from './hash.js';
import type { ProjectPaths } from './paths.js';
import { UserError } from './errors.js';

/** A decisions/ folder and the file kinds its stage reads ('by content': every file, told apart by what it holds). */
export interface ReturnedFolder {
  folder: string;
  extensions: readonly string[] | 'by content';
}

export const RETURNED = {
  dedupe: { folder: 'dedupe', extensions: ['.xlsx'] },
  screen: { folder: 'screen', extensions: 'by content' },
  screenResolutions: { folder: 'screen-resolutions', extensions: ['.xlsx', '.csv'] },
  fulltext: { folder: 'fulltext', extensions: ['.xlsx'] },
  extract: { folder: 'extract', extensions: ['.xlsx'] },
} as const satisfies Record<string, ReturnedFolder>;
export type ReturnedKind = keyof typeof RETURNED;

export function returnedDir(paths: ProjectPaths, kind: ReturnedKind): string {
  return join(paths.decisions, RETURNED[kind].folder);
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

const isSkipped = (name: string): boolean => name.startsWith('.') || name.startsWith('~$');

function reads(kind: ReturnedKind, name: string): boolean {
  const { extensions } = RETURNED[kind] as ReturnedFolder;
  return extensions === 'by content' || extensions.some((e) => name.toLowerCase().endsWith(e));
}

/** The files of decisions/<folder>/ the stage reads (absolute paths), in collection order. */
export function listReturned(paths: ProjectPaths, kind: ReturnedKind): string[] {
  const dir = returnedDir(paths, kind);
  if (!existsSync(dir)) return [];
  return inCollectionOrder(readdirSync(dir).filter((name) => !isSkipped(name) && reads(kind, name)))
    .map((name) => join(dir, name))
    .filter((file) => statSync(file).isFile());
}

/** Extensions of files people save from a spreadsheet program. */
const SPREADSHEET_EXTENSIONS = ['.xlsx', '.xlsm', '.xlsb', '.xls', '.ods', '.fods', '.numbers', '.csv', '.tsv'];

/**
 * Spreadsheet files in a decisions folder of a kind the stage does not read (an .ods, an .xls, a CSV
 * where only .xlsx is read): one problem each, naming the file and what to do, so that decisions
 * saved in the wrong format are refused, never passed over quietly. Other files (notes, READMEs) are
 * left alone; a folder read by content has no such files (its stage names what it cannot read).
 */
export function unreadableReturned(paths: ProjectPaths, kind: ReturnedKind): string[] {
  const { extensions } = RETURNED[kind] as ReturnedFolder;
  const dir = returnedDir(paths, kind);
  if (extensions === 'by content' || !existsSync(dir)) return [];
  const relDir = `decisions/${RETURNED[kind].folder}`;
  const problems: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (isSkipped(name) || reads(kind, name)) continue;
    const ext = SPREADSHEET_EXTENSIONS.find((e) => name.toLowerCase().endsWith(e));
    if (!ext) continue;
    problems.push(`${relDir}/${name}: a ${ext} file, which is not read here (only ${extensions.join(', ')}); save it as ${extensions[0]} (${extensions[0] === '.xlsx' ? 'Excel Workbook' : 'the format it was given in'}) into ${relDir}/ and move the ${ext} file out of the folder`);
  }
  return problems;
}

/** The name a copy gets: `0007-KBA.xlsx` (see the module comment). */
export function copyName(number: number, file: string): string {
  return `${String(number).padStart(4, '0')}-${basename(file).replace(/[^\p{L}\p{N}._+-]+/gu, '_')}`;
}

/** Every file in the folder by content hash, and the next collection number. */
function folderState(dir: string): { byHash: Map<string, string>; next: number } {
  const byHash = new Map<string, string>();
  const names = existsSync(dir) ? readdirSync(dir).sort() : [];
  for (const name of names) {
    const full = join(dir, name);
    if (statSync(full).isFile()) byHash.set(sha256(readFileSync(full)), full);
  }
  return { byHash, next: Math.max(0, ...names.map((name) => collectionNumber(name) ?? 0)) + 1 };
}

/**
 * Copy files into decisions/<folder>/ (unless the same bytes are already there) and return the
 * project paths of the copies, in the order given.
 */
export function copyReturned(paths: ProjectPaths, kind: ReturnedKind, files: readonly string[]): string[] {
  const dir = returnedDir(paths, kind);
  mkdirSync(dir, { recursive: true });
  const { byHash, next } = folderState(dir);
  let number = next;
  const copies: string[] = [];
  for (const file of files) {
    if (!existsSync(file)) throw new UserError(`${file}: file not found`);
    const hash = sha256(readFileSync(file));
    const already = byHash.get(hash);
    if (already) {
      copies.push(already);
      continue;
    }
    const target = join(dir, copyName(number++, file));
    copyFileSync(file, target);
    byHash.set(hash, target);
    copies.push(target);
  }
  return copies;
}
