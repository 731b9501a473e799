import { app } from '../lib/app.svelte';

const pad = (n: number) => String(n).padStart(2, '0');

/** The shop's today (the backend's day), or this computer's before it is known, as `YYYY-MM-DD`. */
export function todayIso(): string {
  if (app.info?.today) return app.info.today;
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
