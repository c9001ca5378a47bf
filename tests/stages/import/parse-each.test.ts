import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParsedRecord } from '../../../src/formats/types.js';
import { parseExport, parseExportEach } from '../../../src/stages/import/parse-file.js';

const EXPORTS = resolve(__dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'exports');

describe('parseExportEach', () => {
  // RIS and MEDLINE hand records over one at a time; CSV goes through the collect-then-hand-over path.
  it.each([
    'ris/ESHackathon+CiteSource__WoS_79.ris',
    'ris/asreview+asreview__ris_issue_992.txt',
    'medline/mjwestgate+revtools__restoration_pubmed.nbib',
    'medline/CoLRev-Environment+colrev__eric_nbib.nbib',
    'other-csv/asreview+citation-file-formatting___baseline_zotero.csv',
  ])('hands over the records, format and warnings parseExport returns (%s)', (file) => {
    const bytes = readFileSync(join(EXPORTS, file));
    const whole = parseExport(bytes, file);
    const handed: ParsedRecord[] = [];
    const formats = new Set<string>();
    const info = parseExportEach(bytes, file, undefined, (record, format) => {
      handed.push(record);
      formats.add(format);
    });
    expect(handed).toEqual(whole.records);
    expect(info.recordCount).toBe(whole.records.length);
    expect([...formats]).toEqual([whole.format]);
    expect(info.warnings).toEqual(whole.warnings);
    expect(info.encoding).toBe(whole.encoding);
  });
});
