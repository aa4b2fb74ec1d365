import { sql, type Kysely } from 'kysely';

// A bulk message says what it is about in columns of its own, set when it is written:
// `topic` (a check-in question, a workshop reminder …), `broadcast_id`, `workshop_id`, and
// `run_id` (which invitation run of a workshop). Until now the ids were computed from the
// text of the dedupe key, and the topic was read back with LIKE. The keys keep their text:
// a fan-out run again after this change must find the rows it wrote before it.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table outbound_messages alter column broadcast_id drop expression`.execute(db);
  await sql`alter table outbound_messages alter column workshop_id drop expression`.execute(db);
  await db.schema.alterTable('outbound_messages').addColumn('topic', 'text').addColumn('run_id', 'bigint').execute();
  // The rows written before: what their keys say, once.
  await sql`
    update outbound_messages set
      topic = case
        when dedupe_key ~ '^workshop:[0-9]+:[a-z]+:' then 'workshop_' || split_part(dedupe_key, ':', 3)
        when dedupe_key ~ '^checkin:[^:]+:[0-9]+:reminder' then 'checkin_reminder'
        when dedupe_key ~ '^checkin:' then 'checkin_question'
        when dedupe_key ~ '^broadcast:' then 'broadcast'
        when dedupe_key ~ '^broadcast-summary:' then 'broadcast_summary'
        when dedupe_key ~ '^whatsapp-' then 'whatsapp_alert'
      end,
      run_id = case when dedupe_key ~ '^workshop:[0-9]+:invite:[0-9]+:' then split_part(dedupe_key, ':', 4)::bigint end
     where dedupe_key is not null`.execute(db);
  await sql`create index outbound_workshop_topic_idx on outbound_messages (workshop_id, topic, status) where workshop_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists outbound_workshop_topic_idx`.execute(db);
  await db.schema.alterTable('outbound_messages').dropColumn('run_id').dropColumn('topic').execute();
  await db.schema.alterTable('outbound_messages').dropColumn('workshop_id').dropColumn('broadcast_id').execute();
  await sql`
    alter table outbound_messages add column broadcast_id bigint generated always as (
      case when dedupe_key ~ '^broadcast:[0-9]+:' then split_part(dedupe_key, ':', 2)::bigint end
    ) stored`.execute(db);
  await sql`
    alter table outbound_messages add column workshop_id bigint generated always as (
      case when dedupe_key ~ '^workshop:[0-9]+:' then split_part(dedupe_key, ':', 2)::bigint end
    ) stored`.execute(db);
  await sql`create index outbound_broadcast_idx on outbound_messages (broadcast_id, status) where broadcast_id is not null`.execute(db);
  await sql`create index outbound_workshop_idx on outbound_messages (workshop_id, status) where workshop_id is not null`.execute(db);
}
