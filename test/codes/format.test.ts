import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, CODE_PURPOSES, checkCharacter, findCode, generateCode, looksLikeCode, parseCode, type CodePurpose } from '../../src/codes/format.js';
import { parseMoney } from '../../src/engine/parse/money.js';
import { parseRsvpCommand } from '../../src/engine/workshop/parse.js';

// What a one-time code looks like and how loosely it may be typed.

/** A pick() that replays fixed alphabet positions, for codes known in advance. */
function replay(...indexes: number[]): (n: number) => number {
  let i = 0;
  return () => indexes[i++ % indexes.length]!;
}

// 7 K 4 Q 2 at alphabet positions 5, 17, 2, 21, 0.
const STAF = generateCode('staff_invite', replay(5, 17, 2, 21, 0));
const HUB = generateCode('link_chat', replay(5, 17, 2, 21, 0));

describe('one-time code format', () => {
  it('looks like STAF-7K4Q-2x: a purpose prefix, four, two, the last one a check character', () => {
    expect(STAF.display).toMatch(/^STAF-7K4Q-2[2-9A-Z]$/);
    expect(HUB.display).toMatch(/^HUB-7K4Q-2[2-9A-Z]$/);
    expect(STAF.display.at(-1)).not.toBe(HUB.display.at(-1)); // the check covers the prefix
    expect(CODE_ALPHABET).not.toMatch(/[01OIL]/);
  });

  it('every prefix is spelled from the alphabet, so the check covers it', () => {
    for (const { prefix } of Object.values(CODE_PURPOSES)) expect([...prefix].every((c) => CODE_ALPHABET.includes(c))).toBe(true);
  });

  const body = STAF.display.slice('STAF-'.length).replace('-', '');
  it.each([
    ['as printed', STAF.display],
    ['lower case', STAF.display.toLowerCase()],
    ['no dashes', STAF.canonical],
    ['spaces', `STAF ${body.slice(0, 4)} ${body.slice(4)}`],
    ['spaces everywhere, mixed case', ` s T a F ${[...body].join(' ').toLowerCase()} `],
    ['dots', `staf.${body.slice(0, 4)}.${body.slice(4)}`],
  ])('is read when typed %s (%s)', (_, typed) => {
    expect(parseCode(typed)).toEqual({ kind: 'ok', code: STAF });
  });

  it.each([
    ['empty', ''],
    ['the prefix alone', 'STAF'],
    ['an unknown prefix', `XYZ-${body}`],
    ['a character short', STAF.display.slice(0, -1)],
    ['a character too many', `${STAF.display}2`],
    ['0 for O', STAF.display.replace('7', '0')],
    ['1 for I', STAF.display.replace('7', '1')],
    ['O', STAF.display.replace('7', 'O')],
    ['L', STAF.display.replace('7', 'L')],
    ['emoji', `STAF-7K4Q-2😀`],
    ['an attendance code', 'KODE 4821'],
    ['four digits', '4821'],
    ['an amount', '7,5 juta'],
    ['a name', 'Siti Aminah'],
    ['a member number', 'BJM-000123'],
  ])('is malformed when it is %s (%s)', (_, typed) => {
    expect(parseCode(typed)).toEqual({ kind: 'malformed' });
  });

  it('catches every single wrong character and every swap of two neighbours', () => {
    for (const code of [STAF, HUB, generateCode('web_login', randomInt)]) {
      const chars = [...code.canonical];
      for (let i = 0; i < chars.length; i++) {
        for (const c of CODE_ALPHABET) {
          if (c === chars[i]) continue;
          const typo = [...chars];
          typo[i] = c;
          expect(parseCode(typo.join('')), typo.join('')).toEqual({ kind: 'malformed' });
        }
        if (i + 1 < chars.length && chars[i] !== chars[i + 1]) {
          const swapped = [...chars];
          [swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!];
          expect(parseCode(swapped.join('')), swapped.join('')).toEqual({ kind: 'malformed' });
        }
      }
    }
  });

  it('the check character makes the weighted sum of the whole code divisible by 31', () => {
    const payload = 'STAF7K4Q2';
    const all = payload + checkCharacter(payload);
    expect([...all].reduce((sum, c, i) => sum + (i + 1) * CODE_ALPHABET.indexOf(c), 0) % 31).toBe(0);
  });

  it('a thousand new codes read back, mix letters and digits, and are never an amount or an attendance code', () => {
    const purposes = Object.keys(CODE_PURPOSES) as CodePurpose[];
    for (let i = 0; i < 1000; i++) {
      const code = generateCode(purposes[i % purposes.length]!, randomInt);
      expect(parseCode(code.display)).toEqual({ kind: 'ok', code });
      const random = code.canonical.slice(CODE_PURPOSES[code.purpose].prefix.length, -1);
      expect(random.replace(/[^2-9]/g, '').length).toBeGreaterThanOrEqual(2);
      expect(random.replace(/[2-9]/g, '').length).toBeGreaterThanOrEqual(2);
      for (const form of [code.display, code.canonical, code.display.toLowerCase()]) {
        expect(parseMoney(form).kind).toBe('invalid');
        expect(parseRsvpCommand(form)).toBeNull();
      }
    }
  });
});

describe('recognising a code in a chat message', () => {
  it.each([
    [STAF.display, true],
    [STAF.canonical.toLowerCase(), true],
    [`kode saya ${STAF.display} ya`, true],
    [`${HUB.display}.`, true],
    ['STAF-7K4Q-2Z (a typo still looks like a code, to be answered "check it")', true],
    ['web 1234 ab', true],
    ['4821', false],
    ['KODE 4821', false],
    ['kode: 4821', false],
    ['7,5 juta', false],
    ['Rp7.500.000', false],
    ['Siti Aminah', false],
    ['hubungi saya besok', false],
    ['Toko Staf Makmur', false],
    ['staf 123456', false],
    ['STAF ABCDEF', false],
    ['BJM-000123', false],
    ['0812-3456-7890', false],
    ['', false],
  ])('%s → %s', (text, expected) => {
    expect(looksLikeCode(text)).toBe(expected);
  });

  it('finds the code inside the message', () => {
    expect(findCode(`ini kodenya: ${STAF.display}, terima kasih`)).toBe(STAF.display);
  });
});
