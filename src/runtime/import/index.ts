import { imported as engine } from '../../engine/import/index.js';
import type { ImportEvent } from '../../engine/import/vocabulary.js';
import type { Capability } from '../core/capability.js';
import { claimHandlers, importedMatchLoader } from './claim.js';

// People imported from the office's register meeting their chat: the match for the engine
// (name and business only), and the link once they confirmed and agreed. The import itself
// and the invitation are command-line and dashboard work (register.ts, invite.ts, cli.ts).

export const imported: Capability<ImportEvent> = {
  name: 'import',
  engine,
  setUp: () => ({ handlers: claimHandlers, context: importedMatchLoader }),
};
