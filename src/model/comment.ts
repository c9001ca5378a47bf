import { z } from 'zod';

/**
 * `$comment` is allowed in every object of review.json (JSON has no comments): it is a JSON Schema
 * keyword, so editors do not flag it, and the pipeline never reads it.
 */
export const configComment = z.string().optional().describe('a note for people; ignored by the pipeline');
