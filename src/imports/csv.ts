// CSV exports (Pocket, Instapaper, Raindrop) read with csv-parse, forgiving the way real files
// break: a row with an unclosed quote or the wrong number of fields is a problem naming its
// line, and the rows around it still parse. Columns are found by header name, case-insensitive,
// so a reordered or widened export still reads.

import { parse, type CsvError } from 'csv-parse/sync';
import type { ImportProblem } from '../api.js';

/** A field this long is not a title or a tag: refused so one row cannot hold the file hostage. */
export const MAX_FIELD_LENGTH = 1_000_000;
/** Unclosed quotes recovered from before giving up on the rest of the file. */
const MAX_RECOVERIES = 50;

export interface CsvRow {
  fields: string[];
  /** 1-based line where the row starts. */
  line: number;
}

export interface CsvTable {
  /** The header's names, trimmed and lower-cased. */
  header: string[];
  rows: CsvRow[];
  problems: ImportProblem[];
}

interface Chunk {
  records: CsvRow[];
  problems: ImportProblem[];
  /** Line where a quote opened and never closed (the rest was swallowed), or null. */
  unclosedAt: number | null;
}

/** The table in `text`; an empty text has an empty header. */
export function readCsv(text: string): CsvTable {
  // One line ending, so that lines can be counted from the fields: csv-parse's own count goes
  // wrong on CRLF inside quoted fields, and asking it for positions (`info`) doubles its time.
  const bytes = Buffer.from(text.replace(/\r\n?/g, '\n'));
  const problems: ImportProblem[] = [];
  const rows: CsvRow[] = [];
  let offset = 0;
  let line = 1;
  for (let recoveries = 0; ; recoveries++) {
    const chunk = parseChunk(bytes.subarray(offset), line);
    for (const record of chunk.records) rows.push(record);
    for (const problem of chunk.problems) problems.push(problem);
    if (chunk.unclosedAt === null) break;
    problems.push({ line: chunk.unclosedAt, item: null, reason: 'a quote opened here is never closed' });
    // Read on from the line after the one that opened the quote: later rows are usually fine.
    const next = offsetOfLine(bytes, offset, chunk.unclosedAt - line + 2);
    if (recoveries >= MAX_RECOVERIES || next === null) break;
    offset = next;
    line = chunk.unclosedAt + 1;
  }
  const headerRow = rows.shift();
  const header = headerRow ? headerRow.fields.map((name) => name.trim().toLowerCase()) : [];
  return { header, rows: checkedRows(rows, header.length, problems), problems };
}

/** Records of `bytes`, whose first line is line `first` of the file. */
function parseChunk(bytes: Buffer, first: number): Chunk {
  const problems: ImportProblem[] = [];
  let unclosed = false;
  // No `info` and no `on_record`: either makes csv-parse build a context object per record,
  // which doubled its time. Lines are counted from the records instead.
  const parsed = parse(bytes, {
    relax_column_count: true,
    // A quote inside an unquoted field (`Say "hi"`) is text, as spreadsheets write it.
    relax_quotes: true,
    // Blank lines come through as [''] so that every line is counted.
    skip_empty_lines: false,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined) => {
      if (!error) return;
      if (error.code === 'CSV_QUOTE_NOT_CLOSED') unclosed = true;
      // With relaxed quotes and column counts csv-parse has little else to refuse; its own line
      // count (right with LF only, which the text now has) places it.
      else problems.push({ line: typeof error.lines === 'number' ? first - 1 + error.lines : null, item: null, reason: readableError(error) });
    },
  }) as string[][];
  const records: CsvRow[] = [];
  let line = first;
  for (const fields of parsed) {
    if (!isBlank(fields)) records.push({ fields, line });
    line += 1 + newlinesIn(fields);
  }
  return { records, problems, unclosedAt: unclosed ? line : null };
}

function isBlank(fields: string[]): boolean {
  return fields.length === 1 && fields[0]!.trim() === '';
}

function newlinesIn(fields: string[]): number {
  let count = 0;
  for (const field of fields) {
    for (let at = field.indexOf('\n'); at !== -1; at = field.indexOf('\n', at + 1)) count++;
  }
  return count;
}

/** Offset in `bytes` where line `line` (1-based, counted from `from`) starts, or null past the end. */
function offsetOfLine(bytes: Buffer, from: number, line: number): number | null {
  let at = from;
  for (let current = 1; current < line; current++) {
    const newline = bytes.indexOf(0x0a, at);
    if (newline === -1) return null;
    at = newline + 1;
  }
  return at < bytes.length ? at : null;
}

function readableError(error: CsvError): string {
  return error.message.replace(/ at line \d+.*$/, '');
}

/** Rows with as many fields as the header and none huge; the others become problems. */
function checkedRows(rows: CsvRow[], width: number, problems: ImportProblem[]): CsvRow[] {
  const kept: CsvRow[] = [];
  for (const row of rows) {
    if (row.fields.some((field) => field.length > MAX_FIELD_LENGTH)) {
      problems.push({ line: row.line, item: null, reason: 'a field longer than 1 MB' });
    } else if (row.fields.length !== width) {
      problems.push({ line: row.line, item: null, reason: `${row.fields.length} fields where the header has ${width}` });
    } else {
      kept.push(row);
    }
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return kept;
}

/** Reads a row's fields by header name. */
export function columnReader(header: string[]): (row: CsvRow, name: string) => string | null {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    if (!index.has(name)) index.set(name, i);
  });
  return (row, name) => {
    const i = index.get(name);
    return i === undefined ? null : (row.fields[i] ?? null);
  };
}
