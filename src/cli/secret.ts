import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/** One line from standard input; on a terminal the prompt shows and the typing does not. */
export function readSecretLine(prompt: string, input: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin): Promise<string> {
  const terminal = input.isTTY === true;
  if (terminal) process.stderr.write(prompt);
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const lines = createInterface({ input, output: muted, terminal });
  return new Promise((resolve) => {
    let answered = false;
    lines.once('line', (line) => {
      answered = true;
      lines.close();
      if (terminal) process.stderr.write('\n');
      resolve(line.replace(/\r$/, ''));
    });
    lines.once('close', () => {
      if (!answered) resolve('');
    });
  });
}
