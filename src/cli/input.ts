import { userInfo } from 'node:os';
import { text } from '../engine/core/text.js';
import type { Text } from '../engine/core/vocabulary.js';

// What every command-line command shares: who is at the keyboard, and how a mistake in what
// was typed is reported (one clear line and exit code 1, never a stack trace).

/** A mistake in what was typed on the command line: its words, or a locale text for them. */
export class CliInputError extends Error {
  override readonly name: string = 'CliInputError';
  readonly words: Text | null;

  constructor(words: string | Text) {
    super(typeof words === 'string' ? words : words.key);
    this.words = typeof words === 'string' ? null : words;
  }
}

/** Who is at the keyboard, for the audit log. */
export function cliActor(): string {
  return `cli:${userInfo().username}`;
}

/** Runs a command; a CliInputError is printed as one line, with exit code 1. */
export function reportingInputErrors<A extends unknown[]>(
  ctx: { out(line: string): void; render(t: Text): string },
  action: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (error) {
      if (!(error instanceof CliInputError)) throw error;
      ctx.out(error.words ? ctx.render(error.words) : error.message);
      process.exitCode = 1;
    }
  };
}

/**
 * A `--limit` as typed: a whole number from 1 to `max`, or a clear mistake. (`Number("abc")`
 * handed to SQL would fail with a database error, "0" would list nothing.)
 */
export function readLimit(raw: string, max: number): number {
  const limit = /^\s*\d{1,9}\s*$/u.test(raw) ? Number(raw) : Number.NaN;
  if (!(limit >= 1 && limit <= max)) throw new CliInputError(text('cli.bad_limit', { max }));
  return limit;
}
