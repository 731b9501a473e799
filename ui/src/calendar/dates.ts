// Plain date arithmetic on `YYYY-MM-DD` strings, in local calendar days (no time zones involved).

export function iso(y: number, m: number, d: number): string {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.toISOString().slice(0, 10);
}

export function parts(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y, m, d];
}

export function addDays(date: string, n: number): string {
  const [y, m, d] = parts(date);
  return iso(y, m, d + n);
}

/** 0 = Monday … 6 = Sunday. */
export function weekday(date: string): number {
  const [y, m, d] = parts(date);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

/** The Monday on or before `date`. */
export function monday(date: string): string {
  return addDays(date, -weekday(date));
}

/** The days a month view shows: whole weeks from the Monday before the 1st to the Sunday after the last. */
export function monthGrid(year: number, month: number): { from: string; to: string } {
  const first = iso(year, month, 1);
  const last = iso(year, month + 1, 0);
  return { from: monday(first), to: addDays(monday(last), 6) };
}
