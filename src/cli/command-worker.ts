/** The worker thread that runs one CLI command under the supervisor (supervisor.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { main } from './main.js';
import type { CommandDone, TerminalInfo } from './supervisor.js';

const { argv, terminal } = workerData as { argv: string[]; terminal: TerminalInfo };
// A worker's stdio are pipes to the main thread: tell progress bars and the logger what the user sees.
Object.assign(process.stdout, { isTTY: terminal.stdoutIsTTY, ...(terminal.columns ? { columns: terminal.columns } : {}) });
Object.assign(process.stderr, { isTTY: terminal.stderrIsTTY, ...(terminal.columns ? { columns: terminal.columns } : {}) });

const exitCode = await main(argv);
parentPort?.postMessage({ kind: 'done', exitCode } satisfies CommandDone);
