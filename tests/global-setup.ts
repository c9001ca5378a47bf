// Vitest global setup: end-to-end tests run the built CLI in dist/, so build it once before any test
// when it is missing or older than a source file. Plain `npx vitest run` then passes on a fresh clone,
// and a run right after a build (or a second run) costs only a scan of file times.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = dirname(dirname(fileURLToPath(import.meta.url)));
// What tsconfig.json compiles, and the config itself.
const SOURCE_DIRS = ['src', 'scripts', 'bench'];
const SOURCE_FILES = ['tsconfig.json'];
// tsc rewrites every output on each build, so the CLI's entry point is as old as the last build.
const BUILT_MARKER = join(REPO, 'dist', 'src', 'cli', 'main.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function builtMtime(): number | undefined {
  try {
    return statSync(BUILT_MARKER).mtimeMs;
  } catch {
    return undefined;
  }
}

export function isBuildStale(): boolean {
  const built = builtMtime();
  if (built === undefined) return true;
  const sources = Math.max(
    ...SOURCE_DIRS.map((dir) => newestMtime(join(REPO, dir))),
    ...SOURCE_FILES.map((file) => statSync(join(REPO, file)).mtimeMs),
  );
  return sources > built;
}

export default function setup(): void {
  if (!isBuildStale()) return;
  process.stderr.write('vitest global setup: dist/ is missing or older than src/; building (tsc -p tsconfig.json)\n');
  // No shell: a fixed command, the TypeScript compiler from this repository's node_modules.
  execFileSync(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], {
    cwd: REPO,
    stdio: 'inherit',
  });
}
