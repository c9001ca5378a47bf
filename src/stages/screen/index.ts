/** Title/abstract screening: I/O entry points for the CLI and `review run`. */
export { runScreenAssign, type AssignOptions, type AssignSummary, type SheetFormat } from './assign.js';
export { recollectAll, runScreenCollect, type CollectSummary } from './collect.js';
export { runScreenReconcile, type ReconcileSummary } from './reconcile-run.js';
export { runScreenExportRayyan, type RayyanExportSummary } from './export-rayyan.js';
export { formatInvariants } from './invariants.js';
export { runScreenProgress, type ScreenProgressSummary } from './progress-report.js';
export { runScreenStop, type StopSummary } from './stop-run.js';
export { describeFigures, percent } from './stopping-figures.js';
