// UI-only types (kept apart from the generated bindings).
import type { ErrorCode as BackendCode, FieldError } from './bindings';

/**
 * The backend's codes, `network` when the loopback server cannot be reached,
 * and `no_key` when it refused a call without its launch key.
 */
export type ErrorCode = BackendCode | 'network' | 'no_key';

export interface ApiError {
  code: ErrorCode | string;
  message: string;
  fields?: FieldError[];
}

export function isApiError(e: unknown): e is ApiError {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as ApiError).code === 'string' &&
    typeof (e as ApiError).message === 'string'
  );
}

/** Normalises anything thrown by a call into an ApiError. */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) return e;
  if (typeof e === 'string') {
    try {
      const parsed: unknown = JSON.parse(e);
      if (isApiError(parsed)) return parsed;
    } catch {
      /* not JSON */
    }
    return { code: 'internal', message: e };
  }
  if (e instanceof Error) return { code: 'internal', message: e.message };
  return { code: 'internal', message: String(e) };
}

export type View = 'active' | 'archived';
