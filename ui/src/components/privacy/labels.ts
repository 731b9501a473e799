// Labels for what the backend names by code: datasets, tables, audit
// actions, entities and fields, and values of changed fields.
import { hasKey, translate } from '../../lib/i18n';
import { locale } from '../../lib/locale.svelte';
import { formatDate, formatVnd } from '../../lib/format';

/** The translation of `key`, or `fallback` for codes added later. */
export function labelOr(key: string, fallback: string): string {
  return hasKey(key) ? translate(locale.lang, key) : fallback;
}

export const datasetLabel = (name: string) => labelOr(`dataset.${name}`, name);
export const tableLabel = (table: string) => labelOr(`table.${table}`, table);
export const actionLabel = (action: string) => labelOr(`audit.action.${action}`, action);
export const entityLabel = (entity: string) => labelOr(`audit.entity.${entity}`, entity);

const FIELDS: Record<string, string> = {
  name: 'field.name',
  phones: 'field.phones',
  email: 'field.email',
  birthday: 'field.birthday',
  gender: 'field.gender',
  address: 'field.address',
  kind: 'field.kind',
  source: 'field.source',
  tags: 'field.tags',
  notes: 'field.notes',
  consent: 'field.consent',
  consentDate: 'field.consentDate',
  preferredChannel: 'field.preferredChannel',
  loyaltyPoints: 'field.loyaltyPoints',
  reminder: 'reminder.title',
  tier: 'field.tier',
  date: 'purchase.date',
  amountVnd: 'purchase.amount',
  items: 'purchase.items',
  staff: 'purchase.staff',
  body: 'audit.field.body',
  role: 'staff.role',
  active: 'staff.active',
  format: 'export.format',
  path: 'export.path',
  shopName: 'demo.shopName',
  channel: 'request.channel',
  requestKind: 'request.kind',
  summary: 'request.summary',
  receivedAt: 'audit.field.receivedAt',
  firstResponseAt: 'audit.field.firstResponseAt',
  resolvedAt: 'audit.field.resolvedAt',
  waitMinutes: 'request.waitMinutes',
  handledBy: 'request.handledBy',
  transferredTo: 'request.transferredTo',
  requestStatus: 'request.status',
  firstContact: 'request.firstContact',
  taskKind: 'task.kind',
  title: 'task.title',
  dueDate: 'task.dueDate',
  dueTime: 'audit.field.dueTime',
  assignee: 'task.assignee',
  taskStatus: 'task.status',
  outcome: 'task.outcome',
  csat: 'feedback.csat',
  nps: 'feedback.nps',
  comment: 'feedback.comment',
  givenAt: 'audit.field.givenAt',
  added: 'audit.field.added',
  trigger: 'setup.trigger',
  steps: 'setup.steps',
  textVi: 'setup.textVi',
  textEn: 'setup.textEn',
  points: 'audit.field.points',
  reason: 'audit.field.reason',
  vndPerPoint: 'audit.field.vndPerPoint',
  tiers: 'audit.field.tiers',
  logo: 'audit.field.logo',
};

export function fieldLabel(field: string): string {
  const key = FIELDS[field];
  if (key) return labelOr(key, field);
  // Counts of an export or an erase are named by dataset or table.
  return labelOr(`dataset.${field}`, labelOr(`table.${field}`, field));
}

const ENUMS: Record<string, string> = {
  consent: 'consent',
  gender: 'gender',
  kind: 'kind',
  preferredChannel: 'channel',
  role: 'role',
  channel: 'channel',
  requestKind: 'request.kind',
  requestStatus: 'request.status',
  taskKind: 'task.kind',
  taskStatus: 'task.status',
};

/** A changed value as a person reads it: labels for codes, dd/mm/yyyy, đồng. */
export function valueText(field: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const prefix = ENUMS[field];
  if (prefix) return labelOr(`${prefix}.${value}`, value);
  if (field === 'amountVnd' && /^-?\d+$/.test(value)) return formatVnd(Number(value));
  if (field === 'active' || field === 'firstContact') return labelOr(value === 'true' ? 'audit.yes' : 'audit.no', value);
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  // Times of requests and feedback: `2026-11-23 08:15:00` → `23/11/2026 08:15`.
  const at = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})/.exec(value);
  if (at) return `${formatDate(at[1])} ${at[2]}`;
  if (field === 'birthday') return value.replace('(lunar)', `(${labelOr('calendar.lunarShort', 'lunar')})`);
  return value;
}
