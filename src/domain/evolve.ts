import type { CaseEvent, PublicNoticeEnded, PublicNoticeObjected, PublicNoticeStarted } from './events';
import type { CaseState, CaseStep, Referral } from './state';
import { levelOf } from './divisions';

// evolve copies what happened into the state; it computes nothing that needs the policy or a
// clock (deadlines arrive in the event data), so the workflow, the API and an auditor's replay
// fold the same events to the same state.

/** Events that name a new step set it (and clear the overdue flag); absent leaves it unchanged. */
function withStep(state: CaseState, step: CaseStep | null | undefined): CaseState {
  return step === undefined ? state : { ...state, step, overdue: false };
}

function withReferralStatus(s: CaseState, referralId: string, status: Referral['status']): CaseState {
  const referral = s.referrals?.[referralId];
  return referral ? { ...s, referrals: { ...s.referrals, [referralId]: { ...referral, status } } } : s;
}

/** Apply one event. Total: the same events always fold to the same state, anywhere. */
export function evolve(state: CaseState | null, event: CaseEvent): CaseState {
  if (event.type === 'CaseOpened') {
    const d = event.data;
    return {
      caseId: d.caseId,
      caseNumber: d.caseNumber,
      family: d.family,
      kind: d.kind,
      status: 'open',
      origin: d.origin,
      chainBase: d.origin,
      holder: d.origin,
      level: levelOf(d.origin),
      risk: d.risk,
      subjectRef: d.subjectRef,
      subjectMinorUnder14: d.subjectMinorUnder14,
      summary: d.summary,
      policyVersion: d.policyVersion,
      openedAt: event.at,
      openedBy: event.actor,
      updatedAt: event.at,
      version: 1,
      step: d.step ?? null,
      overdue: false,
      pendingEscalation: null,
      pendingClosure: null,
      pendingTransfer: null,
      decision: null,
      procedureDueAt: d.procedureDueAt ?? null,
      reviewDueAt: null,
      incomeVolatile: false,
      householdSize: null,
      monthlyAmount: null,
    };
  }
  if (state === null) throw new Error(`event ${event.type} before CaseOpened`);
  const s: CaseState = { ...state, version: state.version + 1, updatedAt: event.at };

  switch (event.type) {
    case 'AssessmentRecorded': {
      const d = event.data;
      const next: CaseState = {
        ...s,
        risk: d.risk ?? s.risk,
        householdSize: d.householdSize ?? s.householdSize,
        monthlyAmount: d.monthlyAmount ?? s.monthlyAmount,
        incomeVolatile: d.incomeVolatile ?? s.incomeVolatile,
        ...(d.memberAbleToWork === undefined ? {} : { memberAbleToWork: d.memberAbleToWork }),
        reviewDueAt: d.reviewDueAt === undefined ? s.reviewDueAt : d.reviewDueAt,
      };
      return withStep(next, d.step);
    }
    case 'NoteAdded':
      return s;
    case 'EscalationRequested': {
      const d = event.data;
      return {
        ...s,
        status: 'awaiting_approval',
        pendingEscalation: {
          requestId: d.requestId,
          requestedBy: event.actor,
          requestedAt: event.at,
          from: d.from,
          to: d.to,
          reason: d.reason,
          dueAt: d.dueAt ?? null,
        },
      };
    }
    case 'EscalationApproved':
      // The move itself is the CaseEscalated that follows.
      return s;
    case 'EscalationRejected':
      return { ...s, status: 'open', pendingEscalation: null };
    case 'CaseEscalated': {
      const d = event.data;
      const moved =
        d.pendingEscalation && s.pendingEscalation
          ? { ...s.pendingEscalation, from: d.to, to: d.pendingEscalation.to, dueAt: d.pendingEscalation.dueAt }
          : null;
      const status = moved ? 'awaiting_approval' : s.status === 'awaiting_approval' ? 'open' : s.status;
      // A same-level transfer waiting on the old holder's level makes no sense once the case moved up.
      return withStep({ ...s, holder: d.to, level: d.toLevel, status, pendingEscalation: moved, pendingTransfer: null, overdue: false }, d.step);
    }
    case 'CaseReturned':
      return withStep({ ...s, holder: event.data.to, level: levelOf(event.data.to), overdue: false }, event.data.step);
    case 'DecisionRecorded': {
      const d = event.data;
      const ongoing = d.supportOngoing ?? false;
      return withStep(
        {
          ...s,
          status: ongoing ? 'monitoring' : 'decided',
          decision: {
            outcome: d.outcome,
            benefit: d.benefit,
            monthlyAmount: d.monthlyAmount,
            level: d.level,
            decidedBy: event.actor,
            decidedAt: event.at,
          },
          monthlyAmount: d.monthlyAmount ?? s.monthlyAmount,
          reviewDueAt: d.reviewDueAt ?? null,
        },
        d.step,
      );
    }
    case 'FollowUpRecorded': {
      const d = event.data;
      return withStep({ ...s, reviewDueAt: d.reviewDueAt === undefined ? s.reviewDueAt : d.reviewDueAt }, d.step);
    }
    case 'ReviewDue': {
      const d = event.data;
      if (d.keepStep) return { ...s, reviewDueAt: null };
      const step: CaseStep = d.step ?? { name: 'review', startedAt: event.at, dueAt: d.dueAt };
      return withStep({ ...s, reviewDueAt: null }, step);
    }
    case 'SlaBreached':
      return event.data.overdue ? { ...s, overdue: true } : s;
    case 'CaseClosed':
      return {
        ...s,
        status: 'closed',
        step: null,
        overdue: false,
        pendingEscalation: null,
        pendingClosure: null,
        pendingTransfer: null,
        reviewDueAt: null,
        closedAt: event.at,
      };
    case 'CaseReopened':
      return withStep({ ...s, status: 'open', decision: null, reviewDueAt: null, closedAt: null }, event.data.step);
    case 'ClosureRequested':
      return withStep(
        {
          ...s,
          pendingClosure: {
            requestId: event.data.requestId,
            requestedBy: event.actor,
            requestedAt: event.at,
            reason: event.data.reason,
          },
        },
        event.data.step,
      );
    case 'TransferRequested': {
      const d = event.data;
      return { ...s, pendingTransfer: { transferId: d.transferId, requestedBy: event.actor, from: d.from, to: d.to, reason: d.reason } };
    }
    case 'TransferAccepted':
      // The receiving unit becomes the base of the case's chain (see CaseState.chainBase).
      return withStep(
        { ...s, holder: event.data.to, chainBase: event.data.to, level: levelOf(event.data.to), pendingTransfer: null },
        event.data.step,
      );
    case 'LegalHoldPlaced':
      return { ...s, legalHold: { placedBy: event.actor, placedAt: event.at, reason: event.data.reason } };
    case 'LegalHoldReleased':
      return { ...s, legalHold: null };
    case 'SignalReceived': {
      const d = event.data;
      return withStep({ ...s, reviewDueAt: d.reviewDueAt === undefined ? s.reviewDueAt : d.reviewDueAt }, d.step);
    }
    case 'ReferralMade': {
      const d = event.data;
      const referral = {
        providerId: d.providerId,
        service: d.service,
        status: 'pending' as const,
        madeAt: event.at,
        madeBy: event.actor,
        respondBy: d.respondBy,
      };
      return { ...s, referrals: { ...s.referrals, [d.referralId]: referral } };
    }
    case 'ReferralAccepted':
      return withReferralStatus(s, event.data.referralId, 'accepted');
    case 'ReferralDeclined':
      return withReferralStatus(s, event.data.referralId, 'declined');
    case 'ServiceDelivered':
      return withReferralStatus(s, event.data.referralId, 'delivered');
    case 'CaseDataShredded':
      // The narratives in the state stay as the ciphertext they were; without the key they are noise.
      return { ...s, shreddedAt: event.at };
    case 'PublicNoticeStarted':
    case 'PublicNoticeObjected':
    case 'PublicNoticeEnded':
      return evolveNotice(s, event);
    case 'ProcedureExtended':
      return withStep({ ...s, procedureDueAt: event.data.procedureDueAt, procedureExtendedFor: event.data.ground }, event.data.step);
    case 'RefusalNotified':
    case 'ChangeReported':
      return withStep(s, event.data.step);
    default: {
      const unreachable: never = event;
      throw new Error(`unknown event ${JSON.stringify(unreachable)}`);
    }
  }
}

