import type { EngineCapability, Kit } from '../core/capability.js';
import { wordCommand } from '../core/commands.js';
import { result, say } from '../core/replies.js';
import type { ConversationState, TurnResult } from '../core/state.js';
import { text } from '../core/text.js';
import type { TurnContext } from '../unions.js';
import { signupFlowDef, startSignup } from './flow.js';

// Sign-up by chat. `daftar` (or Telegram's `/start`) begins it; anyone unknown who writes
// with nothing going on is greeted with it.

function register(state: ConversationState, ctx: TurnContext, kit: Kit): TurnResult {
  if (ctx.person) {
    return result({ ...state, flow: null, menuShown: true }, say(text('signup.already', { memberNo: ctx.person.memberNo })), kit.menu());
  }
  if (state.flow?.name === 'signup') return kit.resume(state);
  // The welcome: sign-up's own, or first "is this you?" for a number on the imported register.
  return kit.welcome(state);
}

export const signup: EngineCapability = {
  name: 'signup',
  flows: [signupFlowDef],
  commands: [wordCommand('register', (state, _c, ctx, kit) => register(state, ctx, kit)), wordCommand('start', (state, _c, ctx, kit) => register(state, ctx, kit))],
  welcome: (state, _ctx, kit) => startSignup(state, kit),
};
