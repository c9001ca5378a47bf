/**
 * The tagged family shares line shapes (`XX  - ` in RIS, MEDLINE and Ovid), so each plug-in must stay
 * low on the others' files: every real RIS export, including Ovid RIS ("1." before TY) and RIS with a
 * `PMID  - ` tag, and every real file of the other tagged formats.
 */
import { describe, expect, it } from 'vitest';
import { endnoteTagged } from '../../src/formats/endnote-tagged.js';
import { medline } from '../../src/formats/medline.js';
import { ovidTagged } from '../../src/formats/ovid-tagged.js';
import { refworksTagged } from '../../src/formats/refworks-tagged.js';
import type { FormatPlugin } from '../../src/formats/types.js';
import { wosTagged } from '../../src/formats/wos-tagged.js';
import { exportFiles, readExport } from './golden/tagged-helpers.js';

const MINE: FormatPlugin[] = [medline, wosTagged, ovidTagged, endnoteTagged, refworksTagged];
const FOLDER_OWNER: Record<string, string> = { medline: 'medline', 'wos-tagged': 'wos-tagged', 'endnote-tagged': 'endnote-tagged', ris: '' };

describe('tagged plug-ins do not claim each other\'s files', () => {
  for (const [folder, owner] of Object.entries(FOLDER_OWNER)) {
    for (const file of exportFiles(folder)) {
      it(file, () => {
        const text = readExport(file).slice(0, 64 * 1024);
        const name = file.split('/').pop();
        for (const plugin of MINE) {
          if (plugin.id === owner) expect(plugin.sniff(text, name), plugin.id).toBeGreaterThan(0.85);
          else expect(plugin.sniff(text, name), plugin.id).toBeLessThan(folder === 'ris' ? 0.3 : 0.5);
        }
      });
    }
  }
});
