/**
 * JSON Lines written as bytes, each value exactly as JSON.stringify writes it: shared by the stages
 * that write .jsonl outputs (import's records, dedupe's unique records).
 */
import { JsonBytes } from './json-bytes.js';

/**
 * JSON Lines as bytes: each value as JSON.stringify writes it, then a newline. Made as bytes, not
 * as one string: a large stage output can be more text than one JS string holds.
 */
export function serializeJsonLines(values: readonly unknown[]): Buffer {
  const out = new JsonBytes();
  for (const v of values) writeJsonLine(out, v);
  return out.toBuffer();
}

/** Any plain value (an ImportedRecord built elsewhere) as one line, as JSON.stringify writes it. */
export function writeJsonLine(out: JsonBytes, value: unknown): void {
  writeValue(out, value);
  out.byte(0x0a);
}

/** Any JSON value as JSON.stringify writes it (no toJSON, no replacer: parsed records hold plain data). */
export function writeValue(out: JsonBytes, value: unknown): void {
  switch (typeof value) {
    case 'string':
      out.string(value);
      return;
    case 'number':
      out.number(value);
      return;
    case 'boolean':
      out.ascii(value ? 'true' : 'false');
      return;
    case 'object':
      if (value === null) out.ascii('null');
      else if (Array.isArray(value)) writeArray(out, value);
      else writeObject(out, value as Record<string, unknown>);
      return;
    default:
      // undefined, functions and symbols inside arrays.
      out.ascii('null');
  }
}

function writeArray(out: JsonBytes, values: unknown[]): void {
  out.byte(0x5b);
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out.byte(0x2c);
    writeValue(out, values[i]);
  }
  out.byte(0x5d);
}

function writeObject(out: JsonBytes, object: Record<string, unknown>): void {
  out.byte(0x7b);
  let first = true;
  for (const key in object) {
    const value = object[key];
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    if (first) out.string(key);
    else {
      out.byte(0x2c);
      out.string(key);
    }
    out.byte(0x3a);
    first = false;
    writeValue(out, value);
  }
  out.byte(0x7d);
}
