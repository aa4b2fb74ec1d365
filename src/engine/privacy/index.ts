import { readConsent, readEraseConfirm } from '../parse/understand/index.js';
import { understood } from '../core/answers.js';
import type { EngineCapability, FlowDef, Kit } from '../core/capability.js';
import { wordCommand } from '../core/commands.js';
import { result, say, yesNoChoices } from '../core/replies.js';
import type { ConversationState, TurnResult } from '../core/state.js';
import { done } from '../core/steps.js';
import { text } from '../core/text.js';
import type { TurnContext } from '../unions.js';
import type { EraseFlow, StopFlow } from './state.js';

// What UU No. 27/2022 gives a person: `BERHENTI` stops announcements (`MULAI` resumes
// them) and `HAPUS DATA` erases their personal data, after a "yes". BERHENTI picked by a
// menu number asks for a "yes" too.

function stop(state: ConversationState, ctx: TurnContext, kit: Kit): TurnResult {
  if (!ctx.person) return kit.resume(state, say(text('stop.not_registered')));
  if (ctx.person.optedOut) return kit.resume(state, say(text('stop.already')));
  return kit.resume(kit.hold(state), { type: 'announcements_stopped' }, say(text('stop.done')));
}

/** The menu's number for BERHENTI: asked first, since a number is easily typed by mistake. */
function stopByNumber(state: ConversationState, ctx: TurnContext, kit: Kit): TurnResult {
  if (!ctx.person || ctx.person.optedOut) return stop(state, ctx, kit);
  return kit.start(state, { name: 'stop_confirm' });
}

const stopFlowDef: FlowDef<StopFlow> = {
  name: 'stop_confirm',
  question: () => ({ text: [text('stop.confirm')], choices: yesNoChoices }),
  read(_flow, input, state, ctx, kit) {
    const reading = readConsent(input.text, ctx.vocabulary, { lang: state.lang, options: [true, false] });
    return understood(reading, input, { id: 'stop' }, { state, ctx, kit }, ({ value: stop }) => {
      if (stop) return done([{ type: 'announcements_stopped' }, say(text('stop.done'))], (s) => kit.hold(s));
      return done([say(text('stop.kept')), kit.menu(true)], (s) => ({ ...s, menuShown: true }));
    });
  },
};

function resume(state: ConversationState, ctx: TurnContext, kit: Kit): TurnResult {
  // "mulai" from someone we do not know yet means "let's start".
  if (!ctx.person) return state.flow ? kit.resume(state) : kit.welcome(state);
  if (!ctx.person.optedOut) return kit.resume(state, say(text('resume.already')));
  return kit.resume(state, { type: 'announcements_resumed' }, say(text('resume.done')));
}

function erase(state: ConversationState, ctx: TurnContext, kit: Kit): TurnResult {
  // Only an unfinished sign-up is held; dropping it erases everything we have. Unless staff
  // imported a record with this chat's number: that is personal data, asked about first.
  if (!ctx.person && !ctx.imported) return result({ ...state, flow: null, strikes: 0 }, { type: 'personal_data_erased' }, say(text('erase.nothing_stored')));
  return kit.start(state, { name: 'erase_confirm' });
}

const eraseFlowDef: FlowDef<EraseFlow> = {
  name: 'erase_confirm',
  // The whole explanation once; asked again after a miss, only the question.
  question: (_flow, state) => ({ text: [text(state.strikes > 0 ? 'erase.confirm_short' : 'erase.confirm')], choices: yesNoChoices }),
  read(_flow, input, state, ctx, kit) {
    // `ya hapus aja`, `iya hapus`, `1` erase; `gak jadi`, `2` keep; `hapus nomor hp saja` is asked back.
    const reading = readEraseConfirm(input.text, ctx.vocabulary, { lang: state.lang, options: [true, false] });
    return understood(reading, input, { id: 'erase' }, { state, ctx, kit }, ({ value: erase }) => {
      if (erase) return done([{ type: 'personal_data_erased' }, say(text('erase.done'))], (s) => ({ ...s, menuShown: false }));
      return done([say(text('erase.kept')), kit.menu(true)], (s) => ({ ...s, menuShown: true }));
    });
  },
};

const stopCommand = wordCommand('stop', (state, _c, ctx, kit) => stop(state, ctx, kit));
const eraseCommand = wordCommand('erase', (state, _c, ctx, kit) => erase(state, ctx, kit));

export const privacy: EngineCapability = {
  name: 'privacy',
  flows: [eraseFlowDef, stopFlowDef],
  commands: [stopCommand, wordCommand('resume', (state, _c, ctx, kit) => resume(state, ctx, kit)), eraseCommand],
  menu: [
    { label: text('menu.choice_stop'), order: 40, run: (state, ctx, kit) => stopByNumber(state, ctx, kit) },
    { label: text('menu.choice_erase'), order: 50, run: (state, ctx, kit) => erase(state, ctx, kit) },
  ],
};
