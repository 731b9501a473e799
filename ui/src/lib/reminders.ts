// The daily care reminder, in the desktop window only. The book's scheduler
// decides when it is due (once a day from its time, a missed one caught up
// at start) and hands it to the shell; the shell says `reminder`, and this
// page takes it (`take_reminder`, also once at start in case it came before
// the page listened) and shows it as a system notification in the UI's
// language. A click on the notification makes the shell bring the window
// forward and say `open-today`. The browser mode shows no reminder.
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { isPermissionGranted, requestPermission, sendNotification } from '@tauri-apps/plugin-notification';
import type { Reminder } from './bindings';
import { translate, type Lang } from './i18n';
import { locale } from './locale.svelte';
import { inTauri } from './transport';
import { inKioskWindow } from '../kiosk/kiosk';
import { openSection, refreshCounts } from '../nav/sections.svelte';

/** Set once the system was asked for permission: a refusal is not asked again. */
const ASKED = 'carebook.notificationAsked';

/** The reminder's text: how many tasks are due today and overdue. */
export function reminderText(lang: Lang, r: Pick<Reminder, 'overdue' | 'dueToday'>): { title: string; body: string } {
  const params = { today: r.dueToday, overdue: r.overdue };
  const key = r.overdue > 0 && r.dueToday > 0 ? 'reminder.body' : r.overdue > 0 ? 'reminder.bodyOverdue' : 'reminder.bodyToday';
  return { title: translate(lang, 'reminder.title'), body: translate(lang, key, params) };
}

async function allowed(): Promise<boolean> {
  if (await isPermissionGranted()) return true;
  try {
    if (localStorage.getItem(ASKED)) return false;
    localStorage.setItem(ASKED, '1');
  } catch {
    /* storage unavailable: ask this time */
  }
  return (await requestPermission()) === 'granted';
}

async function take(): Promise<void> {
  const r = await invoke<Reminder | null>('take_reminder');
  if (!r) return;
  void refreshCounts().catch(() => {});
  // What the window was handed, for the desktop smoke test.
  document.documentElement.dataset.reminder = `${r.date} ${r.overdue} ${r.dueToday}`;
  // Nothing due and nothing overdue: nothing to say.
  if (r.overdue + r.dueToday === 0) return;
  if (!(await allowed())) return;
  sendNotification(reminderText(locale.lang, r));
}

/** Starts listening for reminders (the desktop's main window only). */
export async function startReminders(): Promise<void> {
  if (!inTauri() || inKioskWindow()) return;
  await listen('reminder', () => void take().catch(() => {}));
  await listen('open-today', () => openSection('today'));
  await take();
}
