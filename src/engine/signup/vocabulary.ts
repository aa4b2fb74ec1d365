import type { Lang } from '../core/vocabulary.js';
import type { ProfileDraft } from '../profile/state.js';

export type SignupEvent = {
  readonly type: 'person_registered';
  readonly profile: Required<Omit<ProfileDraft, 'phone' | 'activity'>> & { readonly phone: string | null; readonly activity: string | null };
  readonly phoneVerified: boolean;
  readonly consent: { readonly version: string; readonly decidedAt: string; readonly lang: Lang };
};