function evolveNotice(s: CaseState, event: PublicNoticeStarted | PublicNoticeObjected | PublicNoticeEnded): CaseState {
  const notice = s.publicNotice ?? null;
  switch (event.type) {
    case 'PublicNoticeStarted': {
      const d = event.data;
      const publicNotice = {
        noticeId: d.noticeId,
        purpose: d.purpose,
        place: d.place,
        startedAt: event.at,
        endsAt: d.endsAt,
        status: 'running' as const,
        objections: notice?.noticeId === d.noticeId ? notice.objections : 0,
        stepBefore: null,
      };
      return withStep({ ...s, publicNotice }, d.step);
    }
    case 'PublicNoticeObjected': {
      if (notice === null) return s;
      const publicNotice = { ...notice, status: 'objected' as const, objections: notice.objections + 1, stepBefore: event.data.stepBefore };
      return withStep({ ...s, publicNotice }, event.data.step);
    }
    case 'PublicNoticeEnded': {
      if (notice === null) return s;
      const status = event.data.outcome === 'objection_upheld' ? ('withdrawn' as const) : ('ended' as const);
      return withStep({ ...s, publicNotice: { ...notice, status, stepBefore: null } }, event.data.step);
    }
  }
}

export function fold(events: readonly CaseEvent[]): CaseState | null {
  return events.reduce<CaseState | null>(evolve, null);
}
