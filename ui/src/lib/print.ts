// Printing a document that may take a while (a thousand cards): the command
// runs while its progress is polled; `cancelPrint` stops it and nothing is
// written.
import type { Command } from './bindings';
import { call, type ArgsOf, type ResultOf } from './api';

export type PrintCommand = 'report_cards' | 'report_call_list' | 'report_monthly';

export interface PrintProgressView {
  done: number;
  total: number;
}

export async function runPrint<K extends PrintCommand & Command>(
  cmd: K,
  args: ArgsOf<K>,
  onProgress: (p: PrintProgressView) => void,
): Promise<ResultOf<K>> {
  let stopped = false;
  const poll = async () => {
    while (!stopped) {
      await new Promise((r) => setTimeout(r, 200));
      if (stopped) break;
      try {
        const p = await call('report_progress');
        if (p.running && !stopped) onProgress({ done: p.done, total: p.total });
      } catch {
        // The print itself reports what went wrong.
      }
    }
  };
  void poll();
  try {
    return await (call as (c: K, a: ArgsOf<K>) => Promise<ResultOf<K>>)(cmd, args);
  } finally {
    stopped = true;
  }
}

export async function cancelPrint(): Promise<void> {
  await call('report_cancel');
}
