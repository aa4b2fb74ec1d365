import type { ProfileField } from './state.js';

export type ProfileEvent = {
  readonly type: 'profile_updated';
  readonly field: ProfileField;
  readonly value: string | number;
  /** With a new sector: the person's own words for the business (null: none given). */
  readonly activity?: string | null;
};

/** The latest omzet the person reported after sign-up (a check-in or `ubah omzet`), with its month. */
export interface ProfileContext {
  readonly latestOmzet: { readonly omzet: number; readonly period: string } | null;
}
