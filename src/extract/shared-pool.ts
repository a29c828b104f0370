// The extraction pool every extractor without pool options borrows (see workers/lease.ts).

import { ExtractionPool } from './pool.js';

let shared: ExtractionPool | null = null;

export function sharedExtractionPool(): ExtractionPool {
  shared ??= new ExtractionPool();
  return shared;
}
