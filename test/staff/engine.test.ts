import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/engine/core/state.js';
import type { ConversationState } from '../../src/engine/core/state.js';
import type { EngineEvent } from '../../src/engine/unions.js';
import { context, keysOf, play, registered, typesOf } from '../support/engine.js';

// The staff side of the engine, as tables: given what a staff member types, the events and
// the place in the flow. Counts and previews are the runtime's; here they are a request.

const rina = { id: '7', name: 'Rina' };
const asStaff = context({ staff: rina });
const TEXT = 'Halo {nama}, ada pelatihan pemasaran digital untuk {usaha}.';
const STAGNANT_NORTH = { filters: [{ kind: 'kecamatan', values: [5] }, { kind: 'status', values: ['stagnan'] }] };

const atPreview = ['/umumkan', TEXT, 'kecamatan=Banjarmasin Utara, status=stagnan'];

type Row = [title: string, before: string[], input: string, events: string[], keys: string[], stepAfter: string | null];

const rows: Row[] = [
  ['"/umumkan" asks for the text', [], '/umumkan', ['message_created'], ['staff.ask_text'], 'text'],
  ['the text is kept and the recipients are asked', ['/umumkan'], TEXT, ['message_created'], ['staff.ask_segment'], 'segment'],
  ['"/umumkan <text>" goes straight to the recipients', [], `/umumkan ${TEXT}`, ['message_created'], ['staff.ask_segment'], 'segment'],
  ['an unknown placeholder is named and the text asked again', ['/umumkan'], 'Halo {alamat}', ['message_created'], ['staff.text_unknown_placeholders', 'staff.ask_text'], 'text'],
  ['a text of emoji only is asked again', ['/umumkan'], '🙏🙏', ['message_created'], ['staff.text_no_words', 'staff.ask_text'], 'text'],
  ['a text longer than 2,000 characters is refused', ['/umumkan'], 'a'.repeat(2001), ['message_created'], ['staff.text_too_long', 'staff.ask_text'], 'text'],
  ['a typed segment asks the runtime for the preview', ['/umumkan', TEXT], 'kecamatan=Banjarmasin Utara, status=stagnan', ['broadcast_preview_requested'], [], 'confirm'],
  ['a number picks from the list', ['/umumkan', TEXT], '2', ['broadcast_preview_requested'], [], 'confirm'],
  ['an unknown key is named', ['/umumkan', TEXT], 'kota=Banjarbaru', ['message_created'], ['staff.segment_unknown_key', 'staff.ask_segment'], 'segment'],
  ['an unknown kecamatan is named', ['/umumkan', TEXT], 'kecamatan=Martapura', ['message_created'], ['staff.segment_unknown_value', 'staff.ask_segment'], 'segment'],
  ['"banjarmasin" alone is ambiguous', ['/umumkan', TEXT], 'banjarmasin', ['message_created'], ['staff.segment_ambiguous', 'staff.ask_segment'], 'segment'],
  ['"ya" at the preview sends', atPreview, 'ya', ['broadcast_confirmed'], [], null],
  ['"Ya, kirim" (the button) sends', atPreview, 'Ya, kirim', ['broadcast_confirmed'], [], null],
  ['"ubah" at the preview asks what to change', atPreview, 'ubah', ['message_created'], ['staff.ask_change'], 'change'],
  ['"batal" at the preview drops it', atPreview, 'batal', ['broadcast_dropped', 'message_created', 'message_created'], ['staff.dropped', 'staff.menu'], null],
  ['"/batal" at the preview drops it', atPreview, '/batal', ['broadcast_dropped', 'message_created', 'message_created'], ['staff.dropped', 'staff.menu'], null],
  ['an unclear answer at the preview shows the preview again', atPreview, 'hmm', ['message_created', 'broadcast_preview_requested'], ['staff.confirm_retry'], 'confirm'],
  ['"menu" at the preview shows the menu and the preview again', atPreview, 'menu', ['message_created', 'message_created', 'broadcast_preview_requested'], ['staff.menu', 'common.resume'], 'confirm'],
  ['"/status" mid-flow reports and returns to the question', ['/umumkan'], '/status', ['broadcast_status_requested', 'message_created'], ['common.resume', 'staff.ask_text'], 'text'],
  ['"/status 12" asks for broadcast 12', [], '/status 12', ['broadcast_status_requested'], [], null],
  ['"/rekap" asks for the recap', [], '/rekap', ['broadcast_recap_requested'], [], null],
  ['an unknown /command gets the staff menu', [], '/hapus', ['message_created', 'message_created'], ['staff.unknown_command', 'staff.menu'], null],
  ['"halo" from staff shows the staff menu, never the sign-up', [], 'halo', ['message_created', 'message_created'], ['staff.not_understood', 'staff.menu'], null],
  ['"daftar" from staff says staff are not registered', [], 'daftar', ['message_created', 'message_created'], ['staff.entrepreneur_only', 'staff.menu'], null],
  ['"/start" greets the staff member by name', [], '/start', ['message_created', 'message_created'], ['staff.welcome', 'staff.menu'], null],
  ['"1" after the staff menu starts an announcement', ['menu'], '1', ['message_created'], ['staff.ask_text'], 'text'],
  ['"berhenti" typed as an announcement text is the text', ['/umumkan'], 'berhenti', ['message_created'], ['staff.ask_segment'], 'segment'],
];

