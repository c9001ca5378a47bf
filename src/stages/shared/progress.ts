/**
 * What a stage tells about its progress while it works. Stages only call the listener; the CLI
 * decides whether and how to show it (src/cli/progress.ts), so no stage knows about terminals.
 */
export interface ProgressUpdate {
  /** What the stage is doing now, e.g. "reading records", "comparing pairs". */
  phase: string;
  /** How far through the phase, in `unit` (absent for a phase that cannot say). */
  done?: number;
  total?: number;
  unit?: 'bytes' | 'records' | 'pairs' | 'items';
  /** Records handled so far in the phase (for a records/s rate when the unit is bytes). */
  records?: number;
  /** e.g. the file being read. */
  detail?: string;
}

export type ProgressListener = (update: ProgressUpdate) => void;
