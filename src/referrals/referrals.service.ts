import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { rejectionProblem } from '../cases/rejection-problem';
import { notFound } from '../http/problem';
import { ScopedDb } from '../persistence/scoped-db.repository';
import { referralsInScope, referralsOfProvider, type ProviderReferralRow } from '../persistence/referrals.repository';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client';
import { caseWorkflowId, commandUpdate, rejectionFrom, type PeopleCommand } from '../../workflows/case.messages';
import type { ProviderReferralView, ReferralView } from './referrals.dto';

// Referrals as providers and referring units see them. A provider reaches a case only through a
// referral naming it: its answers go to the case's workflow like every command (the core checks
// again that the referral is the provider's), and it is shown the referral's minimum fields only.

type ProviderCommand = Extract<PeopleCommand, { type: 'acceptReferral' | 'declineReferral' | 'recordServiceDelivered' }>;

@Injectable()
export class ReferralsService {
  constructor(
    private readonly db: DataSource,
    private readonly scoped: ScopedDb,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  async providerQueue(principal: Principal, overdueOnly: boolean, now = new Date().toISOString()): Promise<ProviderReferralView[]> {
    const rows = await referralsOfProvider(this.db, principal.id, null);
    return rows.map((r) => providerView(r, now)).filter((r) => !overdueOnly || r.overdue);
  }

  async unitQueue(principal: Principal, overdueOnly: boolean, limit: number, now = new Date().toISOString()): Promise<ReferralView[]> {
    const rows = await this.scoped.read(principal, (db) => referralsInScope(db, overdueOnly ? now : null, limit));
    return rows.map((r) => ({ ...r, overdue: r.status === 'pending' && r.respondBy < now }));
  }

  async respond(principal: Principal, command: ProviderCommand): Promise<ProviderReferralView> {
    const [referral] = await referralsOfProvider(this.db, principal.id, command.referralId);
    if (!referral) throw notFound('referral');
    try {
      await this.temporal.workflow.getHandle(caseWorkflowId(referral.caseId)).executeUpdate(commandUpdate, {
        args: [
          {
            command,
            actor: { id: principal.id, roles: principal.roles, division: principal.division },
            expectedVersion: null,
            key: null,
            caseId: referral.caseId,
          },
        ],
      });
    } catch (e) {
      const rejection = e instanceof WorkflowUpdateFailedError ? rejectionFrom(e.cause) : null;
      if (rejection) throw rejectionProblem(rejection);
      throw e;
    }
    const [after] = await referralsOfProvider(this.db, principal.id, command.referralId);
    return providerView(after ?? referral, new Date().toISOString());
  }
}

function providerView(r: ProviderReferralRow, now: string): ProviderReferralView {
  return {
    referralId: r.referralId,
    service: r.service,
    status: r.status,
    madeAt: r.madeAt,
    respondBy: r.respondBy,
    overdue: r.status === 'pending' && r.respondBy < now,
    referredBy: r.referredBy,
  };
}
