// npm run bench [-- NAME...]: runs the scenarios in bench/scenarios/ (all, or those named) and
// writes bench/results.json and bench/RESULTS.md. Scenarios run one after another.

import { mkdirSync, readdirSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Scenario, ScenarioResult } from './harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);

const files = readdirSync(path.join(here, 'scenarios')).filter((f) => f.endsWith('.ts')).sort();
const resultsFile = path.join(here, 'results.json');
const previous: ScenarioResult[] = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as { results: ScenarioResult[] }).results : [];
const results = new Map(previous.map((r) => [r.scenario, r]));

for (const file of files) {
  const scenario = (await import(pathToFileURL(path.join(here, 'scenarios', file)).href)).default as Scenario;
  if (only.length && !only.includes(scenario.name)) continue;
  const workDir = path.join(here, '.work', scenario.name);
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  process.stdout.write(`bench: ${scenario.name}…\n`);
  const result = await scenario.run(workDir);
  results.set(scenario.name, result);
  for (const m of result.metrics) {
    const base = m.baseline === undefined ? '' : ` (baseline ${m.baseline} ${m.unit})`;
    const verdict = m.pass === undefined ? '' : m.pass ? '  ok' : '  MISSED';
    process.stdout.write(`  ${m.name}: ${m.value} ${m.unit}${base}${m.goal ? `  goal ${m.goal}` : ''}${verdict}\n`);
  }
  rmSync(workDir, { recursive: true, force: true });
}

const all = [...results.values()].sort((a, b) => a.scenario.localeCompare(b.scenario));
const machine = `${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
writeFileSync(resultsFile, `${JSON.stringify({ machine, date: new Date().toISOString(), results: all }, null, 2)}\n`);
writeFileSync(path.join(here, 'RESULTS.md'), renderMarkdown(all, machine));

function renderMarkdown(list: ScenarioResult[], machine: string): string {
  const lines = ['# Benchmark results', '', `Written by \`npm run bench\` on ${machine}. Ratios against a baseline measured in the same run are what count.`, ''];
  for (const r of list) {
    lines.push(`## ${r.scenario}`, '', r.description, '', '| metric | value | baseline | goal | met |', '|---|---|---|---|---|');
    for (const m of r.metrics) {
      lines.push(`| ${m.name} | ${m.value} ${m.unit} | ${m.baseline === undefined ? '' : `${m.baseline} ${m.unit}`} | ${m.goal ?? ''} | ${m.pass === undefined ? '' : m.pass ? 'yes' : '**no**'} |`);
    }
    if (r.notes?.length) lines.push('', ...r.notes.map((n) => `- ${n}`));
    lines.push('');
  }
  return lines.join('\n');
}
