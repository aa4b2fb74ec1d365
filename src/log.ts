import pino, { type Logger } from 'pino';

export type { Logger };

// Phone numbers are personal data (UU PDP): they never reach a log line in full. Any run
// of 9-15 digits (with the usual separators) is treated as one: Indonesian numbers in any
// form, foreign numbers, WhatsApp ids (`6281234567890@c.us`, `@lid`). The first four and
// the last three digits stay so an operator can still tell two numbers apart.
const PHONE_PATTERN = /(?<![\d])(\+?\d[\d -]{7,17}\d)(?![\d])/g;

export function maskPhones(text: string): string {
  return text.replace(PHONE_PATTERN, (match) => {
    const digits = match.replace(/\D/g, '');
    if (digits.length < 9 || digits.length > 15) return match;
    const plus = match.startsWith('+') ? '+' : '';
    return `${plus}${digits.slice(0, 4)}****${digits.slice(-3)}`;
  });
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
