// Shared pieces of the care section: labels of requests and tasks, the
// local "now" for forms, and field errors of a refused save.
import type { CareTask, FieldError, ServiceRequest } from '../../lib/bindings';
import { formatDate } from '../../lib/format';
import { fieldErrorText, t } from '../../lib/locale.svelte';
import { toApiError } from '../../lib/types';

/** What a task is called: its title for a custom task, else the kind. */
export function taskName(task: Pick<CareTask, 'kind' | 'title'>): string {
  return task.kind === 'custom' && task.title ? task.title : t(`task.kind.${task.kind}`);
}

function shorten(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** "Khiếu nại — Bánh bị móp (23/11/2026)": a request named in one line. */
export function requestName(r: ServiceRequest, max = 48): string {
  return `${t(`request.kind.${r.kind}`)} — ${shorten(r.summary, max)} (${formatDate(r.receivedAt)})`;
}

/** "Gọi điện hỏi thăm (25/11/2026)": a task named in one line. */
export function taskLine(task: Pick<CareTask, 'kind' | 'title' | 'dueDate'>, max = 48): string {
  return `${shorten(taskName(task), max)} (${formatDate(task.dueDate)})`;
}

export function shortText(text: string, max = 60): string {
  return shorten(text, max);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** This computer's date and time as the forms show them: dd/mm/yyyy and hh:mm. */
export function localNow(): { date: string; time: string } {
  const d = new Date();
  return {
    date: `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`,
    time: `${pad(d.getHours())}:${pad(d.getMinutes())}`,
  };
}

/**
 * The field errors of a refused save, translated and keyed by field, or null
 * when the error is not a validation error.
 */
export function fieldErrors(err: unknown): Record<string, string> | null {
  const e = toApiError(err);
  if (e.code !== 'validation' || !e.fields?.length) return null;
  const out: Record<string, string> = {};
  for (const f of e.fields as FieldError[]) out[f.field] ??= fieldErrorText(f);
  return out;
}
