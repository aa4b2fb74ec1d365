import type { ProfileField } from './state.js';

export type ProfileEvent =
  | {
      readonly type: 'profile_updated';
      readonly field: ProfileField;
      readonly value: string | number;
      /** With a new sector: the person's own words for the business (null: none given). */
      readonly activity?: string | null;
    }
  /** `HUBUNGKAN`: send a code to the chat the registration's typed number vouches for. */
  | { readonly type: 'link_code_requested' }
  /** That code, typed back in the registered chat. */
  | { readonly type: 'link_code_sent'; readonly code: string };

/** The latest omzet the person reported after sign-up (a check-in or `ubah omzet`), with its month. */
export interface ProfileContext {
  readonly latestOmzet: { readonly omzet: number; readonly period: string } | null;
}
