import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DEFAULT_POLICY, validatePolicy, type Policy } from '../domain';
import { conflict, unprocessable } from '../http/problem';

/** Published policy versions; the default policy applies until an admin publishes one. */
@Injectable()
export class PoliciesService {
  constructor(private readonly db: DataSource) {}

  /** Published versions never change, so each is read once per process. */
  private readonly pinnedCache = new Map<string, Policy>([[DEFAULT_POLICY.version, DEFAULT_POLICY]]);

  /**
   * The policy a case was opened under, or null if this database does not know it (a case started
   * outside the API). The workflow carries its own copy; the API needs it only to present the case.
   */
  async pinned(version: string): Promise<Policy | null> {
    const cached = this.pinnedCache.get(version);
    if (cached) return cached;
    const rows: { document: Policy }[] = await this.db.query('SELECT document FROM policies WHERE version = $1', [version]);
    if (!rows[0]) return null;
    this.pinnedCache.set(version, rows[0].document);
    return rows[0].document;
  }

  /** Who sees full ID numbers on a case: per its pinned policy; nobody if that is unknown. */
  async disclosureOf(version: string): Promise<Pick<Policy, 'disclosure'>> {
    return (await this.pinned(version)) ?? { disclosure: { fullIdNumberTo: [] } };
  }

  /**
   * The policy new cases open under. The built-in default is stored the first time a case pins
   * it, so the rules a case was opened under stay on record when a release changes the default.
   */
  async current(): Promise<Policy> {
    const rows: { document: Policy }[] = await this.db.query(
      `SELECT document FROM policies WHERE published_by <> 'built-in default' ORDER BY published_at DESC, version DESC LIMIT 1`,
    );
    if (rows[0]) return rows[0].document;
    await this.db.query(
      `INSERT INTO policies (version, document, published_by) VALUES ($1, $2, 'built-in default') ON CONFLICT (version) DO NOTHING`,
      [DEFAULT_POLICY.version, JSON.stringify(DEFAULT_POLICY)],
    );
    return DEFAULT_POLICY;
  }

  /** Validate and publish. A version is published once; it never changes afterwards. */
  async publish(document: unknown, publishedBy: string): Promise<Policy> {
    const result = validatePolicy(document);
    if (!result.ok) {
      throw unprocessable(
        result.errors.map((e) => ({ field: e.path, message: e.message })),
        'The policy document is not valid.',
      );
    }
    if (result.policy.version === DEFAULT_POLICY.version) throw conflict(`Version ${DEFAULT_POLICY.version} is the built-in default policy.`);
    const inserted: unknown[] = await this.db.query(
      `INSERT INTO policies (version, document, published_by) VALUES ($1, $2, $3) ON CONFLICT (version) DO NOTHING RETURNING version`,
      [result.policy.version, JSON.stringify(result.policy), publishedBy],
    );
    if (inserted.length === 0) throw conflict(`Policy version ${result.policy.version} is already published.`);
    return result.policy;
  }
}
