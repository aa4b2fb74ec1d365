import { z } from 'zod';
import { PROFILE_FIELDS, profileDraft } from '../profile/state.js';

/** Sign-up: consent, then the profile fields in order, then the summary. */
export const signupFlow = z.object({
  name: z.literal('signup'),
  step: z.enum(['consent', ...PROFILE_FIELDS, 'summary']),
  draft: profileDraft,
  consentedAt: z.string().optional(),
  /** The whole consent text was shown: asked again, only the short question is. */
  consentShown: z.boolean().optional(),
  /** The phone came from the platform or a shared contact of the sender's own. */
  phoneVerified: z.boolean().optional(),
  /** At the summary, "which one?" was asked: a number picks a field. */
  choosingField: z.boolean().optional(),
  /** Set while re-answering one field from the summary. */
  backToSummary: z.boolean().optional(),
  /** A guessed amount awaiting "ya" (`5` → "Maksud Bapak/Ibu Rp5.000.000?"). */
  pendingMoney: z.number().optional(),
});
export type SignupFlow = z.infer<typeof signupFlow>;
