import type { CaseEvent, CaseState } from '../domain';
import { rowsOf, type Queryable } from './queryable';

// The referrals projection (migration 1765500000003): written by the append from Referral* events,
// in their transaction; read by referring units in scope and by providers through a definer function.

const REFERRAL_EVENTS: readonly CaseEvent['type'][] = ['ReferralMade', 'ReferralAccepted', 'ReferralDeclined', 'ServiceDelivered'];

/** Upsert the referrals the batch touched, as they stand after it. */
export async function projectReferralsIn(tx: Queryable, caseId: string, events: readonly CaseEvent[], after: CaseState): Promise<void> {
  const touched = new Set(events.filter((e) => REFERRAL_EVENTS.includes(e.type)).map((e) => (e.data as { referralId: string }).referralId));
  for (const referralId of touched) {
    const r = after.referrals?.[referralId];
    if (!r) continue;
    await tx.query(
      `INSERT INTO referrals (referral_id, case_id, provider_id, service, status, made_at, respond_by, holder, origin, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (referral_id) DO UPDATE SET status = EXCLUDED.status, holder = EXCLUDED.holder, updated_at = EXCLUDED.updated_at`,
      [referralId, caseId, r.providerId, r.service, r.status, r.madeAt, r.respondBy, after.holder, after.origin, after.updatedAt],
    );
  }
}

export interface ProviderReferralRow {
  referralId: string;
  caseId: string;
  service: string;
  status: string;
  madeAt: string;
  respondBy: string;
  referredBy: string;
}

/** A provider's own referrals (or one of them): the minimum it needs, and the case id for the API alone. */
export async function referralsOfProvider(db: Queryable, providerId: string, referralId: string | null): Promise<ProviderReferralRow[]> {
  const rows = await rowsOf<{
    referral_id: string;
    case_id: string;
    service: string;
    status: string;
    made_at: Date;
    respond_by: Date;
    referred_by: string;
  }>(db, 'SELECT referral_id, case_id, service, status, made_at, respond_by, referred_by FROM casework_referrals_of_provider($1, $2)', [
    providerId,
    referralId,
  ]);
  return rows.map((r) => ({
    referralId: r.referral_id,
    caseId: r.case_id,
    service: r.service,
    status: r.status,
    madeAt: r.made_at.toISOString(),
    respondBy: r.respond_by.toISOString(),
    referredBy: r.referred_by,
  }));
}

export interface ReferralRow {
  referralId: string;
  caseId: string;
  providerId: string;
  service: string;
  status: string;
  madeAt: string;
  respondBy: string;
  holder: string;
}

/** Referrals of cases in scope (row-level security); `overdueAt`: only those still pending past it. */
export async function referralsInScope(db: Queryable, overdueAt: string | null, limit: number): Promise<ReferralRow[]> {
  const rows = await rowsOf<{
    referral_id: string;
    case_id: string;
    provider_id: string;
    service: string;
    status: string;
    made_at: Date;
    respond_by: Date;
    holder: string;
  }>(
    db,
    `SELECT referral_id, case_id, provider_id, service, status, made_at, respond_by, holder FROM referrals
      WHERE ($1::timestamptz IS NULL OR (status = 'pending' AND respond_by < $1::timestamptz))
      ORDER BY respond_by, referral_id LIMIT $2`,
    [overdueAt, limit],
  );
  return rows.map((r) => ({
    referralId: r.referral_id,
    caseId: r.case_id,
    providerId: r.provider_id,
    service: r.service,
    status: r.status,
    madeAt: r.made_at.toISOString(),
    respondBy: r.respond_by.toISOString(),
    holder: r.holder,
  }));
}
