import { createInterface } from 'node:readline';
import { tryLock } from '../../../src/db/pglite/lock.js';

// Tries the lock at argv[2] when told `go`, says whether it got it, and holds it until stdin ends.
const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
for await (const line of lines) {
  if (line !== 'go') continue;
  const attempt = await tryLock(process.argv[2]!);
  process.stdout.write(`${JSON.stringify('acquired' in attempt ? { acquired: true } : { heldBy: attempt.heldBy })}\n`);
}
