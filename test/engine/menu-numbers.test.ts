import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/unions.js';
import type { WorkshopSystemInput } from '../../src/engine/workshop/vocabulary.js';
import { context, keysOf, play, registered, typesOf } from '../support/engine.js';

// Issue 16 item 5: a bare number means an option of the LAST message the bot sent, nothing
// older; BERHENTI and HAPUS DATA reached by a number ask for a "yes" first.

const person = context({ person: registered });
const optedOut = context({ person: { ...registered, optedOut: true } });

/** The number the menu shows for an entry, read from the menu itself. */
function numberOf(key: string): string {
  const menu = play(['menu'], person).last.events.find((e) => e.type === 'message_created' && e.choices?.some((c) => c.key === key));
  const choices = menu?.type === 'message_created' ? (menu.choices ?? []) : [];
  const at = choices.findIndex((c) => c.key === key);
  expect(at).toBeGreaterThanOrEqual(0);
  return String(at + 1);
}

const stopped = (events: readonly EngineEvent[]) => events.some((e) => e.type === 'announcements_stopped');
const invited: WorkshopSystemInput = {
  type: 'system',
  event: 'workshop_invited',
  workshop: { id: '3', title: 'Pemasaran Digital', startsAt: '2026-12-12T01:00:00.000Z', endsAt: '2026-12-12T04:00:00.000Z', place: 'Aula Dinas', description: null, capacity: 30 },
  timeZone: 'Asia/Makassar',
  telegramBot: null,
};

describe('numbers from an old menu', () => {
  const STOP = numberOf('menu.choice_stop');
  const ERASE = numberOf('menu.choice_erase');

  it('after MULAI (a reply after the menu), the menu number of BERHENTI stops nothing', () => {
    const { turns, last } = play(['menu', 'mulai', STOP], person);
    expect(turns.some((t) => stopped(t.events))).toBe(false);
    expect(keysOf(last.events)).toEqual(['common.not_understood', 'menu.registered']);
  });

  it('after the profile, the number is not read against the menu shown before it', () => {
    const { turns } = play(['menu', 'profil', STOP], person);
    expect(turns.some((t) => stopped(t.events))).toBe(false);
  });

  it('after an invitation that came once the menu was shown, the menu numbers are stale', () => {
    const { turns, last } = play(['menu', invited, STOP], person);
    expect(turns.some((t) => stopped(t.events))).toBe(false);
    expect(keysOf(last.events)).toEqual(['common.not_understood', 'menu.registered']);
  });

  it('right after the menu, its number for BERHENTI asks first; "ya" stops', () => {
    const asked = play(['menu', STOP], person);
    expect(stopped(asked.last.events)).toBe(false);
    expect(keysOf(asked.last.events)).toEqual(['stop.confirm']);
    const { last } = play(['menu', STOP, 'ya'], person);
    expect(typesOf(last.events)).toEqual(['announcements_stopped', 'message_created']);
    expect(keysOf(last.events)).toEqual(['stop.done']);
  });

  it('"tidak" keeps the announcements and shows the menu again, whose numbers then work', () => {
    const { last, turns } = play(['menu', STOP, 'tidak', STOP], person);
    expect(keysOf(turns[2]!.events)).toEqual(['stop.kept', 'menu.registered']);
    expect(keysOf(last.events)).toEqual(['stop.confirm']);
  });

  it('"batal" at the question keeps them too', () => {
    const { turns } = play(['menu', STOP, 'batal'], person);
    expect(turns.some((t) => stopped(t.events))).toBe(false);
    expect(keysOf(turns[2]!.events)).toEqual(['cancel.stop_confirm', 'menu.registered']);
  });

  it('the word BERHENTI still stops at once, and an opted-out person picking it is told so', () => {
    expect(stopped(play(['berhenti'], person).last.events)).toBe(true);
    expect(keysOf(play(['menu', STOP], optedOut).last.events)).toEqual(['stop.already']);
  });

  it('its number for HAPUS DATA asks first as well', () => {
    const { last } = play(['menu', ERASE], person);
    expect(typesOf(last.events)).toEqual(['message_created']);
    expect(keysOf(last.events)).toEqual(['erase.confirm']);
    expect(play(['menu', 'halo', ERASE], person).last.events.some((e) => e.type === 'personal_data_erased')).toBe(false);
  });

  it('the staff menu numbers go stale the same way', () => {
    const asStaff = context({ staff: { id: '7', name: 'Rina' } });
    expect(keysOf(play(['menu', '1'], asStaff).last.events)).toEqual(['staff.ask_text']);
    expect(typesOf(play(['menu', '/rekap', '1'], asStaff).last.events)).not.toContain('broadcast_recap_requested');
    expect(keysOf(play(['menu', '/rekap', '1'], asStaff).last.events)).toEqual(['staff.not_understood', 'staff.menu']);
  });
});
