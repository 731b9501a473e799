// Short-lived messages at the bottom of the window (success, errors, Undo).
export type ToastKind = 'info' | 'success' | 'error';

export interface ToastAction {
  label: string;
  run: () => void | Promise<void>;
}

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
  action?: ToastAction;
  testid?: string;
}

let nextId = 1;
const timers = new Map<number, ReturnType<typeof setTimeout>>();

export const toasts = $state<Toast[]>([]);

export function dismissToast(id: number): void {
  const timer = timers.get(id);
  if (timer) clearTimeout(timer);
  timers.delete(id);
  const i = toasts.findIndex((x) => x.id === id);
  if (i >= 0) toasts.splice(i, 1);
}

export function showToast(
  kind: ToastKind,
  message: string,
  opts: { action?: ToastAction; timeoutMs?: number; testid?: string } = {},
): number {
  const id = nextId++;
  toasts.push({ id, kind, message, action: opts.action, testid: opts.testid });
  // Keep the pile short.
  while (toasts.length > 4) dismissToast(toasts[0]!.id);
  const timeout = opts.timeoutMs ?? (kind === 'error' ? 10000 : 5000);
  if (timeout > 0) timers.set(id, setTimeout(() => dismissToast(id), timeout));
  return id;
}
