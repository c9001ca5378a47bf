/**
 * A fingerprint of review's own code, for what is reused from an earlier run only while the code
 * that made it is the same: the import's parts index (some folders) and stage manifests (all of it,
 * so `review run` rebuilds a stage made by another build). Modules' names, sizes, times and inodes
 * stand for their content (src/project/file-hashes.ts statKey): reading them all would cost every
 * command ~0.1 s, and any change to a module (a new release, a rebuild, a local edit) changes them.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { statKey } from './file-hashes.js';
import { TOOL_VERSION } from './version.js';

const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const fingerprints = new Map<string, string>();

/**
 * The fingerprint of the code modules (.js/.ts, not .d.ts) under `folders` of the code root (src/ or
 * dist/), or under the whole root when `folders` is undefined; `salt` tells apart fingerprints made
 * for different purposes (a cache's format version). Computed once per process.
 */
export function codeFingerprint(folders?: readonly string[], salt = ''): string {
  const key = `${folders?.join('\u0000') ?? '*'}\u0001${salt}`;
  const known = fingerprints.get(key);
  if (known) return known;
  // This module is <root>/project/code-fingerprint.(js|ts): the code root is one folder up.
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const hash = createHash('sha256').update(`${TOOL_VERSION}\u0000${salt}\u0000`);
  const visit = (dir: string, rel: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort(byName)) {
      const path = join(dir, entry.name);
      const name = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) visit(path, name);
      else if (/\.(js|ts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) hash.update(`${name}\u0000${statKey(path) ?? ''}\u0000`);
    }
  };
  if (folders) for (const folder of folders) visit(join(root, folder), folder);
  else visit(root, '');
  const fingerprint = hash.digest('hex');
  fingerprints.set(key, fingerprint);
  return fingerprint;
}
