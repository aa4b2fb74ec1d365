import type { Text, TextParam } from './vocabulary.js';

/** A locale key with its values; the runtime renders it in the person's language. */
export const text = (key: string, params?: Record<string, TextParam>): Text => (params ? { key, params } : { key });

/** Text that is data, not a phrase to translate: a sector's or kecamatan's own name. */
export const literal = (value: string): Text => ({ key: 'common.literal', params: { text: value } });
