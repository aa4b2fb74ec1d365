import type { ProfileField } from './state.js';

export type ProfileEvent = { readonly type: 'profile_updated'; readonly field: ProfileField; readonly value: string | number };
