/**
 * Errors cross every boundary (IPC, CLI, services) as data with a code. Components switch on the
 * code, never on the message, so messages can be reworded freely for humans.
 */
export type ErrorCode =
  'VALIDATION' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'IMPORT_FAILED' | 'UNSUPPORTED' | 'CANCELLED' | 'INTERNAL';

export type AppError = { code: ErrorCode; message: string };

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = (code: ErrorCode, message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});

/** Thrown inside the core; converted to a Result at the boundary (ipc dispatcher, CLI). */
export class AppFailure extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'AppFailure';
    this.code = code;
  }
}
