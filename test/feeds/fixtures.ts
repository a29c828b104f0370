// Reading the self-made feed fixtures of test/fixtures/feeds/.

import { readFileSync } from 'node:fs';
import path from 'node:path';

export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/feeds');

export function fixtureBytes(name: string): Buffer {
  return readFileSync(path.join(FIXTURES, name));
}

export function fixture(name: string): string {
  return fixtureBytes(name).toString('utf8');
}
