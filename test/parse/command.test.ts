import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/engine/parse/command.js';
import type { Command } from '../../src/engine/parse/command.js';

describe('parseCommand', () => {
  it.each<[string, Command]>([
    ['menu', { type: 'menu' }],
    ['Menu', { type: 'menu' }],
    ['MENU!', { type: 'menu' }],
    ['/menu', { type: 'menu' }],
    ['bantuan', { type: 'menu' }],
    ['help', { type: 'menu' }],
    ['/help', { type: 'menu' }],
    ['?', { type: 'menu' }],
    ['??', { type: 'menu' }],
    ['batal', { type: 'cancel' }],
    ['Batal!', { type: 'cancel' }],
    [' BATAL. ', { type: 'cancel' }],
    ['batal 🙏', { type: 'cancel' }],
    ['cancel', { type: 'cancel' }],
    ['profil', { type: 'profile' }],
    ['profile', { type: 'profile' }],
    ['data saya', { type: 'profile' }],
    ['ubah', { type: 'edit', field: null }],
    ['ubah omzet', { type: 'edit', field: 'omzet' }],
    ['Ubah nama usaha', { type: 'edit', field: 'nama usaha' }],
    ['ubah  NAMA  usaha!', { type: 'edit', field: 'nama usaha' }],
    ['berhenti', { type: 'stop' }],
    ['stop', { type: 'stop' }],
    ['STOP', { type: 'stop' }],
    ['unsubscribe', { type: 'stop' }],
    ['mulai', { type: 'resume' }],
    ['start', { type: 'resume' }],
    ['/mulai', { type: 'resume' }],
    ['/start', { type: 'start', payload: null }],
    ['/start daftar', { type: 'start', payload: 'daftar' }],
    ['/start abcDEF_123', { type: 'start', payload: 'abcDEF_123' }],
    ['/start@WirabotBot', { type: 'start', payload: null }],
    ['/START ws-42', { type: 'start', payload: 'ws-42' }],
    ['hapus data', { type: 'erase' }],
    ['hapus  data', { type: 'erase' }],
    ['Hapus data saya', { type: 'erase' }],
    ['hapusdata', { type: 'erase' }],
    ['bahasa en', { type: 'language', lang: 'en' }],
    ['bahasa inggris', { type: 'language', lang: 'en' }],
    ['English', { type: 'language', lang: 'en' }],
    ['language en', { type: 'language', lang: 'en' }],
    ['bahasa id', { type: 'language', lang: 'id' }],
    ['bahasa indonesia', { type: 'language', lang: 'id' }],
    ['Indonesia', { type: 'language', lang: 'id' }],
    ['daftar', { type: 'register' }],
    ['Daftar.', { type: 'register' }],
  ])('"%s" is the command %j', (typed, command) => {
    expect(parseCommand(typed)).toEqual(command);
  });

  it.each([
    ['batalkan pesanan', 'more than the command word'],
    ['batal2', 'a digit glued to it'],
    ['btal', 'a typo'],
    ['menu makanan', 'more than the command word'],
    ['mneu', 'a typo'],
    ['saya mau batal', 'the command inside a sentence'],
    ['hapus', 'half a command'],
    ['data', 'half a command'],
    ['bahasa', 'half a command'],
    ['bahasa jepang', 'an unsupported language'],
    ['start daftar', 'start without the slash and with a payload'],
    ['', 'nothing'],
    ['🙏', 'only emoji'],
    ['ya', 'an ordinary answer'],
    ['7.500.000', 'an ordinary answer'],
  ])('"%s" (%s) is not a command', (typed) => {
    expect(parseCommand(typed)).toBeNull();
  });

  it('returns a fresh object each time', () => {
    const first = parseCommand('menu');
    const second = parseCommand('menu');
    expect(first).toEqual(second);
    expect(first).not.toBe(second);
  });
});
