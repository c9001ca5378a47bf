import { setFlagsFromString } from 'node:v8';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { CLEANUP_PORT, COMMITTING, type Cleanup, runCleanups } from '../project/exit-cleanup.js';

/** How long an interrupt lets a commit in progress finish before stopping the command anyway. */
const COMMIT_GRACE_MS = 10_000;
/** How long a stopping worker may take to end before the process exits regardless. */
const TERMINATE_GRACE_MS = 1_000;

/** What the command's worker tells the supervisor when it finishes (command-worker.ts). */
export interface CommandDone {
  kind: 'done';
  exitCode: number;
}

/** Terminal facts the worker cannot see itself (a worker's stdout and stderr are pipes to this thread). */
export interface TerminalInfo {
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  columns?: number;
}

/** Commands that only read the project and finish at once: nothing for an interrupt to protect. */
const INLINE_COMMANDS = new Set(['status', 'formats', 'help']);
/** Global options followed by a value (main.ts, lock.ts): their value is not the command. */
const OPTIONS_WITH_VALUE = new Set(['-C', '--project', '--lock-wait']);

/**
 * Whether `argv` (process.argv) asks for a command that may run on the main thread without a
 * worker: status, formats, help, or no command at all (--version, --help, usage). Anything else,
 * or anything unclear, runs supervised.
 */
export function runsInline(argv: readonly string[]): boolean {
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') return false;
    if (OPTIONS_WITH_VALUE.has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    return INLINE_COMMANDS.has(arg);
  }
  return true;
}

/**
 * Run the CLI with the command on a worker thread while this thread only supervises.
 *
 * Why: signal handlers run on the main thread's event loop, which a busy stage (parsing a 200 MB
 * export, clustering records, building sheets) keeps occupied for minutes: Ctrl-C and SIGTERM
 * were ignored until the work ended. Yielding inside every loop would have to be repeated in every
 * stage and format, and one forgotten loop brings the bug back. Here the main thread is always
 * free: on SIGINT or SIGTERM it lets a commit in progress finish (renames and manifests, which take
 * milliseconds), stops the worker (V8 interrupts even a tight loop), removes the temp files and the
 * lock the command registered (exit-cleanup.ts posts each one here before it is made), and exits
 * 130 or 143. The project is left as the last finished command left it.
 */
export async function runSupervised(argv: string[], workerScript: URL): Promise<number> {
  const cleanups = new MessageChannel();
  const committing = new SharedArrayBuffer(4);
  const terminal: TerminalInfo = {
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    ...(process.stderr.columns ? { columns: process.stderr.columns } : {}),
  };
  // The command's thread gets `gc()`: `review run` collects between stages, so each stage reuses the
  // heap the previous one left as garbage instead of growing the process (V8 flags are per process,
  // read when the worker's context is made).
  setFlagsFromString('--expose-gc');
  const worker = new Worker(workerScript, {
    workerData: { argv, terminal, [CLEANUP_PORT]: cleanups.port2, [COMMITTING]: committing },
    transferList: [cleanups.port2],
    // The worker's process.argv then reads as the main thread's (the logger looks for --debug there).
    argv: argv.slice(2),
  });
  const cleanUp = (): void => {
    const items: Cleanup[] = [];
    for (let m = receiveMessageOnPort(cleanups.port1); m; m = receiveMessageOnPort(cleanups.port1)) items.push(m.message as Cleanup);
    runCleanups(items);
  };

  let stopping = false;
  const stop = async (signal: 'SIGINT' | 'SIGTERM'): Promise<void> => {
    const code = signal === 'SIGINT' ? 130 : 143;
    if (stopping) process.exit(code); // a second interrupt: no more waiting
    stopping = true;
    const counter = new Int32Array(committing);
    const until = Date.now() + COMMIT_GRACE_MS;
    while (Atomics.load(counter, 0) > 0 && Date.now() < until) await sleep(5);
    await Promise.race([worker.terminate(), sleep(TERMINATE_GRACE_MS)]);
    cleanUp();
    process.stderr.write(`\nreview: stopped (${signal}); temporary files removed, the project is as the last finished command left it\n`);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  return new Promise<number>((resolve) => {
    let exitCode: number | undefined;
    worker.on('message', (message: CommandDone) => {
      if (message.kind === 'done') exitCode = message.exitCode;
    });
    worker.on('error', (error) => {
      process.stderr.write(`review: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n  this is a bug; run again with --debug and report the output\n`);
      exitCode = 70;
    });
    worker.on('exit', () => {
      if (stopping) return;
      cleanUp();
      cleanups.port1.close();
      resolve(exitCode ?? 70);
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
