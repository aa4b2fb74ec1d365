import { defineConfig } from 'vitest/config';

// Every test runs on Postgres. The runtime tests that run in one process run again on PGlite,
// the embedded database `npm run chat` uses (test/support/app.ts reads TEST_DATABASE).
//
// Postgres only, and why:
//   broadcast/kill        worker processes are killed in the middle of a fan-out
//   runtime/workers       several worker processes share the database
//   runtime/dropped-connection  Postgres backends are terminated under the pool
//   workshop/concurrency  concurrent turns race for the last seat (row locks across connections)
//   runtime/redis-restart a redis-server of the test's own is shut down and started again
//   runtime/flood         one chat's 500 messages against several worker slots (row locks across connections)
//   broadcast/summary, checkin/fanout, checkin/scheduler, staff/cli, workshop/cli, workshop/report
//                         the command line or `npm start` runs as a process of its own on the database
//   cli, checkin/report, chat-cli, telegram/npm-start, outbox/dedupe-keys, understanding/runtime
//                         processes, or a database made by hand (not an app)
//   tickets/runtime       two transactions answer one question at once (row locks across connections)
//   tickets/cli           the command line runs as a process of its own on the database
// runtime/signup and broadcast/segments run on both databases themselves.
const PGLITE_TOO = [
  'broadcast/done-when',
  'checkin/conversation',
  'checkin/reminders',
  'checkin/survey-version',
  'delivery/delivery',
  'privacy/consent',
  'privacy/erasure',
  'runtime/bad-input',
  'runtime/identities',
  'staff/announce',
  'staff/enforcement',
  'staff/whatsapp-alert',
  'telegram/telegram.e2e',
  'tickets/e2e',
  'whatsapp/gateway',
  'workshop/attendance',
  'workshop/create',
  'workshop/done-when',
  'workshop/feedback',
  'workshop/reminders',
  'workshop/rsvp',
].map((name) => `test/${name}.test.ts`);

export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file has its own database and queue prefix, so files may run side by side.
    fileParallelism: true,
    // Most files wait on Postgres, Redis and timers rather than the CPU: three at a time on this
    // two-core machine takes the whole run from ~26 to ~8 minutes.
    maxWorkers: 3,
    // The key ID_HASH_KEY must have with DATABASE_URL; processes the tests start inherit it.
    env: { ID_HASH_KEY: 'test-only-id-hash-key-0123456789' },
    projects: [
      { extends: true, test: { name: 'postgres', include: ['test/**/*.test.ts'] } },
      { extends: true, test: { name: 'pglite', include: PGLITE_TOO, env: { TEST_DATABASE: 'pglite', ID_HASH_KEY: 'test-only-id-hash-key-0123456789' } } },
    ],
  },
});
