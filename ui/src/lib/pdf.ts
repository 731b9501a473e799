// Opening a printed document: the desktop hands it to the system's PDF viewer
// (to look at and print); a browser opens it in a new tab from the loopback
// server, where it can be printed or downloaded. The PDF never travels as JSON.
import { invoke } from '@tauri-apps/api/core';
import type { PdfFile } from './bindings';
import { inTauri, keyQuery } from './transport';
import { toApiError } from './types';

/** The address the loopback server serves a report at (browser mode). */
export function reportUrl(file: PdfFile): string {
  return '/reports/' + encodeURIComponent(file.fileName) + keyQuery();
}

export async function openPdf(file: PdfFile): Promise<void> {
  if (inTauri()) {
    try {
      await invoke('open_report', { fileName: file.fileName });
    } catch (e) {
      throw toApiError(e);
    }
    return;
  }
  window.open(reportUrl(file), '_blank', 'noopener');
}
