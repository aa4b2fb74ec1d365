import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { EngineEvent } from '../../engine/unions.js';
import type { Lang, OutgoingMessage } from '../../engine/core/vocabulary.js';
import type { ProfileField } from '../../engine/profile/state.js';
import type { QueueableRow } from '../../outbox/queue.js';
import type { Renderer } from '../../i18n.js';
import { linkByVerifiedPhone } from './inbound.js';
import { eraseCheckinTexts, recordCheckinAnswer, recordCheckinCompleted } from '../checkin/handlers.js';
import type { ReferenceLists } from './references.js';
import { staffHandlers, type StaffDeps } from '../broadcast/handlers.js';
import { releaseWorkshopPlaces, workshopHandlers, type WorkshopDeps } from '../workshop/handlers.js';

// One handler per event type: each turns an engine event into rows, inside the turn's
// transaction. Nothing here sends anything; sending happens after commit.

export interface TurnScope {
  readonly trx: Kysely<Database>;
  readonly renderer: Renderer;
  readonly identity: { readonly id: string; readonly channel: string; readonly address: string };
  personId: string | null;
  readonly inboundId: string | null;
  readonly memberPrefix: string;
  readonly now: Date;
  lang: Lang;
  /** Values every template may use: office details, and facts made during this turn. */
  readonly facts: Record<string, string>;
  /** Messages said this turn, in order; written to the outbox at the end of the turn. */
  readonly messages: { readonly message: OutgoingMessage; readonly lang: Lang }[];
  /** Set when the person erased their data: this chat is forgotten once the turn is written. */
  forgetIdentity: boolean;
  /** This turn's sectors and kecamatan (segments are described with them). */
  readonly references: ReferenceLists;
  /** What staff events need beyond the transaction; absent in a runtime without staff support. */
  readonly staffDeps?: StaffDeps | undefined;
  /** What workshop events need beyond the transaction; absent in a runtime without workshops. */
  readonly workshopDeps?: WorkshopDeps | undefined;
  /** Work that may only start once the turn is committed (a broadcast's fan-out job). */
  readonly afterCommit: (() => Promise<void>)[];
}

type Handler<T extends EngineEvent['type']> = (scope: TurnScope, event: Extract<EngineEvent, { type: T }>) => Promise<void>;
type HandlerMap = { [T in EngineEvent['type']]: Handler<T> };

const PROFILE_COLUMNS = {
  name: 'full_name',
  business: 'business_name',
  sector: 'sector_id',
  kecamatan: 'kecamatan_id',
  phone: 'phone_e164',
  year: 'business_started_year',
  omzet: 'baseline_omzet',
} as const satisfies Record<ProfileField, keyof Database['people']>;

