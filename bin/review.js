#!/usr/bin/env node
// A larger young generation halves the time parsers spend in garbage collection on big exports
// (measured on 25k-record RIS files); set before the CLI's modules load.
import v8 from 'node:v8';

v8.setFlagsFromString('--max-semi-space-size=64');
// The command runs on a worker thread so that this thread stays free for Ctrl-C and SIGTERM
// (src/cli/supervisor.ts says why); V8 flags are process-wide, so the worker has them too.
// Quick commands that write nothing (status, formats, help, version) run here: a worker thread
// costs about 0.1 s of start-up.
const { runSupervised, runsInline } = await import('../dist/src/cli/supervisor.js');
const run = runsInline(process.argv)
  ? import('../dist/src/cli/main.js').then(({ main }) => main(process.argv))
  : runSupervised(process.argv, new URL('../dist/src/cli/command-worker.js', import.meta.url));

run.then(
  (code) => { process.exitCode = code; },
  (error) => {
    process.stderr.write(`review: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 70;
  },
);
