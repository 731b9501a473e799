// The destination of an export: a path the backend suggests, replaced when
// the suggestion changes unless the person edited it, and the field's error.
import { errorText, fieldErrorText } from './locale.svelte';
import { toApiError } from './types';

export class SuggestedPath {
  value = $state('');
  error = $state<string | null>(null);
  #suggested = '';

  /** Asks for a suggestion; keeps what the person typed. */
  async suggest(get: () => Promise<{ path: string }>): Promise<void> {
    try {
      const s = (await get()).path;
      if (this.value === '' || this.value === this.#suggested) this.value = s;
      this.#suggested = s;
    } catch {
      /* the person types a path */
    }
  }

  /** Shows an error about the path under the field; returns the text of any other error. */
  takeError(err: unknown): string | null {
    const fe = toApiError(err).fields?.find((f) => f.field === 'path');
    if (fe) {
      this.error = fieldErrorText(fe);
      return null;
    }
    return errorText(err);
  }
}
