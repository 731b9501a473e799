// The import window's file: reading it, the choices sent with it, and the lists its selects show.
import type { ImportField, TextEncoding } from '../../lib/bindings';

/** The largest file the backend accepts (20 MB). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

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

export interface ChosenFile {
  fileName: string;
  dataBase64: string;
  size: number;
}

/** Reads a picked file into base64, in chunks (large files would overflow the call stack). */
export async function readFile(file: File): Promise<ChosenFile> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return { fileName: file.name, dataBase64: btoa(binary), size: bytes.length };
}

export interface ImportChoices {
  encoding?: TextEncoding | null;
  mapping?: ImportField[] | null;
  sheet?: string | null;
}

export function fileArgs(file: ChosenFile, choices: ImportChoices) {
  return {
    fileName: file.fileName,
    dataBase64: file.dataBase64,
    encoding: choices.encoding ?? null,
    mapping: choices.mapping ?? null,
    sheet: choices.sheet ?? null,
  };
}

