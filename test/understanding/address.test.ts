import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// One form of address (issue 10 item 6): the bot says `Bapak/Ibu`, never `Anda`. Every
// Indonesian locale text is read as it is on disk, nested keys included.

const dir = new URL('../../locales/id/', import.meta.url);

function texts(tree: unknown, prefix: string): [string, string][] {
  if (typeof tree === 'string') return [[prefix, tree]];
  if (Array.isArray(tree)) return tree.flatMap((v, i) => texts(v, `${prefix}.${i}`));
  if (tree && typeof tree === 'object') return Object.entries(tree).flatMap(([k, v]) => texts(v, `${prefix}.${k}`));
  return [];
}

const all = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .flatMap((f) => texts(JSON.parse(readFileSync(path.join(dir.pathname, f), 'utf8')), f.replace(/\.json$/, '')));

describe('one form of address in locales/id', () => {
  it('reads every file', () => {
    expect(all.length).toBeGreaterThan(200);
  });

  it('no text says "Anda" (nor "anda"): Bapak/Ibu throughout', () => {
    const offending = all.filter(([, value]) => /(^|[^\p{L}])anda(?![\p{L}])/iu.test(value)).map(([key, value]) => `${key}: ${value}`);
    expect(offending).toEqual([]);
  });

  it('the check itself catches "Anda" and leaves words that merely contain it (tanda, Sei Andai)', () => {
    const hits = (s: string) => /(^|[^\p{L}])anda(?![\p{L}])/iu.test(s);
    expect(['Maksud Anda?', 'nama anda', 'Anda:'].map(hits)).toEqual([true, true, true]);
    expect(['Tanda {{names}}', 'Sei Andai', 'pandangan'].map(hits)).toEqual([false, false, false]);
  });
});

describe('the FAQ answers are locale texts', () => {
  it('every entry of the city FAQ has its answer in both languages', () => {
    const faq = JSON.parse(readFileSync(new URL('../../src/city/banjarmasin/faq.json', import.meta.url), 'utf8')) as { entries: { id: string }[] };
    const id = JSON.parse(readFileSync(new URL('../../locales/id/faq.json', import.meta.url), 'utf8')) as Record<string, string>;
    const en = JSON.parse(readFileSync(new URL('../../locales/en/faq.json', import.meta.url), 'utf8')) as Record<string, string>;
    expect(faq.entries.length).toBeGreaterThan(3);
    for (const entry of faq.entries) {
      expect(id[entry.id], entry.id).toMatch(/\S/);
      expect(en[entry.id], entry.id).toMatch(/\S/);
    }
  });
});
