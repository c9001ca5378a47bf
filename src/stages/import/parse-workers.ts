/**
 * Large RIS and MEDLINE exports are parsed in parts on worker threads, each worker reading its
 * parts straight from the file (see file-parts.ts). Workers first count every part's lines and
 * records (checking that each is UTF-8), so every part then knows its first line and its first
 * record's index (record ids depend on it), and writes its records.jsonl lines exactly as a parse
 * of the whole file would. The main thread meanwhile hashes the file and writes finished parts
 * out in file order.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FormatWarning, TextPart } from '../../formats/types.js';
import { toolRoot } from '../../project/version.js';
import type { JsonBytes } from '../../project/json-bytes.js';
import type { PartContext, PartOutcome } from './part-json.js';

interface JobBase {
  id: number;
  format: string;
  /** The export; the part's start and end are offsets in it. */
  path: string;
  part: TextPart;
}
export type PartJob = (JobBase & { kind: 'count' }) | (JobBase & { kind: 'write'; context: PartContext });

export type PartReply =
  | { id: number; kind: 'count'; records: number; lines: number }
  | ({ id: number; kind: 'part'; json: ArrayBuffer; jsonLength: number } & PartOutcome)
  /** The part's bytes are not UTF-8 (or not all there): the file must be read whole. */
  | { id: number; kind: 'not-utf8' }
  | { id: number; kind: 'error'; message: string; stack: string };

type Job = { kind: 'count' } | { kind: 'write'; context: PartContext };

interface Slot {
  worker: Worker;
  busy: boolean;
}

