/**
 * The kinds of source review.json knows, without zod: the CLI names them in its help, which every
 * command builds at start-up (model/config.ts makes the schema from this list).
 */
export const SOURCE_KINDS = ['database', 'register', 'website', 'organisation', 'citation-searching', 'expert', 'other'] as const;

export type SourceKindName = (typeof SOURCE_KINDS)[number];

export function isSourceKind(value: string): value is SourceKindName {
  return (SOURCE_KINDS as readonly string[]).includes(value);
}
