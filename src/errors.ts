// Errors that reach the user. The message names the module and the input it failed on:
// `feeds: https://x/feed: 404 Not Found`: that is what logs and --verbose show. Front ends show
// people the sentence src/messages makes of it (readableError), without the module prefix.

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
  /** What it failed on (a URL, a path, an id), for a message that names it the way people write it. */
  readonly input: string | null;

  constructor(module: string, input: string | null, message: string, kind: ErrorKind = 'failed', options?: { cause?: unknown }) {
    super(input === null ? `${module}: ${message}` : `${module}: ${input}: ${message}`, options);
    this.name = 'TidingsError';
    this.kind = kind;
    this.module = module;
    this.input = input;
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
