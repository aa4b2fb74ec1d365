// Outages of Postgres or Redis are waited out, not turned into lost messages. Only errors
// that look like a lost connection are retried; a bug or a bad row fails at once.

const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '53300']);

export function isTransientInfraError(error: unknown, depth = 0): boolean {
  const e = error as { code?: unknown; message?: string; cause?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && (TRANSIENT_CODES.has(e.code) || e.code.startsWith('08'))) return true;
  // "not queryable": a pooled client whose connection died before this query was sent.
  // "getaddrinfo": the database's host name did not resolve (DNS down), as much an outage as a refused connection.
  if (/Connection terminated|connect ECONNREFUSED|Connection is closed|timeout exceeded when trying to connect|is not queryable|getaddrinfo (ENOTFOUND|EAI_AGAIN)/i.test(e.message ?? '')) return true;
  // A wrapper (a failed migration) says what failed; its cause says why.
  return depth < 5 && e.cause !== undefined && isTransientInfraError(e.cause, depth + 1);
}

export interface RetryOptions {
  readonly maxDelayMs?: number;
  readonly firstDelayMs?: number;
  readonly signal?: AbortSignal;
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/** Exponential backoff with jitter, capped; gives up only when `signal` aborts. */
export async function retryTransient<T>(work: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { maxDelayMs = 30_000, firstDelayMs = 200 } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isTransientInfraError(error) || options.signal?.aborted) throw error;
      const delay = Math.min(maxDelayMs, firstDelayMs * 2 ** (attempt - 1)) * (0.75 + Math.random() / 2);
      options.onRetry?.(error, attempt, delay);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
