// Opening a printed document: the desktop hands it to the system's PDF viewer
// (to look at and print) or saves a copy where its save dialog says; a
// browser opens it in a new tab from the loopback server or downloads it.
// The PDF never travels as JSON.
import { invoke } from '@tauri-apps/api/core';
import type { PdfFile } from './bindings';
import { call } from './api';
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

/** Desktop: asks where to save a copy (the system's save dialog) and saves it there; null when cancelled. */
export async function savePdfAs(file: PdfFile, title: string): Promise<PdfFile | null> {
  let picked: unknown;
  try {
    picked = await invoke('plugin:dialog|save', {
      options: { title, defaultPath: file.fileName, filters: [{ name: 'PDF', extensions: ['pdf'] }] },
    });
  } catch (e) {
    throw toApiError(e);
  }
  if (typeof picked !== 'string' || !picked) return null;
  const path = /\.pdf$/i.test(picked) ? picked : picked + '.pdf';
  return call('report_save_as', { fileName: file.fileName, path });
}
