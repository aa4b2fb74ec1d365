/** Choices as a numbered list under the text, then the footer: how WhatsApp and the console show them. */
export function withNumberedChoices(text: string, choices: readonly string[], footer?: string | null): string {
  const list = choices.length === 0 ? [] : [choices.map((c, i) => `${i + 1}. ${c}`).join('\n')];
  return [text, ...list, ...(footer ? [footer] : [])].join('\n\n');
}