const handlers: HandlerMap = {
  async message_created(scope, event) {
    // Rendered when the turn is written, so facts made later in the turn (a new member
    // number) can appear in it; the language is the one in force at this point.
    scope.messages.push({ message: event, lang: scope.lang });
  },

  async person_registered(scope, event) {
    const p = event.profile;
    const person = await scope.trx
      .insertInto('people')
      .values({
        member_no: sql<string>`${scope.memberPrefix + '-'} || lpad(nextval('member_no_seq')::text, 6, '0')`,
        full_name: p.name,
        business_name: p.business,
        phone_e164: p.phone,
        sector_id: p.sectorId,
        kecamatan_id: p.kecamatanId,
        business_started_year: p.year,
        baseline_omzet: p.omzet,
        lang: scope.lang,
        registered_at: scope.now,
      })
      .returning(['id', 'member_no'])
      .executeTakeFirstOrThrow();
    scope.personId = person.id;
    scope.facts.memberNo = person.member_no ?? '';
    await scope.trx
      .updateTable('identities')
      .set({ person_id: person.id, ...(event.phoneVerified && p.phone ? { verified_phone: p.phone } : {}) })
      .where('id', '=', scope.identity.id)
      .execute();
    await scope.trx
      .insertInto('consents')
      .values({
        person_id: person.id,
        purpose: 'registration',
        text_version: event.consent.version,
        lang: event.consent.lang,
        granted: true,
        channel: scope.identity.channel,
        decided_at: event.consent.decidedAt,
      })
      .execute();
    if (p.phone && event.phoneVerified) await linkOtherChats(scope.trx, person.id, p.phone);
  },

  async profile_updated(scope, event) {
    if (!scope.personId) return;
    await scope.trx
      .updateTable('people')
      .set({ [PROFILE_COLUMNS[event.field]]: event.value, updated_at: scope.now })
      .where('id', '=', scope.personId)
      .execute();
  },

  async announcements_stopped(scope) {
    if (!scope.personId) return;
    await scope.trx.updateTable('people').set({ opted_out_at: scope.now }).where('id', '=', scope.personId).execute();
  },

  async announcements_resumed(scope) {
    if (!scope.personId) return;
    await scope.trx.updateTable('people').set({ opted_out_at: null }).where('id', '=', scope.personId).execute();
  },

  async language_changed(scope, event) {
    scope.lang = event.lang;
    if (scope.personId) await scope.trx.updateTable('people').set({ lang: event.lang }).where('id', '=', scope.personId).execute();
  },

  async personal_data_erased(scope) {
    await eraseMessageTexts(scope);
    // Seats are given up first (the waiting move up and are told); then the person goes.
    if (scope.personId) await releaseWorkshopPlaces(scope, scope.personId);
    if (scope.personId) await erasePerson(scope.trx, scope.personId, scope.now);
    scope.forgetIdentity = true;
  },

  checkin_answered: recordCheckinAnswer,
  checkin_completed: recordCheckinCompleted,
  ...staffHandlers,
  ...workshopHandlers,
};

export function applyEvent(scope: TurnScope, event: EngineEvent): Promise<void> {
  const handler = handlers[event.type] as Handler<typeof event.type>;
  return handler(scope, event as never);
}

/** Other chats of the same verified number (WhatsApp and Telegram) now belong to this person. */
async function linkOtherChats(trx: Kysely<Database>, personId: string, phone: string): Promise<void> {
  const others = await trx.selectFrom('identities').select('id').where('verified_phone', '=', phone).where('person_id', 'is', null).execute();
  for (const other of others) await linkByVerifiedPhone(trx, other.id, phone);
  void personId;
}

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

/**
 * What stays is anonymous statistics: sector, kecamatan, the omzet history. Name, phone,
 * member number, consent records and every chat identity go.
 */
async function erasePerson(trx: Kysely<Database>, personId: string, now: Date): Promise<void> {
  await trx
    .updateTable('people')
    .set({ member_no: null, full_name: null, business_name: null, phone_e164: null, erased_at: now, opted_out_at: now, updated_at: now })
    .where('id', '=', personId)
    .execute();
  await trx.deleteFrom('consents').where('person_id', '=', personId).execute();
  await eraseCheckinTexts(trx, personId);
}

/** Runs after the turn's rows are written: the chat and its conversation state are deleted. */
export async function forgetIdentities(scope: TurnScope): Promise<void> {
  const query = scope.trx.deleteFrom('identities');
  if (scope.personId) await query.where('person_id', '=', scope.personId).execute();
  else await query.where('id', '=', scope.identity.id).execute();
}

/** Writes the turn's messages to the outbox in one statement; returns them in order. */
export async function writeOutbox(scope: TurnScope): Promise<QueueableRow[]> {
  if (scope.messages.length === 0) return [];
  const rows = scope.messages.map(({ message, lang }) => {
    const rendered = scope.renderer.renderMessage(lang, message, scope.facts);
    return {
      identity_id: scope.identity.id,
      person_id: scope.personId,
      channel: scope.identity.channel,
      address: scope.identity.address,
      text: rendered.text,
      choices: JSON.stringify(rendered.choices),
      request_contact: message.requestContact === true,
      path: 'reply' as const,
      inbound_id: scope.inboundId,
      forget_after_send: scope.forgetIdentity,
    };
  });
  const written = await scope.trx.insertInto('outbound_messages').values(rows).returning(['id', 'channel', 'address', 'path', 'priority']).execute();
  return written.sort((a, b) => Number(a.id) - Number(b.id));
}
