import { userInfo } from 'node:os';

// What every command-line command shares: who is at the keyboard, and how a mistake in what
// was typed is reported (one clear line and exit code 1, never a stack trace).

/** A mistake in what was typed on the command line. */
export class CliInputError extends Error {
  override readonly name: string = 'CliInputError';
}

/** Who is at the keyboard, for the audit log. */
export function cliActor(): string {
  return `cli:${userInfo().username}`;
}

/** Runs a command; a CliInputError is printed as one line, with exit code 1. */
export function reportingInputErrors<A extends unknown[]>(out: { out(line: string): void }, action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (error) {
      if (!(error instanceof CliInputError)) throw error;
      out.out(error.message);
      process.exitCode = 1;
    }
  };
}
