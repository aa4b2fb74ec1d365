import type { Lang } from '../core/vocabulary.js';

/**
 * An imported person ("diundang, belum setuju") whose typed number is the one this chat's
 * channel vouches for, not yet linked to any chat. Only what the chat is shown to ask
 * "is this you?": the rest of the record stays with the runtime until they confirm and consent.
 */
export interface ImportedMatch {
  readonly name: string;
  readonly business: string | null;
}

export type ImportEvent = {
  /** Confirmed "that is me" and consented: the chat becomes the imported person's (the runtime says the outcome). */
  readonly type: 'imported_person_claimed';
  readonly consent: { readonly version: string; readonly decidedAt: string; readonly lang: Lang };
};
