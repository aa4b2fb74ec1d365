import pino, { type Logger } from 'pino';

export type { Logger };

// Phone numbers are personal data (UU PDP): they never reach a log line in full.
const PHONE_PATTERN = /(\+?62|0)(8\d{2})[\d\s-]{4,9}(\d{3})/g;

export function maskPhones(text: string): string {
  return text.replace(PHONE_PATTERN, (_m, cc: string, prefix: string, last: string) => `${cc}${prefix}****${last}`);
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'wirabot' },
      // Any string in a log record passes through the mask, whatever field it sits in.
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? maskPhones(a) : a)) as typeof args);
        },
      },
      formatters: {
        log: (record) => JSON.parse(maskPhones(JSON.stringify(record))) as Record<string, unknown>,
      },
    },
    destination,
  );
}
