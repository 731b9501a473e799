// The current UI language, remembered in localStorage.
import { detectLang, hasKey, translate, type Lang, type MessageKey, type Params } from './i18n';
import type { FieldError } from './bindings';
import { toApiError } from './types';

const STORAGE_KEY = 'carebook.lang';

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'vi' || saved === 'en') return saved;
  } catch {
    /* storage unavailable */
  }
  return detectLang(typeof navigator !== 'undefined' ? navigator.language : undefined);
}

export const locale = $state<{ lang: Lang }>({ lang: initialLang() });

export function setLang(lang: Lang): void {
  locale.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* storage unavailable */
  }
  document.documentElement.lang = lang;
}

export function t(key: MessageKey, params?: Params): string {
  return translate(locale.lang, key, params);
}

/** A backend error in the user's language (falls back to the server's message). */
export function errorText(e: unknown): string {
  const err = toApiError(e);
  const key = `error.${err.code}`;
  if (hasKey(key)) {
    // Internal errors and bad requests carry a useful technical detail.
    if ((err.code === 'internal' || err.code === 'bad_request' || err.code === 'conflict') && err.message) {
      return `${translate(locale.lang, key)} ${translate(locale.lang, 'error.detail', { message: err.message })}`;
    }
    return translate(locale.lang, key);
  }
  return err.message || translate(locale.lang, 'error.unknown');
}

/** A field error in the user's language (falls back to the server's message). */
export function fieldErrorText(fe: Pick<FieldError, 'code' | 'message'>): string {
  const key = `fieldError.${fe.code}`;
  return hasKey(key) ? translate(locale.lang, key) : fe.message;
}
