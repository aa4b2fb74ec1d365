import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROFILE_FIELDS } from '../src/engine/profile/fields.js';
import { createRenderer, formatRupiah, loadResources } from '../src/i18n.js';
import { SIGNUP_ANSWERS, context, play, registered } from './support/engine.js';
import type { EngineEvent } from '../src/engine/unions.js';
import type { Text } from '../src/engine/core/vocabulary.js';

// Every word a person reads comes from locales/: both languages must have every key, the
// same placeholders, and values must arrive exactly as typed (no HTML escaping).

const resources = loadResources();

function flatten(tree: unknown, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tree as Record<string, unknown>)) {
    if (typeof v === 'string') out[`${prefix}${k}`] = v;
    else Object.assign(out, flatten(v, `${prefix}${k}.`));
  }
  return out;
}

const id = flatten(resources.id!.translation);
const en = flatten(resources.en!.translation);
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

/** Keys named literally in the code, e.g. text('signup.ask_name'). */
function keysInSource(dir: string): string[] {
  const keys: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const source = readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
    for (const m of source.matchAll(/\b(?:text|t)\('([a-z_]+\.[a-z_.]+)'/g)) keys.push(m[1]!);
    for (const m of source.matchAll(/key: '([a-z_]+\.[a-z_.]+)'/g)) keys.push(m[1]!);
  }
  return [...new Set(keys)];
}

/** Keys the engine produced while playing many conversations. */
function keysPlayed(): string[] {
  const collect = (events: readonly EngineEvent[]) =>
    events.flatMap((e) => (e.type === 'message_created' ? [...e.text, ...(e.choices ?? [])] : [])).flatMap(textKeys);
  const textKeys = (t: Text): string[] => [t.key, ...Object.values(t.params ?? {}).flatMap((p) => (typeof p !== 'object' ? [] : 'lines' in p ? p.lines.flatMap(textKeys) : [p.key]))];
  const scripts: [string[], ReturnType<typeof context>][] = [
    [[...SIGNUP_ANSWERS, 'tidak', 'omzet', '5', 'tidak', 'x', 'ya'], context()],
    [['halo', 'mungkin', 'tidak', 'halo', 'ya', '1', '', 'x'.repeat(200), 'menu', 'profil', 'batal', 'berhenti', 'hapus data'], context()],
    [['menu', '1', 'ubah', 'x', 'omzet', '3', 'tidak', 'banyak', '3-4 juta', '4jt', 'berhenti', 'berhenti', 'mulai', 'mulai', 'hapus data', 'x', 'tidak', 'hapus data', 'batal', 'daftar', 'bahasa en', 'halo', 'hapus data', 'ya'], context({ person: registered })],
    ...PROFILE_FIELDS.map((f): [string[], ReturnType<typeof context>] => [[`ubah ${f}`, '???', '!!!'], context({ person: registered })]),
  ];
  return [...new Set(scripts.flatMap(([inputs, ctx]) => play(inputs, ctx).turns.flatMap((t) => collect(t.events))))];
}

describe('locales', () => {
  it('Indonesian and English have exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(id).sort());
  });

  it.each(Object.keys(id))('%s has the same placeholders in both languages', (key) => {
    expect(placeholders(en[key] ?? '')).toEqual(placeholders(id[key]!));
  });

  it('every key named in the code exists in both languages', () => {
    const named = keysInSource('src');
    expect(named.length).toBeGreaterThan(30);
    const missing = named.filter((k) => !(k in id) || !(k in en));
    expect(missing).toEqual([]);
  });

  it('every key the engine says in real conversations exists in both languages', () => {
    const played = keysPlayed();
    expect(played.length).toBeGreaterThan(40);
    expect(played.filter((k) => !(k in id) || !(k in en))).toEqual([]);
  });
});

describe('rendering', () => {
  it('shows a business name with & and < > exactly as typed, in both languages', async () => {
    const renderer = await createRenderer(resources);
    for (const lang of ['id', 'en'] as const) {
      const out = renderer.render(lang, { key: 'signup.summary', params: { name: 'Siti', business: 'Kopi & Roti <Asli>', sector: 'Kuliner', kecamatan: 'Banjarmasin Utara', phone: '+6281234567890', year: 2019, omzet: 7_500_000 } });
      expect(out).toContain('Kopi & Roti <Asli>');
      expect(out).toContain('Rp7.500.000');
      expect(out).not.toContain('&amp;');
    }
  });

  it('does not expand placeholders that a person typed', async () => {
    const renderer = await createRenderer(resources);
    const out = renderer.render('id', { key: 'signup.done', params: { name: '{{orgName}}' } }, { orgName: 'Dinas', memberNo: 'BJM-000001' });
    expect(out).toContain('{{orgName}}');
    expect(out).toContain('BJM-000001');
  });

  it('keeps a fixed sentence rendered only for the office\'s own facts: facts made in a turn, or other facts, are never served from it', async () => {
    const office = { orgName: 'Dinas Koperasi Kota Banjarmasin', botName: 'Wirabot' };
    const renderer = await createRenderer(resources, office);
    expect(renderer.render('id', { key: 'faq.free' }, { ...office })).toContain('Dinas Koperasi Kota Banjarmasin');
    expect(renderer.render('id', { key: 'faq.free' }, { ...office })).toContain('Dinas Koperasi Kota Banjarmasin');
    // Another office's facts (a test, another city's process) and a member number made in the turn.
    expect(renderer.render('id', { key: 'faq.free' }, { ...office, orgName: 'Dinas Lain' })).toContain('Dinas Lain');
    const first = renderer.render('id', { key: 'signup.done', params: { name: 'Siti' } }, { ...office, memberNo: 'BJM-000001' });
    const second = renderer.render('id', { key: 'signup.done', params: { name: 'Budi' } }, { ...office, memberNo: 'BJM-000002' });
    expect(first).toContain('BJM-000001');
    expect(second).toContain('BJM-000002');
    expect(second).toContain('Budi');
    expect(renderer.render('en', { key: 'faq.free' }, { ...office })).not.toBe(renderer.render('id', { key: 'faq.free' }, { ...office }));
  });

  it('translates a field name used inside another sentence', async () => {
    const renderer = await createRenderer(resources);
    expect(renderer.render('id', { key: 'edit.done', params: { field: { key: 'field.omzet' } } })).toMatch(/^Omzet sudah diperbarui/);
    expect(renderer.render('en', { key: 'edit.done', params: { field: { key: 'field.omzet' } } })).toMatch(/^Revenue has been updated/);
  });

  it.each([
    [7_500_000, 'Rp7.500.000'],
    [0, 'Rp0'],
    [1_200_000_000, 'Rp1.200.000.000'],
    ['500000', 'Rp500.000'],
    [-250_000, '-Rp250.000'],
  ])('formats %s as %s', (value, shown) => {
    expect(formatRupiah(value)).toBe(shown);
  });
});
