import { describe, expect, it } from 'vitest';
import { createRenderer } from '../../src/i18n.js';
import { describeSegment, parseSegment, quickChoices } from '../../src/segments.js';
import { kecamatan, sectors } from '../support/engine.js';

// Segments as staff type them, and how they are read back to them.

const refs = { sectors, kecamatan };
const UTARA = 5;
const SELATAN = 2;

describe('typed segments', () => {
  it.each([
    ['semua', []],
    ['Semua pelaku usaha', []],
    ['kecamatan=Banjarmasin Utara', [{ kind: 'kecamatan', values: [UTARA] }]],
    ['kecamatan=Banjarmasin Utara, status=stagnan', [{ kind: 'kecamatan', values: [UTARA] }, { kind: 'status', values: ['stagnan'] }]],
    ['Kecamatan: Banjarmasin Utara', [{ kind: 'kecamatan', values: [UTARA] }]],
    ['kec=utra; status = menurun', [{ kind: 'kecamatan', values: [UTARA] }, { kind: 'status', values: ['menurun'] }]],
    ['utara, stagnan', [{ kind: 'kecamatan', values: [UTARA] }, { kind: 'status', values: ['stagnan'] }]],
    ['status=stagnan atau menurun', [{ kind: 'status', values: ['stagnan', 'menurun'] }]],
    ['status=stagnan/menurun, kecamatan=utara/selatan', [{ kind: 'status', values: ['stagnan', 'menurun'] }, { kind: 'kecamatan', values: [UTARA, SELATAN] }]],
    ['sektor=kuliner', [{ kind: 'sector', values: [1] }]],
    ['sektor=makanan dan kecamatan=selatan', [{ kind: 'sector', values: [1] }, { kind: 'kecamatan', values: [SELATAN] }]],
    ['kecamatan=utara, kecamatan=selatan', [{ kind: 'kecamatan', values: [UTARA, SELATAN] }]],
    ['District: Banjarmasin Utara', [{ kind: 'kecamatan', values: [UTARA] }]],
    ['Status: stagnant', [{ kind: 'status', values: ['stagnan'] }]],
  ])('"%s"', (typed, filters) => {
    expect(parseSegment(typed, refs)).toEqual({ kind: 'ok', spec: { filters } });
  });

  it.each([
    ['kota=Banjarbaru', 'unknown_key'],
    ['kecamatan=Martapura', 'unknown_value'],
    ['banjarmasin', 'ambiguous'],
    ['pokoknya yang rajin', 'none'],
    ['utara atau stagnan', 'none'],
    ['99', 'none'],
    ['', 'none'],
  ])('"%s" is %s, never a guess', (typed, kind) => {
    expect(parseSegment(typed, refs).kind).toBe(kind);
  });

  it('every quick choice, typed back as its own label, is the same segment', async () => {
    const renderer = await createRenderer();
    for (const lang of ['id', 'en'] as const) {
      for (const [i, choice] of quickChoices(refs).entries()) {
        const label = renderer.render(lang, choice.label);
        expect(parseSegment(label, refs)).toEqual({ kind: 'ok', spec: choice.spec });
        expect(parseSegment(String(i + 1), refs)).toEqual({ kind: 'ok', spec: choice.spec });
      }
    }
  });

  it('is described back in words', async () => {
    const renderer = await createRenderer();
    const parsed = parseSegment('kecamatan=utara, status=stagnan atau menurun', refs);
    if (parsed.kind !== 'ok') throw new Error('not parsed');
    const render = (lang: 'id' | 'en') => describeSegment(parsed.spec, refs, (t) => renderer.render(lang, t));
    expect(render('id')).toBe('Kecamatan: Banjarmasin Utara · Status: stagnan atau menurun');
    expect(render('en')).toBe('District: Banjarmasin Utara · Status: stagnant or declining');
    expect(describeSegment({ filters: [] }, refs, (t) => renderer.render('id', t))).toBe('Semua pelaku usaha');
  });
});
