import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DEFAULT_POLICY } from '../domain/default-policy';
import type { Policy } from '../domain';

/** Published policy versions; the default policy applies until an admin publishes one. */
@Injectable()
export class PoliciesService {
  constructor(private readonly db: DataSource) {}

  async current(): Promise<Policy> {
    const rows: { document: Policy }[] = await this.db.query('SELECT document FROM policies ORDER BY published_at DESC LIMIT 1');
    return rows[0]?.document ?? DEFAULT_POLICY;
  }
}
