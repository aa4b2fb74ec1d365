// A bulk message's dedupe key: the text that makes a second run of a job insert nothing,
// and the columns that say what the message is about, both built from the same typed parts
// (each capability has its own builders). The text never changes shape: rows written by an
// older run must still be found.

/** What a bulk message is about: explicit columns of its outbox row. */
export interface MessageSource {
  readonly topic: string;
  readonly broadcastId?: string;
  readonly workshopId?: string;
  /** Which run of a repeated send (a workshop's invitation run). */
  readonly runId?: string;
}

export interface DedupeKey {
  readonly dedupeKey: string;
  readonly source: MessageSource;
}

/** `prefix:part:part…`. */
export function dedupeKey(parts: readonly (string | number)[], source: MessageSource): DedupeKey {
  return { dedupeKey: parts.join(':'), source };
}

/** The n-th message one system turn says to one chat: the first has no suffix, then `-1`, `-2` … */
export function nth(index: number): string {
  return index > 0 ? `-${index}` : '';
}
