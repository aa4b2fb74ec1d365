import { findCode } from '../../codes/format.js';
import type { EngineCapability, Interceptor } from '../core/capability.js';
import { CODE_PURPOSES } from '../../codes/format.js';

// Becoming staff: staff at a terminal run `staff invite --name Rina`, and the code it
// prints, sent to the bot from any chat, makes that chat staff's. A code is read before
// anything else, so a sign-up never takes `STAF-7K4Q-2M` for a name.

const STAFF_PREFIX = new RegExp(`^\\s*${CODE_PURPOSES.staff_invite.prefix}`, 'iu');

const invitationCode: Interceptor = {
  read(state, input, _ctx, kit) {
    if (input.kind !== 'text') return null;
    const code = findCode(input.text);
    if (code === null || !STAFF_PREFIX.test(code)) return null;
    return kit.resume(state, { type: 'staff_code_sent', code });
  },
};

export const staff: EngineCapability = {
  name: 'staff',
  interceptors: [invitationCode],
};
