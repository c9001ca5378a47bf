/**
 * The format registry: every plug-in, and content sniffing to choose one. The file name is only a
 * tie-breaker inside a plug-in's sniff; content decides.
 *
 * One rule sits above the plug-ins' confidences: evidence inside another format's content is data,
 * not evidence. A CSV's header row makes the rest of the file a table whose cells may hold anything on
 * any line (a title starting with "@", a RIS record pasted into a notes column); a tagged file's
 * abstract may continue on a line that reads "@article{x,". Plug-ins whose content can hold any text
 * say where it starts (contentStart); a plug-in whose evidence all lies after that point, or whose
 * content starts after another format's evidence, is not a candidate (see precedes()).
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
 * Pick the most confident plug-in among the candidates; ties go to the earlier one in FORMATS. A
 * plug-in that finds evidence is a candidate unless another one's content precedes it.
 */
export function detectFormat(text: string, fileName?: string): Detection {
  const head = text.slice(0, 64 * 1024);
  const found: Sniffed[] = [];
  for (const plugin of FORMATS) {
    const confidence = plugin.sniff(head, fileName);
    if (confidence > 0) found.push({ plugin, confidence, start: plugin.contentStart?.(head) });
  }
  let best: Detection | undefined;
  for (const candidate of found) {
    if (found.some((other) => other !== candidate && precedes(other, candidate, head, fileName))) continue;
    if (!best || candidate.confidence > best.confidence) best = { plugin: candidate.plugin, confidence: candidate.confidence };
  }
  if (!best || best.confidence < 0.2) {
    const known = FORMATS.map((f) => f.label).join(', ');
    throw new FormatError(`unknown format: the content matches none of the supported exports (${known}). Export again as RIS, MEDLINE/nbib, CSV or EndNote XML, or pass --format <id>`, 1);
  }
  return best;
}

interface Sniffed extends Detection {
  /** contentStart, for plug-ins that have one. */
  start: number | undefined;
}

/**
 * Does `a`'s content come first, so that `b`'s evidence is part of it?
 * - both say where their content starts: the earlier start comes first;
 * - only `a` does: when `b` finds no evidence before that start;
 * - only `b` does: when `a` finds evidence before `b`'s start.
 */
function precedes(a: Sniffed, b: Sniffed, head: string, fileName: string | undefined): boolean {
  if (a.start !== undefined && b.start !== undefined) return a.start < b.start;
  if (a.start !== undefined) return b.plugin.sniff(head.slice(0, a.start), fileName) === 0;
  if (b.start !== undefined) return a.plugin.sniff(head.slice(0, b.start), fileName) > 0;
  return false;
}
