// Typed wrappers around the backend commands.
import { call } from './transport';
import type {
  AppInfo,
  CareTaskInput,
  CareTaskView,
  Customer,
  CustomerCare,
  CustomerInput,
  CustomerRow,
  DuplicateWarning,
  Feedback,
  FeedbackInput,
  Note,
  NoteInput,
  Purchase,
  PurchaseInput,
  RequestInput,
  SearchHit,
  ServiceRequest,
  Staff,
  StaffInput,
  TimelineItem,
} from './bindings';

export type SaveResult = { customer: Customer; warnings: DuplicateWarning[] };

export const api = {
  appInfo: () => call<AppInfo>('app_info'),
  startOwnShop: (shopName: string) => call<AppInfo>('start_own_shop', { shopName }),

  customerList: (archived: boolean, offset: number, limit: number) =>
    call<{ total: number; rows: CustomerRow[] }>('customer_list', { archived, offset, limit }),
  customerSearch: (query: string, limit = 50) =>
    call<{ hits: SearchHit[] }>('customer_search', { query, limit }),
  customerGet: (id: number) => call<Customer>('customer_get', { id }),
  customerCreate: (input: CustomerInput) => call<SaveResult>('customer_create', { input }),
  customerUpdate: (id: number, input: CustomerInput) => call<SaveResult>('customer_update', { id, input }),
  checkDuplicates: (input: CustomerInput, excludeId?: number) =>
    call<{ warnings: DuplicateWarning[] }>(
      'customer_check_duplicates',
      excludeId === undefined ? { input } : { input, excludeId },
    ),
  archive: (id: number) => call<Customer>('customer_archive', { id }),
  unarchive: (id: number) => call<Customer>('customer_unarchive', { id }),
  footprint: (id: number) => call<{ purchases: number; notes: number }>('customer_footprint', { id }),
  remove: (id: number) => call<Record<string, never>>('customer_delete', { id }),
  timeline: (id: number, limit?: number) =>
    call<TimelineItem[]>('customer_timeline', limit === undefined ? { id } : { id, limit }),

  purchaseAdd: (input: PurchaseInput) => call<Purchase>('purchase_add', { input }),
  noteAdd: (input: NoteInput) => call<Note>('note_add', { input }),

  customerCare: (id: number) => call<CustomerCare>('customer_care', { id }),
  /** Records a new request (`id` null) or edits one. */
  requestSave: (id: number | null, input: RequestInput) => call<ServiceRequest>('request_save', { id, input }),
  requestDelete: (id: number) => call<Record<string, never>>('request_delete', { id }),
  /** Plans a new care task (`id` null) or edits one. */
  careTaskSave: (id: number | null, input: CareTaskInput) => call<CareTaskView>('care_task_save', { id, input }),
  careTaskDelete: (id: number) => call<Record<string, never>>('care_task_delete', { id }),
  feedbackAdd: (input: FeedbackInput) => call<Feedback>('feedback_add', { input }),
  feedbackDelete: (id: number) => call<Record<string, never>>('feedback_delete', { id }),

  staffList: () => call<Staff[]>('staff_list'),
  staffCreate: (input: StaffInput) => call<Staff>('staff_create', { input }),
  staffUpdate: (id: number, input: StaffInput) => call<Staff>('staff_update', { id, input }),
};
