/**
 * Merge the korus-outreach protocol pieces (exclusion reasons, extraction codebook) into a review.json:
 *   node dist/scripts/merge-korus-protocol.js path/to/review.json
 * Replaces `exclusionReasons` and `extraction` (keeping extractors/extractionsPerRecord already set)
 * and checks the result against the review.json schema before writing it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReviewConfigSchema } from '../src/model/config.js';
import { writeJsonAtomic } from '../src/project/atomic.js';
import { toolRoot } from '../src/project/version.js';

const target = process.argv[2];
if (!target) {
  process.stderr.write('usage: node dist/scripts/merge-korus-protocol.js <review.json>\n');
  process.exit(2);
}
const dir = join(toolRoot(), 'data', 'examples', 'korus-outreach', 'protocol');
const read = (file: string): Record<string, unknown> => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const config = read(target);
const previousExtraction = (config.extraction ?? {}) as Record<string, unknown>;
const codebook = read(join(dir, 'extraction-codebook.json'));
config.exclusionReasons = read(join(dir, 'exclusion-reasons.json'));
config.extraction = {
  ...codebook,
  ...('extractors' in previousExtraction ? { extractors: previousExtraction.extractors } : {}),
  ...('extractionsPerRecord' in previousExtraction ? { extractionsPerRecord: previousExtraction.extractionsPerRecord } : {}),
};
const parsed = ReviewConfigSchema.safeParse(config);
if (!parsed.success) {
  process.stderr.write(`${target}: the merged review.json does not match the schema:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}\n`);
  process.exit(1);
}
writeJsonAtomic(target, config);
process.stderr.write(`${target}: exclusionReasons and extraction merged from data/examples/korus-outreach/protocol/\n`);
