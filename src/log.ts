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

/**
 * Masks every string inside a log record before pino serialises it. Masking the JSON text
 * instead would turn a bare number such as a Telegram update id (834567890) into invalid
 * JSON. Numbers stay numbers: ids are not phone numbers, and a phone is always a string here.
 * Errors are serialised first (pino applies its serializers after this) so their message
 * and stack are masked too.
 */
export function maskRecord(value: unknown, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return maskPhones(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (value instanceof Error) return maskEntries(pino.stdSerializers.err(value), seen);
  if (Array.isArray(value)) return value.map((item) => maskRecord(item, seen));
  if (!isPlainObject(value)) return value; // Date, Buffer, class instances: left to pino
  return maskEntries(value, seen);
}

function maskEntries(value: object, seen: WeakSet<object>): Record<string, unknown> {
  const masked: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) masked[key] = maskRecord(item, seen);
  return masked;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'wirabot' },
      // Errors are already serialised (and masked) by `maskRecord`; serialising the result
      // again would report every error's type as "Object".
      serializers: { err: (value: unknown) => value },
      // Any string in a log record passes through the mask, whatever field it sits in.
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? maskPhones(a) : a)) as typeof args);
        },
      },
      formatters: {
        log: (record) => maskRecord(record) as Record<string, unknown>,
        bindings: (bindings) => maskRecord(bindings) as Record<string, unknown>,
      },
    },
    destination,
  );
}
