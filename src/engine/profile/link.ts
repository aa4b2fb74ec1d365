import { findCode } from '../../codes/format.js';
import { CODE_PURPOSES } from '../../codes/format.js';
import type { CommandDef, Interceptor } from '../core/capability.js';
import { say } from '../core/replies.js';
import { text } from '../core/text.js';

// `HUBUNGKAN`: a person who typed their number at sign-up joins the chat of that number
// (their WhatsApp) to their registration by a one-time code the bot sends to that chat,
// typed back here. Only the runtime knows whether the number is vouched for and which chat
// has it, so it answers.

const LINK_WORD = /^\s*hubungkan(\s+(wa|whatsapp|chat|nomor(\s+hp)?))?\s*[.!]?\s*$/iu;

export const linkCommand: CommandDef<true> = {
  parse: (typed) => (LINK_WORD.test(typed) ? true : null),
  run(state, _command, ctx, kit) {
    if (!ctx.person) return kit.resume(state, say(text('common.not_registered')));
    return kit.resume(state, { type: 'link_code_requested' });
  },
};

const LINK_PREFIX = new RegExp(`^\\s*${CODE_PURPOSES.link_chat.prefix}`, 'iu');

/** A link code is read before anything else, so no flow takes it for an answer. */
export const linkCode: Interceptor = {
  read(state, input, ctx, kit) {
    if (input.kind !== 'text') return null;
    const code = findCode(input.text);
    if (code === null || !LINK_PREFIX.test(code)) return null;
    if (!ctx.person) return kit.resume(state, say(text('common.not_registered')));
    return kit.resume(state, { type: 'link_code_sent', code });
  },
};
