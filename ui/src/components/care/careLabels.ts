// Shared pieces of the care section: labels of requests and tasks and the
// local "now" for forms.
import type { CareTask, ServiceRequest } from '../../lib/bindings';
import { formatDate } from '../../lib/format';
import { t } from '../../lib/locale.svelte';

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
