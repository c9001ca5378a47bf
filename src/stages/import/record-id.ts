import { sha256 } from '../../project/hash.js';

/** Stable record id: r + 12 hex of sha256(source, file hash, index). */
export function recordId(source: string, fileSha: string, index: number): string {
  return `r${sha256(`${source}\u0000${fileSha}\u0000${index}`).slice(0, 12)}`;
}
