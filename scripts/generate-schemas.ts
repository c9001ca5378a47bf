/** Writes schemas/*.schema.json from the zod models; with --check, exits 1 if any file would change. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { PUBLISHED_SCHEMAS } from '../src/model/registry.js';
import { toolRoot } from '../src/project/version.js';

const check = process.argv.includes('--check');
const dir = join(toolRoot(), 'schemas');
mkdirSync(dir, { recursive: true });
const drift: string[] = [];
for (const { file, title, schema } of PUBLISHED_SCHEMAS) {
  const json = { title, ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) };
  const text = `${JSON.stringify(json, null, 2)}\n`;
  const path = join(dir, file);
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  if (current === text) continue;
  if (check) drift.push(file);
  else {
    writeFileSync(path, text);
    process.stderr.write(`wrote schemas/${file}\n`);
  }
}
if (drift.length) {
  process.stderr.write(`schemas/ is out of date with src/model: ${drift.join(', ')}\nrun \`npm run build && npm run schemas\` and commit the result\n`);
  process.exit(1);
}
if (check) process.stderr.write(`schemas/ matches src/model (${PUBLISHED_SCHEMAS.length} schemas)\n`);
