import { addWorkingDays } from '../calendar';
import type { AcceptReferral, DeclineReferral, RecordServiceDelivered, Refer } from '../commands';
import { CONSENT_GIVERS, CONSENT_METHODS, REFERRAL_RULES, REFERRAL_SERVICES } from '../referral-rules';
import type { CaseState, Referral } from '../state';
import { accept, invalid, isBlank, reject, stamped, type DecideContext, type Decision } from './outcome';

// Referrals (物质 + 服务): the holder's caseworker refers the case to a provider for a service with a
// purpose, on the recorded consent of the subject or guardian (PIPL art. 23: personal data goes to
// another handler only with separate consent); the provider accepts or declines, then records the
// service delivered. Only the provider named in the referral answers it.

const PROVIDER_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

export function refer(state: CaseState, command: Refer, ctx: DecideContext): Decision {
  if (!PROVIDER_ID.test(command.providerId)) return invalid('providerId', 'must be a provider id');
  if (!REFERRAL_SERVICES.includes(command.service)) return invalid('service', `must be one of ${REFERRAL_SERVICES.join(', ')}`);
  if (isBlank(command.purpose)) return invalid('purpose', 'must not be empty');
  const consent = command.consent;
  if (consent === null) return reject({ rejected: 'INVALID_INPUT', field: 'consent', message: 'the subject’s or guardian’s consent is required' });
  if (!CONSENT_GIVERS.includes(consent.givenBy)) return invalid('consent.givenBy', `must be one of ${CONSENT_GIVERS.join(', ')}`);
  if (!CONSENT_METHODS.includes(consent.method)) return invalid('consent.method', `must be one of ${CONSENT_METHODS.join(', ')}`);
  if (state.referrals?.[command.referralId]) return invalid('referralId', 'is already used on this case');
  return accept(
    stamped(ctx, 'ReferralMade', {
      referralId: command.referralId,
      providerId: command.providerId,
      service: command.service,
      purpose: command.purpose,
      consent: { givenBy: consent.givenBy, method: consent.method },
      respondBy: addWorkingDays(ctx.now, REFERRAL_RULES.respondWithinWorkingDays, ctx.policy.calendar),
    }),
  );
}

/** The referral the command names, if it is the acting provider's and in the status the command needs. */
function providersReferral(
  state: CaseState,
  command: AcceptReferral | DeclineReferral | RecordServiceDelivered,
  ctx: DecideContext,
  needs: Referral['status'],
): Referral | Decision {
  const { referralId } = command;
  const referral = state.referrals?.[referralId];
  if (!referral || referral.providerId !== ctx.actor.id) return reject({ rejected: 'NOT_FOUND' });
  if (referral.status !== needs) return reject({ rejected: 'INVALID_STATUS', status: state.status, command: command.type });
  return referral;
}

const isDecision = (r: Referral | Decision): r is Decision => 'ok' in r;

export function acceptReferral(state: CaseState, command: AcceptReferral, ctx: DecideContext): Decision {
  const r = providersReferral(state, command, ctx, 'pending');
  return isDecision(r) ? r : accept(stamped(ctx, 'ReferralAccepted', { referralId: command.referralId }));
}

export function declineReferral(state: CaseState, command: DeclineReferral, ctx: DecideContext): Decision {
  if (isBlank(command.reason)) return invalid('reason', 'must not be empty');
  const r = providersReferral(state, command, ctx, 'pending');
  return isDecision(r) ? r : accept(stamped(ctx, 'ReferralDeclined', { referralId: command.referralId, reason: command.reason }));
}

export function recordServiceDelivered(state: CaseState, command: RecordServiceDelivered, ctx: DecideContext): Decision {
  if (isBlank(command.notes)) return invalid('notes', 'must not be empty');
  const r = providersReferral(state, command, ctx, 'accepted');
  return isDecision(r) ? r : accept(stamped(ctx, 'ServiceDelivered', { referralId: command.referralId, notes: command.notes }));
}
