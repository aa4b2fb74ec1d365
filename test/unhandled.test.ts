import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';
import { unhandledRejectionLogger } from '../src/unhandled.js';

// An unhandled rejection in `npm start` is one error line with its cause and the process's context.

function capture() {
  const lines: Record<string, any>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, log: createLogger('info', stream) };
}

describe('unhandled rejections', () => {
  it('are logged as errors with the message, the stack and the context', async () => {
    const { lines, log } = capture();
    unhandledRejectionLogger(log, { roles: ['worker'], pid: 4242 })(new TypeError('Cannot read properties of undefined (reading "id")'));
    await new Promise((r) => setImmediate(r));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, roles: ['worker'], pid: 4242, msg: 'unhandled promise rejection: Cannot read properties of undefined (reading "id")', err: { type: 'TypeError' } });
    expect(lines[0]!.err.stack).toContain('unhandled.test.ts');
  });

  it('a rejection with something other than an Error still says what it was, phone numbers masked', async () => {
    const { lines, log } = capture();
    unhandledRejectionLogger(log, { roles: ['gateway'] })({ code: 'E_SEND', to: '6281234567890' });
    await new Promise((r) => setImmediate(r));
    expect(lines[0]!.msg).toBe('unhandled promise rejection: {"code":"E_SEND","to":"6281****890"}');
  });
});
