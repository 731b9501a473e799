// Calls of the Backups dialog and the storage-location banner.
import { call } from '../../lib/transport';
import type {
  BackupInfo,
  BackupList,
  BackupSettings,
  RestoreResult,
  StorageCheck,
  StorageMoved,
} from '../../lib/bindings';
import type { Lang } from '../../lib/i18n';

export const backupApi = {
  settings: () => call<BackupSettings>('backup_settings_get'),
  saveSettings: (dir: string, keep: number) => call<BackupSettings>('backup_settings_set', { dir, keep }),
  /** Into the backup folder, or to a typed file or folder. */
  backupNow: (path?: string) => call<BackupInfo>('backup_now', path ? { path } : {}),
  list: () => call<BackupList>('backup_list'),
  verify: (path: string) => call<BackupInfo>('backup_verify', { path }),
  restore: (path: string) => call<RestoreResult>('backup_restore', { path }),
  storageCheck: () => call<StorageCheck>('storage_location_check'),
  storageMove: (to: string) => call<StorageMoved>('storage_move', { to }),
};

/** 12345678 → "12,3 MB" (vi) / "12.3 MB" (en). */
export function formatSize(bytes: number, lang: Lang): string {
  const fmt = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: 1 });
  if (bytes < 1_000_000) return `${fmt.format(Math.max(1, Math.round(bytes / 1000)))} KB`;
  return `${fmt.format(bytes / 1_000_000)} MB`;
}
