import { parseMoney } from '../parse/money.js';
import { yesNoChoices } from './replies.js';
import { text } from './text.js';
import type { OutgoingMessage, Text } from './vocabulary.js';

// An amount of money as every question that asks for one reads it: taken, asked back with a
// guess (`5` → "Maksud Bapak/Ibu Rp5.000.000?"), or refused with the reason.

export type MoneyAnswer =
  | { readonly kind: 'ok'; readonly value: number }
  | { readonly kind: 'retry'; readonly reason: Text }
  | { readonly kind: 'confirm_money'; readonly guess: number };

export function moneyAnswer(raw: string): MoneyAnswer {
  const money = parseMoney(raw);
  switch (money.kind) {
    case 'ok':
      return { kind: 'ok', value: money.rupiah };
    case 'confirm':
      return { kind: 'confirm_money', guess: money.rupiah };
    case 'range':
      return { kind: 'retry', reason: text('money.range') };
    case 'invalid':
      return { kind: 'retry', reason: text('money.invalid') };
  }
}

/** "Maksud Bapak/Ibu Rp5.000.000?" with ya / tidak. */
export function moneyConfirmQuestion(guess: number): OutgoingMessage {
  return { text: [text('money.confirm', { amount: guess })], choices: yesNoChoices };
}
