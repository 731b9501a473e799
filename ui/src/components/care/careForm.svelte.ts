// The state of a care form while it is filled in and saved: the errors under
// its fields, by field name, the error above it, and whether it is saving.
import { tick } from 'svelte';
import type { FieldError } from '../../lib/bindings';
import { errorText, fieldErrorText } from '../../lib/locale.svelte';
import { toApiError } from '../../lib/types';

export class CareForm {
  /** Texts under the fields, by field name. */
  errors = $state<Record<string, string>>({});
  /** The text above the fields. */
  error = $state<string | null>(null);
  saving = $state(false);
  readonly #placed: readonly string[];
  readonly #names: { id: string; testid: string };

  /**
   * `placed`: the fields the form shows an error under; `names`: what the ids
   * and test ids of the form's fields and errors start with (`rq-summary`,
   * `rq-err-summary`; `request-summary`, `request-error-summary`).
   */
  constructor(placed: readonly string[], names: { id: string; testid: string }) {
    this.#placed = placed;
    this.#names = names;
  }

  /** The id of one of the form's elements: `id('summary')` is `rq-summary`. */
  id(part: string): string {
    return `${this.#names.id}-${part}`;
  }

  /** The test id of one of the form's elements: `testid('summary')` is `request-summary`. */
  testid(part: string): string {
    return `${this.#names.testid}-${part}`;
  }

  /** The id of the error under `field`. */
  errorId(field: string): string {
    return this.id(`err-${field}`);
  }

  /** A field's aria-invalid and aria-describedby while it has an error. */
  aria(field: string): { 'aria-invalid'?: 'true'; 'aria-describedby'?: string } {
    return this.errors[field] ? { 'aria-invalid': 'true', 'aria-describedby': this.errorId(field) } : {};
  }

  /** Shows the problems found before saving; true when there are any. */
  check(errors: Record<string, string>): boolean {
    this.errors = errors;
    this.error = null;
    return Object.keys(errors).length > 0;
  }

  /**
   * Runs `save` unless a save is under way, showing why it was refused if it
   * was. True when it was refused for invalid fields.
   */
  async save(save: () => Promise<void>): Promise<boolean> {
    if (this.saving) return false;
    this.saving = true;
    this.check({});
    try {
      await save();
      return false;
    } catch (err) {
      return this.#show(err);
    } finally {
      this.saving = false;
    }
  }

  /**
   * A validation error under the fields it names (the others above the
   * form), any other error above the form. True for a validation error.
   */
  #show(err: unknown): boolean {
    const e = toApiError(err);
    if (e.code !== 'validation' || !e.fields?.length) {
      this.error = errorText(err);
      return false;
    }
    const byField: Record<string, string> = {};
    for (const f of e.fields as FieldError[]) byField[f.field] ??= fieldErrorText(f);
    const placed: Record<string, string> = {};
    const other: string[] = [];
    for (const [field, text] of Object.entries(byField)) {
      if (this.#placed.includes(field)) placed[field] = text;
      else other.push(text);
    }
    this.errors = placed;
    this.error = other.length > 0 ? other.join(' ') : null;
    return true;
  }
}

/** Puts the focus on the first field marked invalid, once the page shows it. */
export async function focusFirstInvalid(root: HTMLElement | undefined): Promise<void> {
  await tick();
  root?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
