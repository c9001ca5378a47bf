/**
 * Rebuild benchmark: copies the shipped korus-outreach example to a temp folder and times
 * `review run` (every stage from exports/ and decisions/) as a child process, 3 times; prints each
 * wall time, the median and peak RSS. Figures for notes, not a timed test.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toolRoot } from '../src/project/version.js';

const ROOT = toolRoot();
const BIN = join(ROOT, 'bin', 'review.js');
const EXAMPLE = join(ROOT, 'data', 'examples', 'korus-outreach');
const runs: { wall: number; rssMb: number }[] = [];
for (let i = 0; i < 3; i++) {
  const project = mkdtempSync(join(tmpdir(), 'review-rebuild-'));
  cpSync(EXAMPLE, project, { recursive: true });
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, BIN, '-C', project, '-q', 'run'], { encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`review run failed:\n${r.stderr}`);
  runs.push({ wall, rssMb: Number(r.stderr.trim().split('\n').pop()) / 1024 });
  rmSync(project, { recursive: true, force: true });
}
const walls = runs.map((r) => r.wall).sort((a, b) => a - b);
process.stdout.write(`review run on korus-outreach: ${runs.map((r) => `${r.wall.toFixed(2)} s`).join(', ')}; median ${walls[1]!.toFixed(2)} s; peak RSS ${Math.max(...runs.map((r) => r.rssMb)).toFixed(0)} MB (target < 10 s)\n`);
