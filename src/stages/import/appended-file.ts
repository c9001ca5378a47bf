/**
 * records.jsonl grown in place when an import only adds exports after those it already holds:
 * the file is moved aside to the temp path a staged output would have, its sha256 is taken (and
 * must be the one its manifest records), the new records are appended, and commitStage renames it
 * back into place like any staged output. Until then a failure, Ctrl-C or SIGTERM cuts it back to
 * its old size and moves it back (exit-cleanup's `restore`): the project stays as it was. Only a
 * killed process can leave it aside; the next import then makes records.jsonl again from the exports.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, readSync, renameSync } from 'node:fs';
import { cleanUpOnExit, restoreFile } from '../../project/exit-cleanup.js';
import { withPath } from '../../project/fs-errors.js';
import { closeStaged, stagedPath, writeAll, type StagedContent } from '../../project/staged-file.js';

/** Where the output goes piece by piece: a new staged file, or an existing one appended to. */
export interface OutputSink {
  write(bytes: Uint8Array): void;
  finish(): StagedContent;
  discard(): void;
}

const PIECE = 1 << 20;

export class AppendedFile implements OutputSink {
  private fd: number | undefined;
  private size: number;

  private constructor(readonly tempPath: string, private readonly finalPath: string, readonly startSize: number, private readonly hash: Hash) {
    this.size = startSize;
  }

  /**
   * Move `finalPath` aside and hash its `size` bytes; undefined (the file back in place) when its
   * sha256 is not `expectedSha256` or it is longer: then it is not what the caller thinks it is.
   */
  static open(finalPath: string, size: number, expectedSha256: string): AppendedFile | undefined {
    const tempPath = stagedPath(finalPath);
    cleanUpOnExit({ kind: 'restore', path: tempPath, to: finalPath, size });
    renameSync(finalPath, tempPath);
    const file = new AppendedFile(tempPath, finalPath, size, createHash('sha256'));
    try {
      file.fd = openSync(tempPath, 'r+');
      if (!file.hashExisting(expectedSha256)) {
        file.discard();
        return undefined;
      }
    } catch (error) {
      file.discard();
      throw withPath(error, finalPath, tempPath);
    }
    return file;
  }

  private hashExisting(expected: string): boolean {
    const piece = Buffer.allocUnsafe(PIECE);
    let at = 0;
    for (let read = readSync(this.fd as number, piece, 0, PIECE, 0); read > 0; read = readSync(this.fd as number, piece, 0, PIECE, at)) {
      if (at + read > this.startSize) return false;
      this.hash.update(piece.subarray(0, read));
      at += read;
    }
    return at === this.startSize && this.hash.copy().digest('hex') === expected;
  }

  write(bytes: Uint8Array): void {
    if (this.fd === undefined) throw new Error(`${this.tempPath}: written after finish or discard`);
    this.hash.update(bytes);
    writeAll(this.fd, bytes, this.size, this.finalPath, this.tempPath);
    this.size += bytes.length;
  }

  /** Whether anything was appended. */
  get grew(): boolean {
    return this.size > this.startSize;
  }

  finish(): StagedContent {
    if (this.fd === undefined) throw new Error(`${this.tempPath}: finished twice`);
    const fd = this.fd;
    this.fd = undefined;
    return closeStaged(fd, this.hash, this.size, this.finalPath, this.tempPath);
  }

  /** Cut the file back to its old size and put it back in place. */
  discard(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    restoreFile(this.tempPath, this.finalPath, this.startSize);
  }
}
