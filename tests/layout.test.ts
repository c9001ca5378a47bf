// The import directions of the code layout (README "Code layout", issue #15):
//   cli → stages → formats / sheets / project → model,
// no stage imports another stage (src/stages/shared is the stages' common library), and model,
// formats, sheets and project import nothing above them. The stage graph (src/stages/graph.ts, a file
// directly in src/stages/) lists the stages' declarations: only cli imports it, so not even `run`
// imports another stage. A new import against these directions fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers/project.js';

/** A part of the layout: 'cli', 'model', …, 'stages/<name>', or 'stages' (the graph: files directly in src/stages/). */
type Part = string;

function partOf(srcRelative: string): Part {
  const [top, second, third] = srcRelative.split('/');
  return top === 'stages' && second !== undefined && third !== undefined ? `stages/${second}` : (top ?? '');
}

/** The parts a part may import (besides itself). */
function allowedTargets(from: Part): (to: Part) => boolean {
  if (from === 'cli') return () => true;
  if (from === 'stages') return (to) => to.startsWith('stages/') || ['formats', 'sheets', 'project', 'model'].includes(to);
  if (from === 'stages/shared') return (to) => ['formats', 'sheets', 'project', 'model'].includes(to);
  if (from.startsWith('stages/')) return (to) => to === 'stages/shared' || ['formats', 'sheets', 'project', 'model'].includes(to);
  if (from === 'formats' || from === 'sheets' || from === 'project') return (to) => to === 'model';
  return () => false; // model, and any new top-level folder until it is placed in the layout
}

// Relative module specifiers of static imports and re-exports, side-effect imports and literal import().
const SPECIFIER = [/\bfrom\s*['"](\.[^'"\n]*)['"]/g, /^\s*import\s*['"](\.[^'"\n]*)['"]/gm, /\bimport\s*\(\s*['"](\.[^'"\n]*)['"]\s*\)/g];

function importsOf(source: string): string[] {
  return SPECIFIER.flatMap((re) => [...source.matchAll(re)].map((m) => m[1] ?? ''));
}

/** "from-file → to-file" (src-relative, .ts) for every import against the directions. */
function violations(files: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const [file, source] of files) {
    const from = partOf(file);
    const allowed = allowedTargets(from);
    for (const spec of importsOf(source)) {
      const target = join(dirname(file), spec).replace(/\.js$/, '.ts');
      const to = partOf(target);
      if (to !== from && !allowed(to)) out.push(`${file} → ${target}`);
    }
  }
  return out.sort();
}

function sourcesUnder(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) files.set(relative(dir, path).split('\\').join('/'), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

describe('code layout', () => {
  it('imports follow cli → stages → formats/sheets/project → model, and no stage imports another', () => {
    // No exceptions: a shared piece goes to src/stages/shared, src/project or src/model.
    expect(violations(sourcesUnder(resolve(REPO, 'src')))).toEqual([]);
  });

  it('reports a stage importing another stage, a format importing a stage, and model importing project', () => {
    const files = new Map([
      ['stages/report/index.ts', "import { chart } from '../extract/chart.js';\nimport { count } from '../shared/plural.js';"],
      ['formats/ris.ts', "import type { Plan } from '../stages/dedupe/plan.js';\nimport { z } from 'zod';"],
      ['model/registry.ts', "export { ManifestSchema } from '../project/manifest.js';"],
      ['cli/main.ts', "const m = await import('../stages/run/index.js');"],
      ['stages/run/steps.ts', "import '../screen/index.js';"],
      ['stages/run/index.ts', "import { STAGES } from '../graph.js';"],
      ['stages/graph.ts', "import { screenStage } from './screen/stage.js';"],
      ['project/status.ts', "import { STAGES } from '../stages/graph.js';"],
    ]);
    expect(violations(files)).toEqual([
      'formats/ris.ts → stages/dedupe/plan.ts',
      'model/registry.ts → project/manifest.ts',
      'project/status.ts → stages/graph.ts',
      'stages/report/index.ts → stages/extract/chart.ts',
      'stages/run/index.ts → stages/graph.ts',
      'stages/run/steps.ts → stages/screen/index.ts',
    ]);
  });
});
