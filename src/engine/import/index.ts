import type { EngineCapability, Interceptor } from '../core/capability.js';
import { importedFlowDef, offersMatch, startConfirm } from './flow.js';

// People imported from the office's register: a chat whose vouched-for number matches one is
// asked "is this you?" when it first writes (the welcome), or when a Telegram chat shares its
// own contact, even in the middle of a sign-up.

const sharedContact: Interceptor = {
  read(state, input, ctx, kit) {
    if (input.kind !== 'contact' || input.contactIsOwn !== true || !offersMatch(state, ctx)) return null;
    if (state.flow && state.flow.name !== 'signup') return null;
    return startConfirm(state, kit, state.flow?.name === 'signup' ? { signup: state.flow, contact: input.text } : {});
  },
};

export const imported: EngineCapability = {
  name: 'import',
  flows: [importedFlowDef],
  interceptors: [sharedContact],
  welcome: (state, ctx, kit) => (offersMatch(state, ctx) ? startConfirm(state, kit) : null),
};
