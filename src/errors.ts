// Errors that reach the user. The message names the module and the input it failed on:
// `feeds: https://x/feed: 404 Not Found`. Front ends show `message` as it is.

export type ErrorKind =
  /** The caller asked for something malformed (bad URL, unknown tag syntax). CLI exit 2. */
  | 'invalid'
  /** The thing asked for does not exist. */
  | 'not-found'
  /** The outside world failed (network, disk, a broken file). */
  | 'failed';

export class TidingsError extends Error {
  readonly kind: ErrorKind;
  readonly module: string;

  constructor(module: string, input: string | null, message: string, kind: ErrorKind = 'failed', options?: { cause?: unknown }) {
    super(input === null ? `${module}: ${message}` : `${module}: ${input}: ${message}`, options);
    this.name = 'TidingsError';
    this.kind = kind;
    this.module = module;
  }
}

/** One readable line for any thrown value. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** A TidingsError that crossed a thread boundary: its message is already whole (module and input in it). */
export function restoreError(module: string, kind: ErrorKind | undefined, message: string): TidingsError {
  const error = new TidingsError(module, null, '', kind ?? 'failed');
  error.message = message;
  return error;
}
