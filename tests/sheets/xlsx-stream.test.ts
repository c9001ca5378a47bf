import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readWorkbook, writeWorkbook, writeWorkbookFile, type CellValue, type WorkbookSpec } from '../../src/sheets/xlsx.js';

/** Text deflate cannot shrink much: letters from a small seeded generator (xorshift32). */
function noisyText(seed: number, length: number): string {
  let x = seed || 1;
  let out = '';
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const c = (x >>> 0) % 28;
    out += c >= 26 ? ' ' : String.fromCharCode(97 + c);
  }
  return out;
}

function spec(rows: Iterable<Record<string, CellValue>>): WorkbookSpec {
  return {
    sheets: [
      {
        name: 'Screening',
        protect: true,
        columns: [
          { key: 'id', header: 'id', locked: true },
          { key: 'abstract', header: 'abstract', wrap: true, width: 100, locked: true },
          { key: 'decision', header: 'decision', list: ['include', 'exclude'] },
        ],
        rows,
      },
      { name: 'Instructions', columns: [], rows: [], textLines: ['Screen each record.'] },
    ],
    meta: { kind: 'test', records: '3' },
  };
}

const dirs: string[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempFile(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'xlsx-stream-'));
  dirs.push(dir);
  return join(dir, name);
}

describe('xlsx written as it is made', () => {
  it('writeWorkbookFile writes the bytes writeWorkbook returns, rows from a generator as from an array, whatever the clock says', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ id: `r${i}`, abstract: noisyText(i + 1, 200 + (i % 7) * 50), decision: i % 3 ? undefined : 'include' }));
    const whole = await writeWorkbook(spec(rows));
    function* generated(): Generator<Record<string, CellValue>> {
      for (const r of rows) yield r;
    }
    // Another day on the clock: the zip's entry dates are still the fixed ones.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(Date.UTC(2031, 4, 5, 13, 37)));
    const file = tempFile('a.xlsx');
    await writeWorkbookFile(spec(generated()), file);
    expect(readFileSync(file).equals(whole)).toBe(true);
    const back = await readWorkbook(whole);
    expect(back.sheets[0]!.rows).toHaveLength(300);
    expect(back.sheets[0]!.rows[299]!.values.get('abstract')).toBe(rows[299]!.abstract);
  });

  it('is in the file while its rows are still being made: the sheet XML never waits whole in memory', async () => {
    const file = tempFile('b.xlsx');
    const rowCount = 3000;
    let sizeAtLastRow = -1;
    function* rows(): Generator<Record<string, CellValue>> {
      for (let i = 0; i < rowCount; i++) {
        if (i === rowCount - 1) sizeAtLastRow = statSync(file).size;
        yield { id: `r${i}`, abstract: noisyText(i + 1, 5000) };
      }
    }
    await writeWorkbookFile(spec(rows()), file);
    // 15 MB of sheet XML (about 9 MB deflated): all but the last few MB are written before the last row is made.
    const total = statSync(file).size;
    expect(total).toBeGreaterThan(6 << 20);
    expect(sizeAtLastRow).toBeGreaterThan(total / 3);
  });
});

describe('xlsx values read', () => {
  it('do not keep the sheet XML they were cut from alive: kept ids of a large sheet hold their own text only', async () => {
    const rowCount = 6000;
    const file = tempFile('c.xlsx');
    function* rows(): Generator<Record<string, CellValue>> {
      for (let i = 0; i < rowCount; i++) yield { id: `record-${String(i).padStart(8, '0')}`, abstract: noisyText(i + 7, 5000) };
    }
    await writeWorkbookFile(spec(rows()), file);
    const bytes = readFileSync(file);
    // A collected garbage heap before and after: what the result holds is what stays.
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    const wb = await readWorkbook(bytes, undefined, { columns: new Set(['id']) });
    gc();
    const held = process.memoryUsage().heapUsed - before;
    expect(wb.sheets[0]!.rows).toHaveLength(rowCount);
    expect(wb.sheets[0]!.rows[rowCount - 1]!.values.get('id')).toBe(`record-${String(rowCount - 1).padStart(8, '0')}`);
    // The sheet XML is about 30 MB of text; 6,000 rows of ids (with their Maps) are a few MB.
    expect(held).toBeLessThan(12 << 20);
  });
});
