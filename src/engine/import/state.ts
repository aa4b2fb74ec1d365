import { z } from 'zod';
import { signupFlow } from '../signup/state.js';

/**
 * "Is this you?" then consent, for a chat whose vouched-for number matches an imported person.
 * A sign-up interrupted by a shared Telegram contact that matched is kept, with the contact,
 * to go on with after "bukan".
 */
export const importedFlow = z.object({
  name: z.literal('imported'),
  step: z.enum(['confirm', 'consent']),
  consentShown: z.boolean().optional(),
  signup: signupFlow.optional(),
  contact: z.string().optional(),
});
export type ImportedFlow = z.infer<typeof importedFlow>;

/** The chat said "bukan" once: it is not asked about the record again. */
export const importedSlot = z.object({ declined: z.boolean() });
