/**
 * The PubMed id a link names, for records whose export gives the PMID only inside a URL: Rayyan and
 * EndNote write `https://www.ncbi.nlm.nih.gov/pubmed/12345678`, Ovid links to its MEDLINE copy with
 * `…ovidweb.cgi?…&D=medl&AN=12345678`, link resolvers (OpenURL) carry `pmid=12345678` or
 * `rft_id=info:pmid/12345678`, Europe PMC `/article/MED/12345678`. Plug-ins call pmidFromUrls with every URL field of a record that has
 * no PMID of its own; other fields (abstracts, notes, cited references) may name other articles.
 */
import type { ParsedRecord } from '../types.js';

const PMID = /^\d{1,9}$/;
/** Ovid's MEDLINE databases: medl, med8, medc, mesz (ahead of print), prem (in process), … */
const OVID_MEDLINE_DB = /^(?:med[a-z0-9]*|prem|mesz)$/i;

/** The PMID of the first link (of any value, several links per value allowed) that names one. */
export function pmidFromUrls(values: Iterable<string | undefined>): string | undefined {
  for (const value of values) {
    if (!value) continue;
    for (const token of value.split(/\s+/)) {
      const pmid = pmidFromUrl(token);
      if (pmid) return pmid;
    }
  }
  return undefined;
}

/** Set the record's PMID from its URL fields when it has none. */
export function setPmidFromUrls(record: ParsedRecord, values: Iterable<string | undefined>): void {
  if (record.pmid === undefined) {
    const pmid = pmidFromUrls(values);
    if (pmid) record.pmid = pmid;
  }
}

export function pmidFromUrl(text: string): string | undefined {
  if (!/^https?:\/\//i.test(text)) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const host = url.hostname.toLowerCase();
  const segments = url.pathname.split('/').filter((s) => s !== '');
  if (host === 'pubmed.ncbi.nlm.nih.gov') return digits(segments[0]);
  const params = lowerCaseParams(url.searchParams);
  if (host === 'ncbi.nlm.nih.gov' || host === 'www.ncbi.nlm.nih.gov') {
    // /pubmed/12345678, /m/pubmed/12345678, and the old /entrez/query.fcgi?db=PubMed&list_uids=…
    const at = segments.findIndex((s) => s.toLowerCase() === 'pubmed');
    if (at >= 0 && segments[at + 1] !== undefined) return digits(segments[at + 1]);
    if (params.get('db')?.toLowerCase() === 'pubmed') return digits(params.get('list_uids'));
  }
  // Europe PMC: /article/MED/12345678 and /abstract/MED/12345678 (MED is its PubMed source).
  if ((host === 'europepmc.org' || host === 'www.europepmc.org') && segments[1]?.toUpperCase() === 'MED') return digits(segments[2]);
  if ((host === 'ovid.com' || host.endsWith('.ovid.com')) && OVID_MEDLINE_DB.test(params.get('d') ?? '')) {
    return digits(params.get('an'));
  }
  const pmid = digits(params.get('pmid'));
  if (pmid) return pmid;
  // OpenURL: rft_id (or id) may repeat, one per identifier scheme.
  for (const [key, value] of url.searchParams) {
    if (!/^(?:rft_id|id)$/i.test(key)) continue;
    const m = /^(?:info:pmid\/|pmid:)(\d{1,9})$/i.exec(value.trim());
    if (m) return m[1];
  }
  return undefined;
}

function digits(value: string | undefined): string | undefined {
  return value !== undefined && PMID.test(value) ? value : undefined;
}

/** Query parameters by lower-case name, first value kept. */
function lowerCaseParams(params: URLSearchParams): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of params) {
    const k = key.toLowerCase();
    if (!out.has(k)) out.set(k, value.trim());
  }
  return out;
}
