import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, maskPhones } from '../src/log.js';

// Logs never carry a full phone number (UU No. 27/2022), whichever field it hides in.

function capture(): { log: ReturnType<typeof createLogger>; lines: () => Record<string, unknown>[]; raw: () => string } {
  let out = '';
  const sink = new Writable({ write: (chunk, _enc, done) => ((out += chunk.toString()), done()) });
  return {
    log: createLogger('info', sink),
    raw: () => out,
    lines: () =>
      out
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('phone masking in logs', () => {
  it.each([
    ['+6281234567890', '+6281****890'],
    ['0812-3456-7890', '0812****890'],
    ['0812 3456 7890', '0812****890'],
    ['6281234567890@c.us', '6281****890@c.us'],
    ['120363123456789012@lid', '120363123456789012@lid'],
    ['+1 415 555 2671', '+1415****671'],
    ['inbound 42 from 081234567890', 'inbound 42 from 0812****890'],
    ['order 12345 total 7500000', 'order 12345 total 7500000'],
  ])('%s is logged as %s', (raw, masked) => {
    expect(maskPhones(raw)).toBe(masked);
  });

  it('masks numbers inside structured fields and messages alike', () => {
    const { log, raw } = capture();
    log.info({ phone: '+6281234567890', nested: { chat: '6281234567890@c.us' } }, 'message from 081234567890');
    expect(raw()).not.toMatch(/81234567890/);
    expect(raw()).toContain('0812****890');
  });
});

// Real Telegram ids are 9-10 digits (users, updates) and 13 with the -100 prefix (groups):
// logging one must never throw from inside the log call, and the line must stay valid JSON.
describe('real-size ids in log records', () => {
  it('a numeric update id is logged as a number, and the line is valid JSON', () => {
    const { log, lines } = capture();
    expect(() => createLogger('info').warn({ updateId: 987654321 }, 'x')).not.toThrow();
    log.warn({ updateId: 834567890, userId: 7123456789, groupId: -1001234567890 }, 'update failed');
    const [line] = lines();
    expect(line).toMatchObject({ updateId: 834567890, userId: 7123456789, groupId: -1001234567890, msg: 'update failed' });
  });

  it('the same ids written as strings (chat addresses) are masked, still as valid JSON', () => {
    const { log, lines } = capture();
    log.info({ address: '7123456789', group: '-1001234567890', list: ['081234567890', 42] }, 'sent');
    const [line] = lines();
    expect(line).toMatchObject({ address: '7123****789', group: '-1001****890', list: ['0812****890', 42] });
  });

  it('an error with a phone number in its message is serialised and masked', () => {
    const { log, lines, raw } = capture();
    log.error({ err: new Error('duplicate key (address)=(6281234567890)') }, 'turn failed');
    const [line] = lines();
    expect((line!.err as { message: string; type: string }).message).toBe('duplicate key (address)=(6281****890)');
    expect((line!.err as { type: string }).type).toBe('Error');
    expect(raw()).not.toMatch(/81234567890/);
  });

  it('a record that refers to itself is logged once, masked, without throwing', () => {
    const { log, lines } = capture();
    const record: Record<string, unknown> = { chat: '6281234567890@c.us', updateId: 834567890 };
    record.self = record;
    log.child({ channel: 'telegram' }).info(record, 'looped');
    const [line] = lines();
    expect(line).toMatchObject({ channel: 'telegram', updateId: 834567890, chat: '6281****890@c.us', self: '[Circular]' });
  });
});
