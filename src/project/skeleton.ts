/**
 * What `review init` writes: a review.json whose sections say, in `$comment`s (JSON has no
 * comments), what to fill in, and the folders that messages tell people to save files into.
 */
import { CONFIG_SCHEMA_VERSION, type ReviewConfigInput } from '../model/config.js';

/** review.json's schema, copied beside it so that `$schema` resolves in any folder, offline. */
export const CONFIG_SCHEMA_FILE = 'review.schema.json';

/** decisions/<folder>/ for every kind of file people return (the stages read them from there). */
export const DECISION_FOLDERS = ['dedupe', 'screen', 'screen-resolutions', 'screen-stop', 'fulltext', 'extract'] as const;

/** A new project's review.json (valid as it is; `review import --kind` adds the sources). */
export function skeletonConfig(title: string): ReviewConfigInput {
  return {
    $schema: `./${CONFIG_SCHEMA_FILE}`,
    $comment: 'The review protocol. Every key is described in review.schema.json (editors that read "$schema" show the descriptions and check the file). "$comment" keys are notes for people; the pipeline ignores them.',
    schemaVersion: CONFIG_SCHEMA_VERSION,
    title,
    sources: [],
    screeners: [],
    screening: {
      $comment: 'Title/abstract screening. List the screeners under "screeners" first, e.g. [{"id": "AB", "name": "Ada Berg"}, {"id": "CD", "name": "Carl Dahl"}, {"id": "EF", "name": "Eva Falk"}], then who screens what share here, e.g. "allocation": [{"screener": "AB", "share": 1}, {"pool": ["CD", "EF"], "share": 1}]: AB screens every record, CD and EF share the second vote. `review screen assign` writes one sheet per screener.',
      reviewsPerRecord: 2,
      seed: 'review',
      allocation: [],
      stratifyBy: 'none',
      labels: ['include', 'exclude', 'maybe'],
      reasons: [],
    },
    exclusionReasons: {
      $comment: 'The closed list of full-text exclusion reasons: the sheets offer only these and `review fulltext collect` accepts only these ids. Edit them to match the protocol and bump "version" when they change. Add "screen" to a reason\'s "stages" to offer it at title/abstract screening too.',
      version: '1',
      reasons: [
        { id: 'wrong-population', label: 'Wrong population', stages: ['fulltext'] },
        { id: 'wrong-concept', label: 'Wrong concept or intervention', stages: ['fulltext'] },
        { id: 'wrong-context', label: 'Wrong context or setting', stages: ['fulltext'] },
        { id: 'wrong-publication-type', label: 'Wrong publication type', stages: ['fulltext'] },
      ],
    },
    extraction: {
      $comment: 'The codebook: one field per column of the extraction sheet. Types: text, number, year, single and multiple (choose from "values"), country. Bump "version" whenever fields, types or values change.',
      version: '1',
      fields: [
        { id: 'country', label: 'Country', type: 'country', multiple: true, required: true, role: 'country', description: 'Country or countries where the study took place (several separated by "; ").' },
        { id: 'design', label: 'Study design', type: 'single', values: ['qualitative', 'quantitative', 'mixed methods', 'review', 'other'], required: true, role: 'design' },
        { id: 'notes', label: 'Notes', type: 'text' },
      ],
    },
  };
}
