// Calls of the import window, and reading the chosen file.
import { call } from '../../lib/transport';
import type {
  Empty,
  ImportBatchList,
  ImportField,
  ImportPreview,
  ImportProgress,
  ImportResult,
  ImportUndoResult,
  TextEncoding,
} from '../../lib/bindings';

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

function fileArgs(file: ChosenFile, choices: ImportChoices) {
  return {
    fileName: file.fileName,
    dataBase64: file.dataBase64,
    encoding: choices.encoding ?? null,
    mapping: choices.mapping ?? null,
    sheet: choices.sheet ?? null,
  };
}

export const importApi = {
  preview: (file: ChosenFile, choices: ImportChoices) => call<ImportPreview>('import_preview', fileArgs(file, choices)),
  commit: (file: ChosenFile, choices: ImportChoices, skipProblemRows: boolean) =>
    call<ImportResult>('import_commit', { ...fileArgs(file, choices), skipProblemRows }),
  progress: () => call<ImportProgress>('import_progress'),
  cancel: () => call<Empty>('import_cancel'),
  undoLast: (force = false) => call<ImportUndoResult>('import_undo_last', { force }),
  batches: () => call<ImportBatchList>('import_batches'),
};
