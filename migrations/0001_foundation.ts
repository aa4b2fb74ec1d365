import { sql, type Kysely } from 'kysely';

// The foundation: reference lists, people and how they reach us, consent, conversation
// state, and the inbound/outbound message logs. Money is bigint rupiah throughout.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sectors')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('aliases', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .execute();

  await db.schema
    .createTable('kecamatan')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('aliases', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .execute();

  await db
    .insertInto('sectors')
    .values([
      { code: 'kuliner', name: 'Kuliner', aliases: sql`array['makanan','minuman','warung','catering','kue']`, sort_order: 1 },
      { code: 'fesyen', name: 'Fesyen', aliases: sql`array['fashion','pakaian','baju','konveksi','sasirangan']`, sort_order: 2 },
      { code: 'kerajinan', name: 'Kerajinan', aliases: sql`array['kriya','handmade']`, sort_order: 3 },
      { code: 'jasa', name: 'Jasa', aliases: sql`array['layanan','servis','service']`, sort_order: 4 },
      { code: 'pertanian', name: 'Pertanian/Perikanan', aliases: sql`array['pertanian','perikanan','ikan','tani','peternakan']`, sort_order: 5 },
      { code: 'perdagangan', name: 'Perdagangan', aliases: sql`array['dagang','toko','jualan','retail']`, sort_order: 6 },
      { code: 'lainnya', name: 'Lainnya', aliases: sql`array['lain','lain-lain']`, sort_order: 7 },
    ])
    .execute();

  await db
    .insertInto('kecamatan')
    .values(
      ['Barat', 'Selatan', 'Tengah', 'Timur', 'Utara'].map((part, i) => ({
        code: `bjm-${part.toLowerCase()}`,
        name: `Banjarmasin ${part}`,
        sort_order: i + 1,
      })),
    )
    .execute();

  await sql`create sequence member_no_seq`.execute(db);

  await db.schema
    .createTable('people')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    // Null once the person erased their data: the row stays only as anonymous statistics.
    .addColumn('member_no', 'text', (c) => c.unique())
    .addColumn('full_name', 'text')
    .addColumn('business_name', 'text')
    .addColumn('phone_e164', 'text')
    .addColumn('sector_id', 'integer', (c) => c.references('sectors.id'))
    .addColumn('kecamatan_id', 'integer', (c) => c.references('kecamatan.id'))
    .addColumn('business_started_year', 'integer')
    .addColumn('baseline_omzet', 'bigint')
    .addColumn('lang', 'text', (c) => c.notNull().defaultTo('id'))
    .addColumn('opted_out_at', 'timestamptz')
    .addColumn('erased_at', 'timestamptz')
    .addColumn('registered_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('people_phone_idx').on('people').column('phone_e164').execute();

  await db.schema
    .createTable('identities')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('person_id', 'bigint', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('verified_phone', 'text')
    .addColumn('display_name', 'text')
    .addColumn('unreachable_at', 'timestamptz')
    .addColumn('unreachable_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('identities_channel_address_key', ['channel', 'address'])
    .execute();
  await db.schema.createIndex('identities_person_idx').on('identities').column('person_id').execute();

  await db.schema
    .createTable('consents')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('text_version', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('granted', 'boolean', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'timestamptz', (c) => c.notNull())
    .execute();

  // One conversation per chat identity: the row that is locked for each turn.
  await db.schema
    .createTable('conversations')
    .addColumn('identity_id', 'bigint', (c) => c.primaryKey().references('identities.id').onDelete('cascade'))
    .addColumn('state', 'jsonb', (c) => c.notNull())
    .addColumn('state_version', 'integer', (c) => c.notNull())
    .addColumn('turns', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('inbound_messages')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('identity_id', 'bigint', (c) => c.references('identities.id').onDelete('set null'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('start_payload', 'text')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('handled_at', 'timestamptz')
    .addUniqueConstraint('inbound_channel_external_key', ['channel', 'external_id'])
    .execute();
  await sql`create index inbound_pending_idx on inbound_messages (identity_id, id) where handled_at is null`.execute(db);

  await db.schema
    .createTable('outbound_messages')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('identity_id', 'bigint', (c) => c.references('identities.id').onDelete('set null'))
    .addColumn('person_id', 'bigint', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('text', 'text')
    .addColumn('choices', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('request_contact', 'boolean', (c) => c.notNull().defaultTo(false))
    // 'reply' answers a person now; 'bulk' is anything they did not just ask for.
    .addColumn('path', 'text', (c) => c.notNull().check(sql`path in ('reply','bulk')`))
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`status in ('pending','queued','sent','failed','skipped','expired')`),
    )
    .addColumn('status_reason', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('platform_message_id', 'text')
    .addColumn('inbound_id', 'bigint', (c) => c.references('inbound_messages.id').onDelete('set null'))
    // Text and address are blanked once sent: the erasure confirmation must still go out.
    .addColumn('forget_after_send', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('expires_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('queued_at', 'timestamptz')
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await sql`create index outbound_unqueued_idx on outbound_messages (id) where status = 'pending'`.execute(db);
  await db.schema.createIndex('outbound_identity_idx').on('outbound_messages').columns(['identity_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['outbound_messages', 'inbound_messages', 'conversations', 'consents', 'identities', 'people', 'kecamatan', 'sectors']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await sql`drop sequence if exists member_no_seq`.execute(db);
}
