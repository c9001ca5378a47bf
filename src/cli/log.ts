import { createRequire } from 'node:module';
import type { Logger } from 'pino';

/**
 * Diagnostic logs (not the human report): pino on stderr, JSON when stderr is not a TTY or CI is
 * set, pretty otherwise. Silent unless --debug or REVIEW_LOG=<level> asks for it. pino is loaded on
 * the first call, not at start-up: most commands never log.
 */
let logger: Logger | undefined;

export function log(): Logger {
  if (logger) return logger;
  const level = process.env.REVIEW_LOG ?? (process.argv.includes('--debug') ? 'debug' : 'silent');
  if (level === 'silent') {
    logger = silent();
    return logger;
  }
  const { pino } = createRequire(import.meta.url)('pino') as typeof import('pino');
  const pretty = process.stderr.isTTY === true && !process.env.CI;
  logger = pretty
    ? pino({ level, transport: { target: 'pino-pretty', options: { destination: 2, colorize: true } } })
    : pino({ level }, pino.destination(2));
  return logger;
}

/** What pino at level "silent" does (drops everything), without loading pino. */
function silent(): Logger {
  const drop = (): void => undefined;
  const stub: Record<string, unknown> = { level: 'silent', isLevelEnabled: () => false, flush: drop };
  for (const name of ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) stub[name] = drop;
  stub.child = () => stub;
  return stub as unknown as Logger;
}
