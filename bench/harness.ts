// What a benchmark scenario is and how its figures are reported. Each scenario measures our
// code and its baseline in the same run on the same input; the ratio is what counts.

export interface Metric {
  name: string;
  value: number;
  unit: string;
  /** The baseline's figure for the same thing, when there is one. */
  baseline?: number;
  /** A short statement of the goal, e.g. "< 5 ms" or ">= 4x baseline". */
  goal?: string;
  pass?: boolean;
}

export interface ScenarioResult {
  scenario: string;
  description: string;
  metrics: Metric[];
  notes?: string[];
}

export interface Scenario {
  name: string;
  description: string;
  run(workDir: string): Promise<ScenarioResult>;
}

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}
