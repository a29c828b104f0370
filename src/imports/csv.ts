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
  /** Byte offset where a quote opened and never closed (the rest was swallowed), or null. */
  unclosedAt: number | null;
}

/** The table in `text`; an empty text has an empty header. */
export function readCsv(text: string): CsvTable {
  // One line ending: csv-parse's line count goes wrong on CRLF inside quoted fields, and its
  // byte offsets (used for lines here) are what it sees.
  const bytes = Buffer.from(text.replace(/\r\n?/g, '\n'));
  const lines = new LineCounter(bytes);
  const problems: ImportProblem[] = [];
  const rows: CsvRow[] = [];
  let offset = 0;
  for (let recoveries = 0; ; recoveries++) {
    const chunk = parseChunk(bytes, offset, lines);
    for (const record of chunk.records) rows.push(record);
    for (const problem of chunk.problems) problems.push(problem);
    if (chunk.unclosedAt === null) break;
    const line = lines.lineAt(chunk.unclosedAt);
    problems.push({ line, item: null, reason: 'a quote opened here is never closed' });
    // Read on from the line after the one that opened the quote: later rows are usually fine.
    const next = bytes.indexOf(0x0a, chunk.unclosedAt);
    if (recoveries >= MAX_RECOVERIES || next === -1) break;
    offset = next + 1;
  }
  const headerRow = rows.shift();
  const header = headerRow ? headerRow.fields.map((name) => name.trim().toLowerCase()) : [];
  return { header, rows: checkedRows(rows, header.length, problems), problems };
}

function parseChunk(bytes: Buffer, offset: number, lines: LineCounter): Chunk {
  const problems: ImportProblem[] = [];
  let unclosed = false;
  const parsed = parse(bytes.subarray(offset), {
    relax_column_count: true,
    // A quote inside an unquoted field (`Say "hi"`) is text, as spreadsheets write it.
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
    on_skip: (error: CsvError | undefined) => {
      if (!error) return;
      if (error.code === 'CSV_QUOTE_NOT_CLOSED') unclosed = true;
      else problems.push({ line: lines.lineAt(offset + skipStart(error)), item: null, reason: readableError(error) });
    },
  }) as unknown as Array<{ record: string[]; info: { bytes: number } }>;
  let end = offset;
  const records = parsed.map(({ record, info }) => {
    const line = lines.lineAt(firstContent(bytes, end));
    end = offset + info.bytes;
    return { fields: record, line };
  });
  return { records, problems, unclosedAt: unclosed ? firstContent(bytes, end) : null };
}

function skipStart(error: CsvError): number {
  const bytes = (error as unknown as { bytes_records?: unknown }).bytes_records;
  return typeof bytes === 'number' ? bytes : 0;
}

/** The first offset from `at` that is not a line break (blank lines are skipped by the parser). */
function firstContent(bytes: Buffer, at: number): number {
  let i = at;
  while (i < bytes.length && bytes[i] === 0x0a) i++;
  return i;
}

/** 1-based line of a byte offset; offsets asked in increasing order cost one pass in all. */
class LineCounter {
  private at = 0;
  private line = 1;

  constructor(private readonly bytes: Buffer) {}

  lineAt(offset: number): number {
    if (offset < this.at) {
      this.at = 0;
      this.line = 1;
    }
    for (let next = this.bytes.indexOf(0x0a, this.at); next !== -1 && next < offset; next = this.bytes.indexOf(0x0a, next + 1)) {
      this.line++;
      this.at = next + 1;
    }
    return this.line;
  }
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
