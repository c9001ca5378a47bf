import { createHash, type Hash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { cleanUpOnExit } from './exit-cleanup.js';
import { withPath } from './fs-errors.js';

/** A staged output once complete: where its bytes are, their sha256 and size. */
export interface StagedContent {
  tempPath: string;
  sha256: string;
  size: number;
}

/**
 * An output written piece by piece into a temp file beside its final path and hashed on the way,
 * for outputs too large to hold whole (records.jsonl of a big import). commitStage renames it into
 * place, so the final file is still replaced atomically; `discard` removes it when the run fails.
 */
export class StagedFile {
  private readonly hash: Hash = createHash('sha256');
  private fd: number | undefined;
  private size = 0;

  private constructor(readonly tempPath: string, private readonly finalPath: string, private readonly madeFolders: readonly string[]) {
    removeOnExit(tempPath);
    try {
      this.fd = openSync(tempPath, 'w');
    } catch (error) {
      throw withPath(error, finalPath, tempPath);
    }
  }

  /** Start staging `finalPath` (its folders are created; temp files an interrupted run left there are removed). */
  static create(finalPath: string): StagedFile {
    const dir = dirname(finalPath);
    // Every folder made here (stages/screen/ and its sheets/), deepest first, goes again if the run leaves it empty.
    const first = mkdirSync(dir, { recursive: true });
    const madeFolders: string[] = [];
    for (let d = dir; first !== undefined; d = dirname(d)) {
      madeFolders.push(d);
      if (d === first || dirname(d) === d) break;
    }
    for (const d of madeFolders) removeFolderOnExitIfEmpty(d);
    return new StagedFile(stagedPath(finalPath), finalPath, madeFolders);
  }

  /** Stage `finalPath` with what `fill` writes, piece by piece; the temp file is removed if `fill` throws. */
  static fill(finalPath: string, fill: (write: (bytes: Uint8Array) => void) => void): StagedContent {
    const staged = StagedFile.create(finalPath);
    try {
      fill((bytes) => staged.write(bytes));
      return staged.finish();
    } catch (error) {
      staged.discard();
      throw error;
    }
  }

  /**
   * Stage `finalPath` with a file that `fill` writes itself at the temp path (a zip, whose
   * directory is completed after its entries are written), hashed by reading it back; the temp
   * file is removed if `fill` throws.
   */
  static async fillFile(finalPath: string, fill: (tempPath: string) => Promise<void>): Promise<StagedContent> {
    const staged = StagedFile.create(finalPath);
    try {
      await fill(staged.tempPath);
      return staged.finishWritten();
    } catch (error) {
      staged.discard();
      throw error;
    }
  }

  write(bytes: Uint8Array): void {
    if (this.fd === undefined) throw new Error(`${this.tempPath}: written after finish or discard`);
    this.hash.update(bytes);
    writeAll(this.fd, bytes, null, this.finalPath, this.tempPath);
    this.size += bytes.length;
  }

  /** Flush to disk and close; the content is then ready for commitStage. */
  finish(): StagedContent {
    if (this.fd === undefined) throw new Error(`${this.tempPath}: finished twice`);
    const fd = this.fd;
    this.fd = undefined;
    // From here commitStage renames it into place (or the caller removes it).
    return closeStaged(fd, this.hash, this.size, this.finalPath, this.tempPath);
  }

  /** As finish, for a temp file written by others: its bytes are hashed by reading it. */
  private finishWritten(): StagedContent {
    if (this.fd === undefined) throw new Error(`${this.tempPath}: finished twice`);
    closeSync(this.fd);
    this.fd = undefined;
    let fd: number;
    try {
      fd = openSync(this.tempPath, 'r');
    } catch (error) {
      throw withPath(error, this.finalPath, this.tempPath);
    }
    const hash = createHash('sha256');
    const piece = Buffer.allocUnsafe(1 << 20);
    let size = 0;
    try {
      for (let n = readSync(fd, piece, 0, piece.length, 0); n > 0; n = readSync(fd, piece, 0, piece.length, size)) {
        hash.update(piece.subarray(0, n));
        size += n;
      }
    } catch (error) {
      closeSync(fd);
      throw withPath(error, this.finalPath, this.tempPath);
    }
    return closeStaged(fd, hash, size, this.finalPath, this.tempPath);
  }

  /** Remove the temp file (and the folders staging made, if nothing else is in them). */
  discard(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.tempPath, { force: true });
    for (const dir of this.madeFolders) {
      if (!existsSync(dir) || readdirSync(dir).length > 0) break;
      rmdirSync(dir);
    }
  }
}

/**
 * The temp path beside `finalPath` where this process stages it (`.<name>.<pid>.staged`); temp
 * files that processes no longer running left there are removed first.
 */
export function stagedPath(finalPath: string): string {
  const dir = dirname(finalPath);
  const prefix = `.${basename(finalPath)}.`;
  if (existsSync(dir)) {
    for (const name of readdirSync(dir)) {
      const pid = Number(name.slice(prefix.length, -'.staged'.length));
      if (name.startsWith(prefix) && name.endsWith('.staged') && !isRunning(pid)) rmSync(join(dir, name), { force: true });
    }
  }
  return join(dir, `${prefix}${process.pid}.staged`);
}

/**
 * Remove `path` if it still exists when the process exits, also on Ctrl-C or SIGTERM: a temp
 * file must not outlive the run that made it. Renamed or removed paths are simply gone by then.
 */
export function removeOnExit(path: string): void {
  cleanUpOnExit({ kind: 'file', path });
}

/**
 * Remove the folder `dir` at exit if it is empty then (after the temp files are gone): a folder
 * a run made for its outputs must not stay behind, empty, when the run is interrupted.
 */
export function removeFolderOnExitIfEmpty(dir: string): void {
  cleanUpOnExit({ kind: 'folder-if-empty', path: dir });
}

/** Whether a process with this id is alive (another `review` staging the same output keeps its file). */
function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Write all of `bytes` at `position` (null: the file's current offset); an error names the final and temp paths. */
export function writeAll(fd: number, bytes: Uint8Array, position: number | null, finalPath: string, tempPath: string): void {
  let off = 0;
  try {
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off, position === null ? null : position + off);
  } catch (error) {
    throw withPath(error, finalPath, tempPath);
  }
}

/** Flush a staged file to disk and close it: its content, ready for commitStage. */
export function closeStaged(fd: number, hash: Hash, size: number, finalPath: string, tempPath: string): StagedContent {
  try {
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    throw withPath(error, finalPath, tempPath);
  }
  closeSync(fd);
  return { tempPath, sha256: hash.digest('hex'), size };
}
