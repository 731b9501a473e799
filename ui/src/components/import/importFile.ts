// The import window's file: reading it, the choices sent with it, and the lists its selects show.
import type { ImportField, TextEncoding } from '../../lib/bindings';

import { invoke } from '@tauri-apps/api/core';
import { toApiError, type ApiError } from '../../lib/types';
import { keyHeaders } from '../../lib/transport';

/** Every field a column can be imported as, in the order the select lists them. */
export const IMPORT_FIELDS: ImportField[] = [
  'ignore',
  'name',
  'family_name',
  'middle_name',
  'given_name',
  'phone',
  'email',
  'birthday',
  'gender',
  'address',
  'notes',
  'tags',
  'source',
  'purchase_date',
  'purchase_amount',
  'purchase_items',
  'customer_code',
  'birthday_calendar',
  'kind',
  'consent',
  'consent_date',
  'preferred_channel',
  'loyalty_points',
  'tier',
];

export const ENCODINGS: TextEncoding[] = ['utf8', 'utf16le', 'utf16be', 'windows1258', 'windows1252'];

export const ENCODING_LABELS: Record<TextEncoding, string> = {
  utf8: 'UTF-8',
  utf16le: 'UTF-16 LE',
  utf16be: 'UTF-16 BE',
  windows1258: 'Windows-1258',
  windows1252: 'Windows-1252',
};

/**
 * A file chosen for import, named (never carried) to the backend: the
 * desktop window sends the path its file dialog chose, the browser first
 * uploads the file to `carebook serve` (a raw body streamed to disk) and
 * sends the token it got back.
 */
export interface ChosenFile {
  fileName: string;
  path?: string;
  upload?: string;
}

/** The extensions the file dialog and the file input offer. */
export const IMPORT_EXTENSIONS = ['csv', 'txt', 'tsv', 'xlsx', 'xls', 'vcf', 'vcard'];

export function inDesktop(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

/** The desktop's file dialog (Tauri's dialog plugin): the path chosen, or null. */
export async function pickDesktopFile(
  title: string,
  filterName: string,
  extensions: string[] = IMPORT_EXTENSIONS,
): Promise<ChosenFile | null> {
  let picked: unknown;
  try {
    picked = await invoke('plugin:dialog|open', {
      options: { title, multiple: false, directory: false, filters: [{ name: filterName, extensions }] },
    });
  } catch (e) {
    throw toApiError(e);
  }
  const path = typeof picked === 'string' ? picked : null;
  if (!path) return null;
  const fileName = path.split(/[\\/]/).pop() || path;
  return { fileName, path };
}

/**
 * The file picked in a file input's change event, the input cleared so that
 * picking the same file again fires another change.
 */
export function takePicked(e: Event): File | null {
  const input = e.currentTarget as HTMLInputElement;
  const picked = input.files?.[0] ?? null;
  input.value = '';
  return picked;
}

/** Uploads a picked file to `carebook serve` as a raw body; the browser streams it from disk. */
export async function uploadFile(file: File): Promise<ChosenFile> {
  let res: Response;
  try {
    res = await fetch('/upload', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', ...keyHeaders() },
      body: file,
    });
  } catch (e) {
    const err: ApiError = { code: 'network', message: e instanceof Error ? e.message : String(e) };
    throw err;
  }
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON: the text is the message */
  }
  if (!res.ok) throw toApiError(body ?? `HTTP ${res.status}`);
  const upload = (body as { upload?: unknown }).upload;
  if (typeof upload !== 'string') throw toApiError('the upload got no token');
  return { fileName: file.name, upload };
}

export interface ImportChoices {
  encoding?: TextEncoding | null;
  mapping?: ImportField[] | null;
  sheet?: string | null;
}

export function fileArgs(file: ChosenFile, choices: ImportChoices) {
  return {
    fileName: file.fileName,
    path: file.path ?? null,
    upload: file.upload ?? null,
    encoding: choices.encoding ?? null,
    mapping: choices.mapping ?? null,
    sheet: choices.sheet ?? null,
  };
}

