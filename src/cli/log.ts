import { pino, type Logger } from 'pino';

/**
 * Diagnostic logs (not the human report): pino on stderr, JSON when stderr is not a TTY or CI is
 * set, pretty otherwise. Silent unless --debug or REVIEW_LOG=<level> asks for it.
 */
let logger: Logger | undefined;

export function log(): Logger {
  if (logger) return logger;
  const level = process.env.REVIEW_LOG ?? (process.argv.includes('--debug') ? 'debug' : 'silent');
  const pretty = process.stderr.isTTY === true && !process.env.CI;
  logger = pretty
    ? pino({ level, transport: { target: 'pino-pretty', options: { destination: 2, colorize: true } } })
    : pino({ level }, pino.destination(2));
  return logger;
}
