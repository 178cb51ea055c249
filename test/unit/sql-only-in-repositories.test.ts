import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// Layering (README "How the parts fit"): SQL lives only in `*.repository.ts` files (and migrations/),
// so a reader finds every query of a table in one place and services hold none.

const ROOT = join(__dirname, '..', '..');
const SQL =
  /\b(SELECT\s+[\w*(]|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|TRUNCATE\s|CREATE\s+(TABLE|INDEX|POLICY|FUNCTION)|ALTER\s+TABLE|pg_advisory\w*|set_config\()/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Lines of a file that state SQL. */
export function sqlLines(source: string): string[] {
  return source.split('\n').filter((line) => SQL.test(line));
}

describe('SQL only in repositories', () => {
  it('recognises SQL when it sees it (the check can fail)', () => {
    expect(sqlLines("const rows = await db.query('SELECT state FROM cases WHERE case_id = $1', [id]);")).toHaveLength(1);
    expect(sqlLines('await tx.query(`INSERT INTO subjects (a) VALUES ($1)`, [a]);')).toHaveLength(1);
    expect(sqlLines("await tx.query('SELECT pg_advisory_xact_lock(1)');")).toHaveLength(1);
    expect(sqlLines('// select the newest case and update the view')).toHaveLength(0);
  });

  it('finds no SQL in src/ outside *.repository.ts files', () => {
    const offenders = filesUnder(join(ROOT, 'src'))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.repository.ts'))
      .flatMap((f) => sqlLines(readFileSync(f, 'utf8')).map((line) => `${relative(ROOT, f)}: ${line.trim()}`));
    expect(offenders).toEqual([]);
  });
});
