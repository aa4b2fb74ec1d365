import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { privacy as engine } from '../../engine/privacy/index.js';
import type { PrivacyEvent } from '../../engine/privacy/vocabulary.js';
import type { Capability } from '../core/capability.js';
import type { HandlersFor, TurnScope } from '../core/handlers.js';

// `BERHENTI`, `MULAI` and `HAPUS DATA` as rows. Erasing: the texts of every message go,
// every capability erases what it holds (a workshop seat is given up), then the person's
// name, phone, member number and consents; the chat itself is forgotten once the turn is
// written. What stays is anonymous statistics: sector, kecamatan, the omzet history.

const handlers: HandlersFor<PrivacyEvent> = {
  async announcements_stopped(scope) {
    if (!scope.personId) return;
    await scope.trx.updateTable('people').set({ opted_out_at: scope.now }).where('id', '=', scope.personId).execute();
  },

  async announcements_resumed(scope) {
    if (!scope.personId) return;
    await scope.trx.updateTable('people').set({ opted_out_at: null }).where('id', '=', scope.personId).execute();
  },

  async personal_data_erased(scope) {
    await eraseMessageTexts(scope);
    for (const erase of scope.erasers) await erase(scope, scope.personId);
    if (scope.personId) await erasePerson(scope.trx, scope.personId, scope.now);
    scope.forgetIdentity = true;
  },
};

async function eraseMessageTexts(scope: TurnScope): Promise<void> {
  const identityIds = scope.personId
    ? scope.trx.selectFrom('identities').select('id').where('person_id', '=', scope.personId)
    : scope.trx.selectFrom('identities').select('id').where('id', '=', scope.identity.id);
  await scope.trx.updateTable('inbound_messages').set({ text: null, start_payload: null }).where('identity_id', 'in', identityIds).execute();
  await scope.trx
    .updateTable('outbound_messages')
    .set({ text: null, address: null, choices: '[]' })
    .where('identity_id', 'in', identityIds)
    .execute();
}

async function erasePerson(trx: Kysely<Database>, personId: string, now: Date): Promise<void> {
  await trx
    .updateTable('people')
    .set({ member_no: null, full_name: null, business_name: null, phone_e164: null, erased_at: now, opted_out_at: now, updated_at: now })
    .where('id', '=', personId)
    .execute();
  await trx.deleteFrom('consents').where('person_id', '=', personId).execute();
}

export const privacy: Capability<PrivacyEvent> = {
  name: 'privacy',
  engine,
  setUp: () => ({ handlers }),
};
