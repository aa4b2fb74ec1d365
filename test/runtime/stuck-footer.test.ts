import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Chats } from '../support/chat.js';
import { createTestApp, type TestApp } from '../support/app.js';

// Issue 16 item 8: "Butuh bantuan? Ketik menu …" comes after a question's options, not
// between the question and them, through the real runtime, outbox and channel formatting.

describe('the way out for someone stuck', () => {
  let t: TestApp;
  let chats: Chats;
  const WA = '6281277770016@c.us';
  const says = (s: string) => chats.say('whatsapp', WA, s);

  beforeAll(async () => {
    t = await createTestApp('stuckfooter');
    await t.app.startTurnWorkers(2);
    chats = new Chats(t.app);
  });
  afterAll(() => t.close());

  it('is said below the numbered options, in a footer of its own', async () => {
    for (const answer of ['halo', 'ya', 'Siti Aminah', 'Kopi Siti']) await says(answer);
    await says('xyz');
    await says('abc');
    await says('qwe');
    const sent = chats.senders.whatsapp.to(WA).at(-1)!;
    expect(sent.choices.length).toBeGreaterThan(2);
    expect(sent.footer).toContain('Butuh bantuan?');
    expect(sent.text).not.toContain('Butuh bantuan?');
    // As WhatsApp shows it: question, the numbered options, then the way out.
    const { toWhatsAppText } = await import('../../src/channels/whatsapp/convert.js');
    const shown = toWhatsAppText(sent);
    const lastOption = `${sent.choices.length}. ${sent.choices.at(-1)}`;
    expect(shown.indexOf(lastOption)).toBeGreaterThan(0);
    expect(shown.indexOf('Butuh bantuan?')).toBeGreaterThan(shown.indexOf(lastOption));
    const row = await t.app.database.db.selectFrom('outbound_messages').select(['text', 'footer']).where('address', '=', WA).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row.footer).toBe(sent.footer);
  });
});
