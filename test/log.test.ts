import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, maskPhones } from '../src/log.js';

// Logs never carry a full phone number (UU No. 27/2022), whichever field it hides in.

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
    let out = '';
    const sink = new Writable({ write: (chunk, _enc, done) => ((out += chunk.toString()), done()) });
    const log = createLogger('info', sink);
    log.info({ phone: '+6281234567890', nested: { chat: '6281234567890@c.us' } }, 'message from 081234567890');
    expect(out).not.toMatch(/81234567890/);
    expect(out).toContain('0812****890');
  });
});
