import type { CommandDef, EngineCapability, Kit } from '../core/capability.js';
import type { ConversationState, TurnResult } from '../core/state.js';
import { text } from '../core/text.js';
import type { TurnContext } from '../unions.js';
import { broadcastFlowDef } from './flow.js';
import { parseBroadcastCommand, type BroadcastCommand } from './staff-command.js';

// Staff broadcasts: `/umumkan` to a segment, `/status` and `/rekap` of how they went.

function startBroadcast(state: ConversationState, inline: string | null, kit: Kit): TurnResult {
  if (inline === null) return kit.start(state, { name: 'broadcast', step: 'text' });
  return kit.startWith(state, { name: 'broadcast', step: 'text' }, { type: 'message', kind: 'text', text: inline });
}

function run(state: ConversationState, command: BroadcastCommand, ctx: TurnContext, kit: Kit): TurnResult {
  const staffId = ctx.staff!.id;
  switch (command.type) {
    case 'announce':
      return startBroadcast(state, command.text, kit);
    case 'status':
      return kit.resume(state, { type: 'broadcast_status_requested', staffId, broadcastId: command.broadcastId });
    case 'recap':
      return kit.resume(state, { type: 'broadcast_recap_requested', staffId });
  }
}

const broadcastCommand: CommandDef<BroadcastCommand> = {
  help: [
    { order: 10, line: text('staff.help_announce') },
    { order: 20, line: text('staff.help_recap') },
    { order: 30, line: text('staff.help_status') },
  ],
  parse: parseBroadcastCommand,
  run,
};

export const broadcast: EngineCapability = {
  name: 'broadcast',
  staffCommands: [broadcastCommand],
  staffFlows: [broadcastFlowDef],
  staffMenu: [
    { label: text('staff.choice_announce'), order: 10, run: (state, ctx, kit) => run(state, { type: 'announce', text: null }, ctx, kit) },
    { label: text('staff.choice_recap'), order: 20, run: (state, ctx, kit) => run(state, { type: 'recap' }, ctx, kit) },
    { label: text('staff.choice_status'), order: 30, run: (state, ctx, kit) => run(state, { type: 'status', broadcastId: null }, ctx, kit) },
  ],
};
