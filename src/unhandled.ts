import type { Logger } from './log.js';

// A promise nobody awaited that failed: logged as an error with what it was (message,
// stack, type) and which process it happened in, instead of Node's default, which ends the
// process with a bare stack on stderr and no context.

export function unhandledRejectionLogger(log: Logger, context: Record<string, unknown>): (reason: unknown) => void {
  return (reason) => {
    const err = reason instanceof Error ? reason : new Error(typeof reason === 'string' ? reason : JSON.stringify(reason));
    log.error({ err, ...context }, `unhandled promise rejection: ${err.message}`);
  };
}
