/**
 * What `review run --check` copies and carries. The steps themselves are the stages' own
 * (src/stages/<stage>/stage.ts), given to runAll in the stage graph's order.
 */

/**
 * Top-level entries of a project that the rebuild neither reads nor makes: --check does not copy
 * them. outputs/ holds files made on request for other tools (e.g. `review screen export --rayyan`);
 * no stage reads them, so they are no part of the state a rebuild reproduces. cache/ holds what
 * speeds up a re-run (the import's parts index): the check rebuilds without it. The project lock
 * (design.md) belongs to the running command, not to the copy.
 */
export const NOT_REBUILT: ReadonlySet<string> = new Set(['stages', 'history', 'outputs', 'cache', '.review.lock']);

/**
 * Project files under stages/ that --check carries into its rebuild. The assignment ledger records
 * what was handed out to screeners, batch by batch, as records arrived; that history is a fact no
 * input holds (a rebuild from exports alone would allocate every record in one batch and refuse the
 * sheets already returned). `review run` keeps it in place and allocates only records not in it;
 * the check does the same in its copy, so a run and the check describe the same state. It is still
 * compared: a check that has to allocate records the project has not says so.
 */
export const CARRIED: readonly string[] = ['stages/screen/assignments.csv'];
