/**
 * A parse worker: counts or writes one part of a large export, read from the file (see
 * parse-workers.ts). It runs the same writePart as the main thread does for a whole file.
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, openSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { findFormat } from '../../formats/index.js';
import { Utf8Text } from '../../formats/tagged/utf8-text.js';
import type { TextPart } from '../../formats/types.js';
import { readRange } from './file-parts.js';
import { JsonBytes } from '../../project/json-bytes.js';
import { countPart, writePart } from './part-json.js';
import type { PartJob, PartReply } from './parse-workers.js';

const port = parentPort;
if (!port) throw new Error('parse-worker.js runs as a worker thread only');

/** Output buffers the main thread has written and handed back, for the next parts to fill. */
const spare: ArrayBuffer[] = [];

port.on('message', (job: PartJob | { spare: ArrayBuffer }) => {
  if ('spare' in job) {
    spare.push(job.spare);
    return;
  }
  try {
    const [reply, transfer] = run(job);
    port.postMessage(reply, transfer);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    const reply: PartReply = { id: job.id, kind: 'error', message: e.message, stack: e.stack ?? '' };
    port.postMessage(reply);
  }
});

/** The part being parsed, read from the file into memory that is reused from part to part. */
let partBuffer: Buffer | undefined;

function run(job: PartJob): [PartReply, ArrayBuffer[]] {
  const plugin = findFormat(job.format);
  if (!plugin?.parseBytes) throw new Error(`format ${job.format} cannot be parsed from bytes`);
  const { start, end, firstLine, nextLine } = job.part;
  const length = end - start;
  if (!partBuffer || partBuffer.length < length) partBuffer = Buffer.allocUnsafeSlow(Math.max(length, (partBuffer?.length ?? 0) * 2));
  const fd = openSync(job.path, 'r');
  let bytes: Buffer;
  try {
    bytes = readRange(fd, start, end, partBuffer);
  } finally {
    closeSync(fd);
  }
  if (bytes.length !== length || !isUtf8(bytes)) return [{ id: job.id, kind: 'not-utf8' }, []];
  const text = new Utf8Text(bytes);
  // The same part of the whole file, its offsets now those of `bytes`.
  const part: TextPart = { start: 0, end: length, firstLine, ...(nextLine !== undefined ? { nextLine } : {}) };
  if (job.kind === 'count') {
    const counted = countPart(plugin.parseBytes, text, part);
    return [{ id: job.id, kind: 'count', ...counted }, []];
  }
  const reuse = spare.pop();
  // About 2.5 bytes of JSON per byte of export; a buffer that is too small grows.
  const out = new JsonBytes(reuse ? Buffer.from(reuse) : Math.ceil(length * 2.6));
  const outcome = writePart(plugin.parseBytes, text, part, job.context, out);
  const json = out.toBuffer();
  const buffer = json.buffer as ArrayBuffer;
  return [{ id: job.id, kind: 'part', json: buffer, jsonLength: json.length, ...outcome }, [buffer]];
}
