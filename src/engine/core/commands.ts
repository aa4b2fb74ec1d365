import { parseCommand, type Command } from '../parse/command.js';
import type { CommandDef } from './capability.js';
import type { ConversationState, TurnResult } from './state.js';
import type { TurnContext } from '../unions.js';
import type { Kit } from './capability.js';

// The everyday words (`menu`, `batal`, `LAPOR`, `BERHENTI` …) are read by the shared parser
// in parse/command.ts; each capability takes the ones that are its own.

let last: { readonly text: string; readonly command: Command | null } | null = null;

/** parse/command.ts, read once per message however many capabilities ask. */
function wordsOf(text: string): Command | null {
  if (last?.text !== text) last = { text, command: parseCommand(text) };
  return last.command;
}

export type WordCommand<T extends Command['type']> = Extract<Command, { type: T }>;

export function wordCommand<T extends Command['type']>(
  type: T,
  run: (state: ConversationState, command: WordCommand<T>, ctx: TurnContext, kit: Kit) => TurnResult,
): CommandDef<WordCommand<T>> {
  return {
    parse: (text) => {
      const command = wordsOf(text);
      return command?.type === type ? (command as WordCommand<T>) : null;
    },
    run,
  };
}
