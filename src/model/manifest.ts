import { z } from 'zod';

/** stages/<stage>/manifest.json: what a stage's last run read, wrote and was given (src/project/manifest.ts reads and writes it). */
export const ManifestSchema = z.object({
  schemaVersion: z.literal(1),
  stage: z.string(),
  toolVersion: z.string(),
  code: z.string().optional().describe("fingerprint of the build of review that wrote it: `review run` rebuilds a stage made by another build"),
  ranAt: z.string().describe('ISO time of the run: the only time stamp a stage writes'),
  parameters: z.record(z.string(), z.unknown()),
  inputs: z.record(z.string(), z.string()).describe('project-relative path → sha256'),
  outputs: z.record(z.string(), z.string()).describe('project-relative path → sha256'),
  summary: z.record(z.string(), z.unknown()).default({}),
});
export type Manifest = z.infer<typeof ManifestSchema>;
