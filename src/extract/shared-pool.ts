// One pool of cleaning workers per process, lent to every extractor that asks for the default
// one. Loading jsdom, Readability and DOMPurify into a worker costs one to three seconds of a
// core; an archive opened again in the same process (the library switched, browser mode,
// a test file) should not pay it again. The pool is never closed: its workers retire on their
// own after their idle time, and idle loaded workers do not keep the process alive.
// An extractor that closes stops waiting for its own jobs at once (they fail as before); what
// the workers were doing for it finishes and is dropped.

import { TidingsError } from '../errors.js';
import { ExtractionPool } from './pool.js';

let shared: ExtractionPool | null = null;

export function sharedExtractionPool(): ExtractionPool {
  shared ??= new ExtractionPool();
  return shared;
}

/** The jobs one borrower of a pool is waiting for, so closing it can give up on them at once. */
export class PoolLease {
  private readonly waiting = new Set<(error: Error) => void>();
  private closed = false;

  track<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(closedError());
    return new Promise<T>((resolve, reject) => {
      this.waiting.add(reject);
      work()
        .then(resolve, reject)
        .finally(() => this.waiting.delete(reject));
    });
  }

  close(): void {
    this.closed = true;
    const error = closedError();
    for (const reject of this.waiting) reject(error);
    this.waiting.clear();
  }
}

function closedError(): TidingsError {
  return new TidingsError('extract', null, 'the extraction pool was closed');
}