/** The worker script beside this module, or the built one when this module runs from sources (tests). */
function workerScript(): URL {
  const here = new URL('./parse-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return pathToFileURL(join(toolRoot(), 'dist', 'src', 'stages', 'import', 'parse-worker.js'));
}

/** Files at least this large are parsed in parallel parts (smaller ones are not worth the threads). */
export const PARALLEL_MIN_BYTES = 16 << 20;
/** About how much of the export each part holds. */
export const PART_BYTES = 8 << 20;

export class ParseWorkers {
  private readonly slots: Slot[] = [];
  private readonly queue: { message: PartJob; resolve: (reply: PartReply) => void; reject: (error: Error) => void }[] = [];
  private readonly running = new Map<Slot, { id: number; resolve: (reply: PartReply) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private nextSpare = 0;

  private constructor(readonly size: number) {}

  /**
   * As many workers as the machine runs threads at once (at most 4), or REVIEW_THREADS; none
   * (undefined) when that is 1: everything is then parsed on the main thread.
   */
  static fromEnvironment(env: NodeJS.ProcessEnv = process.env): ParseWorkers | undefined {
    const asked = Number(env.REVIEW_THREADS);
    const size = Number.isInteger(asked) && asked > 0 ? asked : Math.min(availableParallelism(), 4);
    return size >= 2 ? new ParseWorkers(size) : undefined;
  }

  /** Run one job on the next free worker (workers start when first needed). */
  run(message: Omit<PartJob, 'id'>): Promise<PartReply> {
    return new Promise((resolve, reject) => {
      this.queue.push({ message: { ...message, id: this.nextId++ } as PartJob, resolve, reject });
      this.dispatch();
    });
  }

  /** Hand a written part's buffer back to a worker, to be filled again (fresh memory is slow to touch). */
  giveBack(buffer: ArrayBuffer): void {
    if (this.slots.length === 0) return;
    const slot = this.slots[this.nextSpare++ % this.slots.length] as Slot;
    slot.worker.postMessage({ spare: buffer }, [buffer]);
  }

  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const next = this.queue.shift() as (typeof this.queue)[number];
      slot.busy = true;
      // A worker with a job keeps the process alive until it answers (an idle one does not).
      slot.worker.ref();
      this.running.set(slot, { id: next.message.id, resolve: next.resolve, reject: next.reject });
      slot.worker.postMessage(next.message);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(workerScript());
    const slot: Slot = { worker, busy: false };
    worker.on('message', (reply: PartReply) => {
      const job = this.running.get(slot);
      if (!job || job.id !== reply.id) return;
      this.running.delete(slot);
      slot.busy = false;
      slot.worker.unref();
      if (reply.kind === 'error') {
        const error = new Error(`parse worker: ${reply.message}`);
        error.stack = reply.stack;
        job.reject(error);
      } else {
        job.resolve(reply);
      }
      this.dispatch();
    });
    worker.on('error', (error) => this.fail(slot, error));
    worker.on('exit', (code) => {
      if (this.running.has(slot)) this.fail(slot, new Error(`parse worker stopped (exit code ${code})`));
    });
    // An idle pool never keeps the process alive.
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private fail(slot: Slot, error: Error): void {
    const job = this.running.get(slot);
    this.running.delete(slot);
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    job?.reject(error);
    this.dispatch();
  }
}

/**
 * Parse the file at `path` in the parts that start at `starts` (planFileParts) on the workers, and
 * pass every part's lines to `out` in file order; undefined, with nothing passed on, when a part
 * is not UTF-8 (the caller reads the file whole instead). The file's sha256 is asked for while the
 * parts are being counted.
 */
export async function writeInParts(
  workers: ParseWorkers,
  format: string,
  path: string,
  starts: readonly number[],
  context: Omit<PartContext, 'firstIndex' | 'fileSha256'>,
  fileSha256: () => string,
  out: JsonBytes,
  onPart?: (done: number, total: number, records: number) => void,
): Promise<PartOutcome | undefined> {
  const base = { format, path };
  const parts = starts.length - 1;
  const bounds = (k: number): { start: number; end: number } => ({ start: starts[k] as number, end: starts[k + 1] as number });
  // The last part is counted too: every part must be known to be UTF-8 before anything is passed on.
  const counting = Promise.all(Array.from({ length: parts }, (_, k) => workers.run({ ...base, kind: 'count', part: { ...bounds(k), firstLine: 1 } })));
  // Hashing the file while the workers count: the ids of the records need it.
  const sha = fileSha256();
  const counted = await counting;
  if (counted.some((reply) => reply.kind === 'not-utf8')) return undefined;
  const counts = counted.map((reply) => {
    if (reply.kind !== 'count') throw new Error(`parse worker answered ${reply.kind} to a count`);
    return reply;
  });
  const firstLines = [1];
  const firstIndexes = [0];
  for (const c of counts) {
    firstLines.push((firstLines[firstLines.length - 1] as number) + c.lines);
    firstIndexes.push((firstIndexes[firstIndexes.length - 1] as number) + c.records);
  }
  const writing = Array.from({ length: parts }, (_, k) => {
    const part: TextPart = { ...bounds(k), firstLine: firstLines[k] as number };
    if (k + 1 < parts) part.nextLine = firstLines[k + 1] as number;
    const job: Job = { kind: 'write', context: { ...context, fileSha256: sha, firstIndex: firstIndexes[k] as number } };
    const reply = workers.run({ ...base, ...job, part });
    // Awaited in order below; a part that fails before its turn must not count as unhandled.
    reply.catch(() => undefined);
    return reply;
  });
  const warnings: FormatWarning[] = [];
  const trailingWarnings: FormatWarning[] = [];
  let records = 0;
  let withoutTitle = 0;
  let nextLine = 1;
  for (let k = 0; k < parts; k++) {
    const reply = await (writing[k] as Promise<PartReply>);
    if (reply.kind === 'not-utf8' || (reply.kind === 'part' && reply.records !== counts[k]?.records)) throw new FileChangedError();
    if (reply.kind !== 'part') throw new Error(`parse worker answered ${reply.kind} to a part`);
    out.passOn(new Uint8Array(reply.json, 0, reply.jsonLength));
    workers.giveBack(reply.json);
    for (const w of reply.warnings) warnings.push(w);
    for (const w of reply.trailingWarnings) trailingWarnings.push(w);
    records += reply.records;
    withoutTitle += reply.withoutTitle;
    nextLine = reply.nextLine;
    onPart?.(k + 1, parts, records);
  }
  return { warnings, trailingWarnings, records, withoutTitle, nextLine };
}

/** A part read twice was not the same: the file changed while it was being imported. */
export class FileChangedError extends Error {
  constructor() {
    super('the file changed while it was being imported');
  }
}
