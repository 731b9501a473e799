// Calls of the personal-data features: who is acting, consent history,
// one customer's data exported or erased, the audit log.
import { call } from '../../lib/transport';
import type {
  AuditList,
  AuditListArgs,
  ConsentEvent,
  CustomerData,
  CustomerExportFormat,
  Erased,
  ExportedFile,
  Lang,
  Session,
  SuggestedPath,
} from '../../lib/bindings';

export const privacyApi = {
  session: () => call<Session>('session_get'),
  /** A staff member's name, or null for the computer's user. */
  setActor: (name: string | null) => call<Session>('session_set_actor', { name }),
  consentHistory: (id: number) => call<ConsentEvent[]>('customer_consent_history', { id }),
  customerData: (id: number) => call<CustomerData>('customer_data', { id }),
  customerExport: (id: number, path: string, format: CustomerExportFormat, lang: Lang) =>
    call<ExportedFile>('customer_export', { id, path, format, lang }),
  erase: (id: number, confirmName: string) => call<Erased>('customer_erase', { id, confirmName }),
  auditList: (args: AuditListArgs) => call<AuditList>('audit_list', args),
  suggest: (format: string, customerId?: number) =>
    call<SuggestedPath>('export_suggest', customerId === undefined ? { format } : { format, customerId }),
};

/** How the server compares a typed name with the customer's: composed, spaces collapsed, any case. */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFC').trim().split(/\s+/).join(' ').toLowerCase();
  const x = norm(a);
  return x !== '' && x === norm(b);
}
