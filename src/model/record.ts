import { z } from 'zod';

/** One author as parsed: family/given when the export separates them, `literal` for corporate names. */
export const AuthorSchema = z.object({
  family: z.string(),
  given: z.string().optional(),
  literal: z.boolean().optional().describe('true for a corporate/group author kept as one string in `family`'),
});
export type Author = z.infer<typeof AuthorSchema>;

/**
 * "Family, Given" (a corporate author, or one without a given name, as its family part alone): how
 * sheets, the report and exports write an author, and RIS's own AU form. Beside the model so that
 * both the stages (src/stages/shared/authors.ts) and the RIS writer (src/formats/ris/write.ts) use it.
 */
export function authorName(author: Author): string {
  return author.given ? `${author.family}, ${author.given}` : author.family;
}

/** Normalised reference types; anything else is `other` with the raw type kept in `rawType`. */
export const RecordTypeSchema = z.enum([
  'article', 'review', 'book', 'chapter', 'conference', 'thesis', 'report', 'dataset', 'web', 'patent', 'preprint', 'other',
]);
export type RecordType = z.infer<typeof RecordTypeSchema>;

/** The bibliographic fields every format maps into. Empty strings are never stored: absent means unknown. */
export const BibFieldsSchema = z.object({
  type: RecordTypeSchema.optional(),
  rawType: z.string().optional(),
  title: z.string().optional(),
  authors: z.array(AuthorSchema).default([]),
  year: z.number().int().optional(),
  journal: z.string().optional(),
  journalAbbrev: z.string().optional(),
  volume: z.string().optional(),
  issue: z.string().optional(),
  pages: z.string().optional(),
  doi: z.string().optional(),
  pmid: z.string().optional(),
  issn: z.array(z.string()).default([]),
  isbn: z.array(z.string()).default([]),
  abstract: z.string().optional(),
  keywords: z.array(z.string()).default([]),
  language: z.string().optional(),
  url: z.string().optional(),
  accessionNumber: z.string().optional(),
  publisher: z.string().optional(),
  database: z.string().optional().describe('database named inside the export (RIS DB, MEDLINE OWN...)'),
  sourceRecordId: z.string().optional().describe('an id column of the input (generic CSV `id`, Rayyan key, Covidence #)'),
});
export type BibFields = z.infer<typeof BibFieldsSchema>;

/** Every raw tag or column, in file order: [tag, value]. Repeated tags stay repeated. */
export const RawFieldSchema = z.tuple([z.string(), z.string()]);
export type RawField = z.infer<typeof RawFieldSchema>;

export const ProvenanceSchema = z.object({
  source: z.string().describe('source name from review.json'),
  file: z.string().describe('path of the export relative to the project folder'),
  fileSha256: z.string(),
  format: z.string().describe('format plug-in id that parsed the file'),
  index: z.number().int().nonnegative().describe('0-based position of the record in the file'),
  line: z.number().int().positive().describe('1-based line where the record starts (CSV: the physical line of the row)'),
});
export type Provenance = z.infer<typeof ProvenanceSchema>;

export const RECORD_SCHEMA_VERSION = 1;

/** A record as written by `review import` to stages/import/records.jsonl (one JSON object per line). */
export const ImportedRecordSchema = BibFieldsSchema.extend({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  id: z.string().describe('stable id: r + 12 hex of sha256(source, file sha256, index)'),
  provenance: ProvenanceSchema,
  raw: z.array(RawFieldSchema),
});
export type ImportedRecord = z.infer<typeof ImportedRecordSchema>;
