import { privacy as engine } from '../../engine/privacy/index.js';
import type { PrivacyEvent } from '../../engine/privacy/vocabulary.js';
import type { Capability } from '../core/capability.js';
import type { HandlersFor, TurnScope } from '../core/handlers.js';
import { forgetTypedNumber, isDisputedChat, releaseDisputedChats } from '../core/links.js';
import { scheduleDraftPurge, startDraftPurgeWorker } from './drafts.js';
import { lockMatch } from '../import/claim.js';
import { erasureSubject, eraseSubject, recordRefusal } from './erase.js';

// `BERHENTI`, `MULAI` and `HAPUS DATA` as rows, and a refused consent. What erasing
// scrubs, where, is the list in erase.ts; abandoned sign-ups are erased on a schedule
// (drafts.ts).

const handlers = (timeZone: string): HandlersFor<PrivacyEvent> => ({
  async announcements_stopped(scope) {
    if (!scope.personId) return;
    await scope.trx.updateTable('people').set({ opted_out_at: scope.now }).where('id', '=', scope.personId).execute();
  },

  async announcements_resumed(scope) {
    if (!scope.personId) return;
    await scope.trx.updateTable('people').set({ opted_out_at: null }).where('id', '=', scope.personId).execute();
  },

  async personal_data_erased(scope) {
    await keepToOwnChats(scope);
    await eraseSubject(scope, await erasureSubject(scope, timeZone));
    // A chat not linked yet whose number the channel vouches for (the WhatsApp sender) may be
    // the owner of a record staff imported with that number, shown to it as "is this you?" and
    // not claimed yet: that record is their data too, and goes with the chat.
    if (scope.personId === null) {
      const imported = await lockMatch(scope.trx, scope.identity.id);
      if (imported) {
        scope.personId = imported.id;
        await eraseSubject(scope, await erasureSubject(scope, timeZone));
        scope.personId = null;
      }
    }
  },

  // "Data Bapak/Ibu tidak kami simpan": the chat goes as an erasure would take it, and only
  // a keyed hash of its address with the day stays as the record that it said no.
  async consent_refused(scope) {
    if (scope.personId) return;
    await eraseSubject(scope, await erasureSubject(scope, timeZone));
    await recordRefusal(scope);
  },
});

/**
 * Erasing never deletes another person's chat. A chat joined to a registration only because
 * its number was typed there (a disputed link, core/links.ts) erases itself alone, and takes
 * its number off that registration; erasing the registration lets such chats go.
 */
async function keepToOwnChats(scope: TurnScope): Promise<void> {
  if (!scope.personId) return;
  if (await isDisputedChat(scope.trx, scope.identity.id)) {
    await forgetTypedNumber(scope.trx, scope.personId, scope.identity.id);
    scope.personId = null;
  } else {
    await releaseDisputedChats(scope.trx, scope.personId, scope.identity.id);
  }
}

export const privacy: Capability<PrivacyEvent> = {
  name: 'privacy',
  engine,
  setUp: (s) => ({
    handlers: handlers(s.config.TZ),
    startWorkers: async (turns) => [startDraftPurgeWorker({ db: s.db, hashId: turns.hashId, ttlMs: s.config.SIGNUP_DRAFT_TTL, clock: s.clock }, s.queues, s.log)],
    schedule: () => scheduleDraftPurge(s.queues, s.config.SIGNUP_DRAFT_TTL),
  }),
};
