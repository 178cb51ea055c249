import type { Policy } from '../domain';
import { rowsOf, type Queryable } from '../persistence/queryable';

// Published policy versions (table `policies`); a version, once stored, never changes.

const BUILT_IN = 'built-in default';

export async function policyByVersion(db: Queryable, version: string): Promise<Policy | null> {
  const rows = await rowsOf<{ document: Policy }>(db, 'SELECT document FROM policies WHERE version = $1', [version]);
  return rows[0]?.document ?? null;
}

/** The newest policy an admin published, or null while only the built-in default applies. */
export async function latestPublishedPolicy(db: Queryable): Promise<Policy | null> {
  const rows = await rowsOf<{ document: Policy }>(
    db,
    `SELECT document FROM policies WHERE published_by <> $1 ORDER BY published_at DESC, version DESC LIMIT 1`,
    [BUILT_IN],
  );
  return rows[0]?.document ?? null;
}

/** Keep the built-in default on record (once), so the rules a case pinned stay readable. */
export async function storeBuiltInPolicy(db: Queryable, policy: Policy): Promise<void> {
  await db.query(`INSERT INTO policies (version, document, published_by) VALUES ($1, $2, $3) ON CONFLICT (version) DO NOTHING`, [
    policy.version,
    JSON.stringify(policy),
    BUILT_IN,
  ]);
}

/** Store a new version; false when that version is already published. */
export async function insertPolicyIfNew(db: Queryable, policy: Policy, publishedBy: string): Promise<boolean> {
  const inserted = await rowsOf<{ version: string }>(
    db,
    `INSERT INTO policies (version, document, published_by) VALUES ($1, $2, $3) ON CONFLICT (version) DO NOTHING RETURNING version`,
    [policy.version, JSON.stringify(policy), publishedBy],
  );
  return inserted.length > 0;
}
