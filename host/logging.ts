// One pino logger for the daemon: JSON lines by default (what log shippers
// want), human-readable when a person is watching a terminal.
import pino, { type Logger, type LevelWithSilent } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export interface LoggerOptions {
  level?: LevelWithSilent;
  pretty?: boolean;
  destination?: NodeJS.WritableStream;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const level = opts.level ?? 'info';
  const usePretty = opts.pretty ?? (process.stderr.isTTY === true && opts.destination === undefined);
  const base = { name: 'wasmdriver' };
  if (usePretty) {
    return pino({ level, base }, pretty({ destination: 2, sync: true, translateTime: 'SYS:HH:MM:ss.l' }));
  }
  return pino({ level, base }, opts.destination ?? pino.destination({ fd: 2, sync: false }));
}
