import type { BriefingsApi } from '../../shared/api';
import type { AppError, Result } from '../../shared/result';

/** The renderer's only door to the library. */
export const api = (): BriefingsApi => window.briefings;

/** Unwraps a Result for store code that reports errors through its own `error` field. */
export async function call<T>(p: Promise<Result<T>>): Promise<{ value: T } | { error: AppError }> {
  try {
    const r = await p;
    return r.ok ? { value: r.value } : { error: r.error };
  } catch (cause) {
    return { error: { code: 'INTERNAL', message: cause instanceof Error ? cause.message : String(cause) } };
  }
}
