import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DEFAULT_POLICY, provenanceOf, resolvePolicy, splitResolvedVersion, validatePolicy, type Policy, type Provenance } from '../domain';
import { knownDivisionCodes } from '../divisions/divisions.repository';
import { conflict, notFound, unprocessable } from '../http/problem';
import { unstorableTextPaths } from '../http/validation';
import { insertPolicyIfNew, latestPublishedPolicy, policyByVersion, storeBuiltInPolicy } from './policies.repository';

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
    const policy = await this.resolvedVersion(version);
    if (policy) this.pinnedCache.set(version, policy);
    return policy;
  }

  /** A published version, or one resolved for a jurisdiction (`2026.2@330000000000`), re-created from it. */
  private async resolvedVersion(version: string): Promise<Policy | null> {
    const { version: published, division } = splitResolvedVersion(version);
    const base = published === DEFAULT_POLICY.version ? DEFAULT_POLICY : await policyByVersion(this.db, published);
    if (!base || division === null) return base;
    const resolved = resolvePolicy(base, division);
    return resolved.version === version ? resolved : null;
  }

  /** The policy a case opened at `division` is pinned to: the current one, resolved for the division. */
  async resolvedFor(division: string): Promise<Policy> {
    return resolvePolicy(await this.current(), division);
  }

  /**
   * GET /v1/policies/current?division=: the resolved policy and where each value came from. An
   * unknown division answers 422 naming the field.
   */
  async currentFor(division: string): Promise<{ division: string; policy: Policy; provenance: Record<string, Provenance> }> {
    if (!(await knownDivisionCodes(this.db, [division])).has(division)) {
      throw unprocessable(
        [{ field: 'division', message: 'is not a known division code' }],
        'The request names a division that is not in the registry.',
      );
    }
    const current = await this.current();
    return { division, policy: resolvePolicy(current, division), provenance: provenanceOf(current, division) };
  }

  /** A version by its name (the built-in default included, stored or not); 404 if none is known. */
  async byVersion(version: string): Promise<Policy> {
    const policy = await this.pinned(version);
    if (!policy) throw notFound('policy version');
    return policy;
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
    const published = await latestPublishedPolicy(this.db);
    if (published) return published;
    await storeBuiltInPolicy(this.db, DEFAULT_POLICY);
    return DEFAULT_POLICY;
  }

  /** Validate and publish. A version is published once; it never changes afterwards. */
  async publish(document: unknown, publishedBy: string): Promise<Policy> {
    const unstorable = unstorableTextPaths(document);
    if (unstorable.length) {
      throw unprocessable(
        unstorable.map((field) => ({ field, message: 'contains a NUL character or an unpaired surrogate' })),
        'The policy document holds text that cannot be stored.',
      );
    }
    const result = validatePolicy(document);
    if (!result.ok) {
      throw unprocessable(
        result.errors.map((e) => ({ field: e.path, message: e.message })),
        'The policy document is not valid.',
      );
    }
    if (result.policy.version === DEFAULT_POLICY.version) throw conflict(`Version ${DEFAULT_POLICY.version} is the built-in default policy.`);
    if (!(await insertPolicyIfNew(this.db, result.policy, publishedBy)))
      throw conflict(`Policy version ${result.policy.version} is already published.`);
    return result.policy;
  }
}
