import type { Lang } from '../engine/core/vocabulary.js';
import type { Renderer } from '../i18n.js';

/** The dashboard's words, from locales/<lang>/web.json. */
export type Say = (key: string, params?: Record<string, string | number>) => string;

export function sayer(renderer: Renderer, lang: Lang): Say {
  return (key, params) => renderer.render(lang, { key: `web.${key}`, ...(params ? { params } : {}) });
}