describe('a staff member in chat', () => {
  it.each(rows)('%s', (_title, before, input, events, keys, stepAfter) => {
    const { last } = play([...before, input], asStaff);
    expect(typesOf(last.events)).toEqual(events);
    expect(keysOf(last.events)).toEqual(keys);
    expect(last.state.staffFlow?.step ?? null).toEqual(stepAfter);
  });

  it('the confirmed broadcast carries the text as typed and the segment chosen', () => {
    const { last } = play([...atPreview, 'ya'], asStaff);
    expect(last.events[0]).toEqual({ type: 'broadcast_confirmed', staffId: '7', text: TEXT, segment: STAGNANT_NORTH } satisfies EngineEvent);
  });

  it('"ubah" → "teks" → a new text goes straight back to the preview with the same recipients', () => {
    const { last } = play([...atPreview, 'ubah', 'teks', 'Pelatihan untuk {usaha}'], asStaff);
    expect(last.events).toEqual([{ type: 'broadcast_preview_requested', staffId: '7', text: 'Pelatihan untuk {usaha}', segment: STAGNANT_NORTH }]);
  });

  it('"ubah" → "penerima" keeps the text and asks the recipients again', () => {
    const { last } = play([...atPreview, 'ubah', 'penerima', 'semua'], asStaff);
    expect(last.events).toEqual([{ type: 'broadcast_preview_requested', staffId: '7', text: TEXT, segment: { filters: [] } }]);
  });

  it('a sign-up begun before the chat became staff is dropped, not continued', () => {
    const midSignup = play(['halo', 'ya'], context()).state;
    const { last } = play(['Siti Aminah'], asStaff, midSignup);
    expect(last.state.flow).toBeNull();
    expect(keysOf(last.events)).toEqual(['staff.not_understood', 'staff.menu']);
  });

  it('a staff member who also registered as an entrepreneur still gets the staff side', () => {
    const { last } = play(['profil'], context({ staff: rina, person: registered }));
    expect(keysOf(last.events)).toEqual(['staff.entrepreneur_only', 'staff.menu']);
  });
});

// Staff commands by anyone else are unknown `/words`: the same answer, and nothing starts.
const STAFF_COMMANDS = ['/umumkan', '/umumkan Halo semua', '/rekap', '/status', '/status 1', '/pengumuman', '/umumkan@WirabotBot'];
const nobody = context();
const entrepreneur = context({ person: registered });

describe('staff commands from someone who is not staff', () => {
  const answerTo = (input: string, ctx: ReturnType<typeof context>, start: ConversationState = initialState()) => {
    const { last } = play([input], ctx, start);
    return { events: last.events, state: last.state };
  };

  it.each(STAFF_COMMANDS)('%s from a registered entrepreneur gets exactly what "/qwerty" gets', (command) => {
    expect(answerTo(command, entrepreneur)).toEqual(answerTo('/qwerty', entrepreneur));
    expect(typesOf(answerTo(command, entrepreneur).events)).not.toContain('broadcast_preview_requested');
  });

  it.each(STAFF_COMMANDS)('%s from someone unknown gets exactly what "/qwerty" gets', (command) => {
    expect(answerTo(command, nobody)).toEqual(answerTo('/qwerty', nobody));
  });

  it.each(STAFF_COMMANDS)('%s mid sign-up gets exactly what "/qwerty" gets', (command) => {
    const midSignup = play(['halo', 'ya', 'Siti'], nobody).state;
    expect(answerTo(command, nobody, midSignup)).toEqual(answerTo('/qwerty', nobody, midSignup));
  });

  it('"/batal" is everyone\'s cancel, the same as "batal"', () => {
    expect(answerTo('/batal', entrepreneur)).toEqual(answerTo('batal', entrepreneur));
  });

  it('no staff word appears in what they are told', () => {
    for (const command of STAFF_COMMANDS) {
      expect(keysOf(answerTo(command, entrepreneur).events).filter((k) => /staff|broadcast/.test(k))).toEqual([]);
    }
  });
});
