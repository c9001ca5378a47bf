/**
 * One line of records.jsonl: the bytes JSON.stringify(toImportedRecord(…)) gives, written without
 * building the object or the string. Raw fields still held as the export's bytes are copied as
 * bytes; so is a mapped value that equals one of them (a title or abstract taken over unchanged).
 */
import type { RawFieldBytes } from '../../formats/tagged/raw-fields.js';
import type { ParsedRecord } from '../../formats/types.js';
import { RECORD_SCHEMA_VERSION } from '../../model/record.js';
import type { JsonBytes } from '../../project/json-bytes.js';
import { writeValue } from '../../project/json-lines.js';

/** What every record of one file shares in records.jsonl, encoded once per file. */
export interface FileJson {
  /** `,"provenance":{"source":…,"file":…,"fileSha256":…,"format":…,"index":` */
  provenanceHead: Buffer;
}

export function fileJson(ctx: { source: string; file: string; fileSha256: string; format: string }): FileJson {
  const head = `,"provenance":{"source":${JSON.stringify(ctx.source)},"file":${JSON.stringify(ctx.file)},"fileSha256":${JSON.stringify(ctx.fileSha256)},"format":${JSON.stringify(ctx.format)},"index":`;
  return { provenanceHead: Buffer.from(head, 'utf8') };
}

const RECORD_HEAD = Buffer.from(`{"schemaVersion":${RECORD_SCHEMA_VERSION},"id":`, 'utf8');
const LINE_KEY = Buffer.from(',"line":', 'utf8');
const RAW_KEY = Buffer.from('},"raw":[', 'utf8');
const KEYS = new Map<string, Buffer>();
/** Per raw tag: `["TAG","` and `,["TAG","`. */
const TAG_HEADS = new Map<string, [Buffer, Buffer]>();
/** Mapped strings at least this long are looked for among the decoded raw values. */
const LONG = 64;

/** `,"key":` for a field name, encoded once. */
function keyBytes(key: string): Buffer {
  let b = KEYS.get(key);
  if (!b) {
    b = Buffer.from(`,${JSON.stringify(key)}:`, 'utf8');
    KEYS.set(key, b);
  }
  return b;
}

/** `["TAG","` for a raw tag (`,["TAG","` after the first field), encoded once per tag. */
function tagHead(tag: string, first: boolean): Buffer {
  let heads = TAG_HEADS.get(tag);
  if (!heads) {
    const head = `[${JSON.stringify(tag)},"`;
    heads = [Buffer.from(head, 'utf8'), Buffer.from(`,${head}`, 'utf8')];
    if (TAG_HEADS.size < 4096) TAG_HEADS.set(tag, heads);
  }
  return heads[first ? 0 : 1];
}

/**
 * Append one record and its newline. `rawBytes` holds the raw fields when the plug-in left them
 * as bytes (then record.raw is empty); otherwise record.raw is written.
 */
export function writeRecordLine(out: JsonBytes, file: FileJson, record: ParsedRecord, rawBytes: RawFieldBytes | undefined, id: string, index: number): void {
  out.bytes(RECORD_HEAD);
  out.string(id);
  // toImportedRecord spreads the parsed fields (without line and raw) in their own order.
  for (const key in record) {
    if (key === 'line' || key === 'raw') continue;
    const value = (record as unknown as Record<string, unknown>)[key];
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    out.bytes(keyBytes(key));
    if (typeof value === 'string' && rawBytes && value.length >= LONG) mappedString(out, value, rawBytes);
    else writeValue(out, value);
  }
  out.bytes(file.provenanceHead);
  out.number(index);
  out.bytes(LINE_KEY);
  out.number(record.line);
  out.bytes(RAW_KEY);
  if (rawBytes) {
    const { text, tags, starts, ends, extra, extraFrom, extraTo } = rawBytes;
    for (let i = 0; i < tags.length; i++) {
      out.bytes(tagHead(tags[i] as string, i === 0));
      out.utf8Body(text, starts[i] as number, ends[i] as number, extra, extraFrom[i] as number, extraTo[i] as number);
      out.pair(0x22, 0x5d);
    }
  } else {
    for (let i = 0; i < record.raw.length; i++) {
      const [tag, value] = record.raw[i] as [string, string];
      out.bytes(tagHead(tag, i === 0));
      out.stringBody(value);
      out.pair(0x22, 0x5d);
    }
  }
  out.ascii(']}\n');
}

/**
 * A long mapped string: copied from the bytes when a raw value has exactly this text, or when it
 * is a raw value's lines joined with spaces (a squashed MEDLINE title or abstract).
 */
function mappedString(out: JsonBytes, value: string, rawBytes: RawFieldBytes): void {
  for (let i = 0; i < rawBytes.count; i++) {
    if (rawBytes.decodedValue(i) === value) {
      out.utf8String(rawBytes.text, rawBytes.starts[i] as number, rawBytes.ends[i] as number, rawBytes.extra, rawBytes.extraFrom[i], rawBytes.extraTo[i]);
      return;
    }
    if (rawBytes.joinedValue(i) === value) {
      out.utf8Joined(rawBytes.text, rawBytes.starts[i] as number, rawBytes.ends[i] as number, rawBytes.extra, rawBytes.extraFrom[i] as number, rawBytes.extraTo[i] as number);
      return;
    }
  }
  out.string(value);
}
