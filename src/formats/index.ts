/**
 * The format registry: every plug-in, and content sniffing to choose one. The file name is only a
 * tie-breaker inside a plug-in's sniff; content decides.
 *
 * One rule sits above the plug-ins' confidences: a delimited export's header row makes the rest of
 * the file a table, whose cells may hold anything on any line (a title starting with "@", a RIS
 * record pasted into a notes column). Another format's evidence counts only when it appears before
 * that header row, so a plug-in that finds none there is not a candidate.
 */
import { FormatError, type FormatPlugin } from './types.js';
// plug-ins (one import per format)
import { medline } from './medline.js';
import { wosTagged } from './wos-tagged.js';
import { bibtex } from './bibtex.js';
import { endnoteXml } from './endnote-xml.js';
import { endnoteTagged } from './endnote-tagged.js';
import { ovidTagged } from './ovid-tagged.js';
import { refworksTagged } from './refworks-tagged.js';
import { risFormat } from './ris.js';
import { genericCsv } from './csv/generic.js';
import { scopusCsv } from './csv/scopus.js';
import { embaseCsv } from './csv/embase.js';
import { pubmedCsv } from './csv/pubmed.js';
import { cinahlCsv } from './csv/cinahl.js';
import { cochraneCsv } from './csv/cochrane.js';
import { popCsv } from './csv/pop.js';
import { zoteroCsv } from './csv/zotero.js';
import { gscholarCsv } from './csv/gscholar.js';
import { covidenceCsv } from './csv/covidence.js';
import { rayyanCsv } from './csv/rayyan.js';
import { wosTab } from './csv/wos-tab.js';
import { swepubCsv } from './csv/swepub.js';
import { gscholarJson } from './gscholar-json.js';
import { swepubJson } from './swepub-json.js';
// @plugins-imports

/**
 * Every plug-in. The order is not alphabetical and matters: on equal confidence the earlier plug-in
 * wins (see detectFormat), so tagged formats come first and generic CSV before the specific CSV
 * profiles, which outrank it by confidence anyway.
 */
export const FORMATS: FormatPlugin[] = [
  medline,
  wosTagged,
  bibtex,
  endnoteXml,
  endnoteTagged,
  ovidTagged,
  refworksTagged,
  risFormat,
  genericCsv,
  scopusCsv,
  embaseCsv,
  pubmedCsv,
  cinahlCsv,
  cochraneCsv,
  popCsv,
  zoteroCsv,
  gscholarCsv,
  covidenceCsv,
  rayyanCsv,
  wosTab,
  swepubCsv,
  gscholarJson,
  swepubJson,
  // @plugins-list
];

export interface Detection {
  plugin: FormatPlugin;
  confidence: number;
}

export function findFormat(id: string): FormatPlugin | undefined {
  return FORMATS.find((f) => f.id === id);
}

/**
 * Pick the most confident plug-in; ties go to the earlier one in FORMATS. When a delimited plug-in
 * finds its header row, the others are sniffed again on the text before that row only (see above).
 */
export function detectFormat(text: string, fileName?: string): Detection {
  const head = text.slice(0, 64 * 1024);
  const tableStart = firstTableStart(head);
  const beforeTable = tableStart === undefined ? undefined : head.slice(0, tableStart);
  let best: Detection | undefined;
  for (const plugin of FORMATS) {
    let confidence = plugin.sniff(head, fileName);
    if (confidence > 0 && beforeTable !== undefined && !plugin.tableStart && plugin.sniff(beforeTable, fileName) === 0) confidence = 0;
    if (confidence > 0 && (!best || confidence > best.confidence)) best = { plugin, confidence };
  }
  if (!best || best.confidence < 0.2) {
    const known = FORMATS.map((f) => f.label).join(', ');
    throw new FormatError(`unknown format: the content matches none of the supported exports (${known}). Export again as RIS, MEDLINE/nbib, CSV or EndNote XML, or pass --format <id>`, 1);
  }
  return best;
}

/** Where the earliest header row any delimited plug-in accepts starts, if one does. */
function firstTableStart(head: string): number | undefined {
  let first: number | undefined;
  for (const plugin of FORMATS) {
    const start = plugin.tableStart?.(head);
    if (start !== undefined && (first === undefined || start < first)) first = start;
  }
  return first;
}
