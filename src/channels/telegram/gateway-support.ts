import { toSendError } from './sender.js';

// Small helpers shared by the Telegram gateway and its webhook server.

export const ALLOWED_UPDATES = ['message'] as const;

/** One clear line per failed start-up call (a rejected token is not retried: rejectedToken). */
export function getMeFailure(error: unknown, apiRoot: string, delayMs: number): string {
  const retry = `retrying in ${Math.round(delayMs / 1000)} s`;
  const code = (error as { code?: unknown }).code;
  // node-fetch puts the system error (ECONNREFUSED, ETIMEDOUT, …) in `code`: short and telling.
  const reason = typeof code === 'string' ? code : describe(error);
  return `Telegram API not reachable at ${apiRoot} (getMe: ${reason}); ${retry}`;
}

/**
 * What no retry can mend, so the process stops with one line instead of retrying behind
 * "started": a token Telegram rejects, a webhook port another process holds.
 */
export class TelegramStartError extends Error {
  override readonly name = 'TelegramStartError';
}

/** A rejected token (401, or 404 for a token of no bot) as a TelegramStartError; else null. */
export function rejectedToken(error: unknown): TelegramStartError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== 401 && code !== 404) return null;
  return new TelegramStartError(`Telegram rejected TELEGRAM_BOT_TOKEN (${describe(error)}); check the token from @BotFather`);
}

/** Retries until the call succeeds; only stopping the gateway, or a rejected token, ends the wait. */
export async function withBackoff<T>(work: () => Promise<T>, stopping: AbortSignal, onFailure: (error: unknown, delayMs: number) => void): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (stopping.aborted) throw error;
      const fatal = rejectedToken(error);
      if (fatal) throw fatal;
      const delayMs = backoffMs(attempt);
      onFailure(error, delayMs);
      await sleep(delayMs, stopping);
      if (stopping.aborted) throw new Error('Telegram gateway stopped while waiting for the Telegram API');
    }
  }
}

export function backoffMs(attempt: number): number {
  return Math.min(60_000, 1000 * 2 ** (attempt - 1));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

export function describe(error: unknown): string {
  return toSendError(error).message;
}
