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

  /** The policy a case was opened under. */
  async pinned(version: string): Promise<Policy> {
    const cached = this.pinnedCache.get(version);
    if (cached) return cached;
    const rows: { document: Policy }[] = await this.db.query('SELECT document FROM policies WHERE version = $1', [version]);
    if (!rows[0]) throw new Error(`policy version ${version} is not published`);
    this.pinnedCache.set(version, rows[0].document);
    return rows[0].document;
  }

  async current(): Promise<Policy> {
    const rows: { document: Policy }[] = await this.db.query('SELECT document FROM policies ORDER BY published_at DESC, version DESC LIMIT 1');
    return rows[0]?.document ?? DEFAULT_POLICY;
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
