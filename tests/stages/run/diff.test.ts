import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { describeDifference, firstDifference, jsonDifferences } from '../../../src/stages/run/diff.js';
import { compareStages } from '../../../src/stages/run/index.js';
import { tempDir } from '../../helpers/project.js';

function pair(name: string, project: string | Uint8Array, rebuilt: string | Uint8Array): [string, string] {
  const a = join(tempDir('review-diff-a-'), name);
  const b = join(tempDir('review-diff-b-'), name);
  writeFileSync(a, project);
  writeFileSync(b, rebuilt);
  return [a, b];
}

describe('what a failed check says differs', () => {
  it('JSON: the path of each differing field with both values, at most three, key order no difference', () => {
    expect(jsonDifferences({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toEqual([]);
    const [a, b] = pair('flow.json', JSON.stringify({ summary: { assign: { newRecords: 0, keptRecords: 4 } }, inputs: { 'decisions/x y.xlsx': 'aa' }, list: [1, 2] }),
      JSON.stringify({ summary: { assign: { newRecords: 4, keptRecords: 0 } }, inputs: { 'decisions/x y.xlsx': 'bb' }, list: [1, 2, 3] }));
    expect(describeDifference(a, b)).toBe('summary.assign.newRecords: 0 in the project, 4 rebuilt; summary.assign.keptRecords: 4 in the project, 0 rebuilt; inputs["decisions/x y.xlsx"]: "aa" in the project, "bb" rebuilt; and more');
    const [c, d] = pair('same.json', '{"a":1,"b":2}', '{\n  "b": 2,\n  "a": 1\n}');
    expect(describeDifference(c, d)).toBe('same values, different layout (key order or spacing)');
    const [e, f] = pair('list.json', '[1]', '[1,{"x":2}]');
    expect(describeDifference(e, f)).toBe('[1]: (absent) in the project, {"x":2} rebuilt');
  });

  it('CSV: the first differing line, its id and the differing columns', () => {
    const header = 'record_id,decision,route,reason';
    const [a, b] = pair('decisions.csv', `${header}\nr1,include,agreement,\nr2,exclude,agreement,"wrong, population"\n`, `${header}\nr1,include,agreement,\nr2,include,resolution,"wrong, population"\n`);
    expect(describeDifference(a, b)).toBe('line 3 (id r2): column decision: "exclude" in the project, "include" rebuilt; column route: "agreement" in the project, "resolution" rebuilt');
    const [c, d] = pair('decisions.csv', `${header}\nr1,include,agreement,\n`, `${header}\nr1,include,agreement,\nr2,include,agreement,\n`);
    expect(describeDifference(c, d)).toBe("line 3: the project's file ends here, the rebuilt one goes on");
  });

  it('JSONL: the first differing line, the record id and the field, in view where long strings part', () => {
    const long = 'A Social Media Campaign on Substance Use for Young Adults: Reach and Engagement in Three Cities';
    const line = (title: string, i: number): string => JSON.stringify({ id: `r${i}`, title, authors: [{ family: 'Ng' }] });
    const rows = (changed: string): string => [line(long, 1), line(changed, 2), line(long, 3)].join('\n');
    const [a, b] = pair('records.jsonl', rows(long), rows(long.replace('Three Cities', 'Four Cities')));
    expect(describeDifference(a, b)).toBe('line 2 (id r2): title: …"h and Engagement in Three Cities" in the project, …"h and Engagement in Four Cities" rebuilt');
  });

  it('text: the first differing line and column with the text around it', () => {
    const [a, b] = pair('flow.md', '# Flow\n\n| identified | 1004 |\n', '# Flow\n\n| identified | 1005 |\n');
    expect(describeDifference(a, b)).toBe('line 3, column 19: "| identified | 1004 |" in the project, "| identified | 1005 |" rebuilt');
  });

  it('finds the first difference across 1 MiB pieces and counts lines across them', () => {
    const body = 'x'.repeat(99) + '\n';
    const lines = 30_000; // ~3 MB: the difference is in the third piece
    const [a, b] = pair('big.txt', body.repeat(lines) + 'same\nold\n', body.repeat(lines) + 'same\nnew\n');
    expect(firstDifference(a, b)).toEqual({ line: lines + 2, lineStart: lines * 100 + 5, offset: lines * 100 + 5 });
  });

  it('xlsx: which zip entries differ', async () => {
    const book = async (value: string): Promise<Uint8Array> => {
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('Screening').getCell('A1').value = value;
      wb.addWorksheet('_meta').getCell('A1').value = 'kind';
      return new Uint8Array(await wb.xlsx.writeBuffer());
    };
    const [a, b] = pair('KBA.xlsx', await book('include'), await book('exclude'));
    expect(describeDifference(a, b)).toMatch(/^zip entries differ: xl\/(sharedStrings\.xml|worksheets\/sheet1\.xml)/);
    expect(describeDifference(a, b)).not.toContain('sheet2.xml');
    const [c, d] = pair('broken.xlsx', 'not a zip', 'not a zip either');
    expect(describeDifference(c, d)).toMatch(/^sha256 [0-9a-f]{12}… in the project, [0-9a-f]{12}… rebuilt$/);
  });

  it('compareStages names the differing manifest field, ignoring ranAt and key order', () => {
    const a = tempDir('review-cmp-');
    const b = tempDir('review-cmp-');
    for (const d of [a, b]) mkdirSync(join(d, 'screen'), { recursive: true });
    writeFileSync(join(a, 'screen/manifest.json'), JSON.stringify({ ranAt: '1', stage: 'screen', summary: { assign: { records: 4, batch: 1 } } }));
    writeFileSync(join(b, 'screen/manifest.json'), JSON.stringify({ summary: { assign: { batch: 1, records: 4 } }, stage: 'screen', ranAt: '2' }));
    expect(compareStages(a, b, new Set()).differences).toEqual([]);
    writeFileSync(join(b, 'screen/manifest.json'), JSON.stringify({ summary: { assign: { batch: 2, records: 4 } }, stage: 'screen', ranAt: '2' }));
    expect(compareStages(a, b, new Set()).differences).toEqual([{ file: 'stages/screen/manifest.json', problem: 'manifest differs (beyond ranAt): summary.assign.batch: 1 in the project, 2 rebuilt' }]);
    writeFileSync(join(a, 'screen/votes.csv'), 'record_id,decision\nr1,include\n');
    writeFileSync(join(b, 'screen/votes.csv'), 'record_id,decision\nr1,exclude\n');
    expect(compareStages(a, b, new Set()).differences[1]).toEqual({ file: 'stages/screen/votes.csv', problem: 'bytes differ (30 vs 30 bytes rebuilt): line 2 (id r1): column decision: "include" in the project, "exclude" rebuilt' });
  });
});
