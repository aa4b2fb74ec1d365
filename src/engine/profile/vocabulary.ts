import type { ProfileField } from './state.js';

export type ProfileEvent =
  | { readonly type: 'profile_updated'; readonly field: ProfileField; readonly value: string | number }
  /** `HUBUNGKAN`: send a code to the chat the registration's typed number vouches for. */
  | { readonly type: 'link_code_requested' }
  /** That code, typed back in the registered chat. */
  | { readonly type: 'link_code_sent'; readonly code: string };
