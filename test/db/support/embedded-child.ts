import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { sql } from 'kysely';
import { connectDatabase } from '../../../src/db/connect.js';
import { embeddedPaths } from '../../../src/db/pglite/embedded.js';

// A process that uses the embedded database in `argv[2]` and obeys one command per line:
// `add <text>` (a row numbered by a sequence), `list`, `serving`, `exit`. Answers are JSON lines.

const dir = process.argv[2]!;
const handle = await connectDatabase({ pgliteDir: dir });
const { db } = handle;
const say = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

async function stop(code: number): Promise<never> {
  await handle.close();
  process.exit(code);
}
process.once('SIGINT', () => void stop(130));

await sql`create sequence if not exists note_no`.execute(db);
await sql`create table if not exists notes (no int primary key default nextval('note_no'), text text not null)`.execute(db);
say({ ready: process.pid });

for await (const line of createInterface({ input: process.stdin })) {
  const [command, ...rest] = line.split(' ');
  if (command === 'add') {
    const { rows } = await sql<{ no: number }>`insert into notes (text) values (${rest.join(' ')}) returning no`.execute(db);
    say({ added: rows[0]!.no });
  } else if (command === 'list') {
    const { rows } = await sql<{ no: number; text: string }>`select no, text from notes order by no`.execute(db);
    say({ notes: rows });
  } else if (command === 'serving') {
    const holder = Number.parseInt(readFileSync(embeddedPaths(dir).lockPath, 'utf8'), 10);
    say({ serving: holder === process.pid });
  } else if (command === 'exit') {
    await stop(0);
  }
}
await stop(0);
