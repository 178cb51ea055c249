import type { PlaceLegalHold, ReleaseLegalHold } from '../commands';
import { closedAtOf, RETENTION, retentionEndsAt } from '../retention';
import type { CaseState } from '../state';
import { accept, invalid, isBlank, reject, stamped, type DecideContext, type Decision } from './outcome';

// The end of a case's data: an admin's legal hold keeps it; otherwise, once the retention of the
// closed case has ended, the system destroys it (CaseDataShredded; the key goes in the same write).

export function placeLegalHold(state: CaseState, command: PlaceLegalHold, ctx: DecideContext): Decision {
  if (isBlank(command.reason)) return invalid('reason', 'must not be empty');
  if (state.legalHold) return reject({ rejected: 'LEGAL_HOLD_IN_PLACE' });
  return accept(stamped(ctx, 'LegalHoldPlaced', { reason: command.reason }));
}

export function releaseLegalHold(state: CaseState, command: ReleaseLegalHold, ctx: DecideContext): Decision {
  if (isBlank(command.reason)) return invalid('reason', 'must not be empty');
  if (!state.legalHold) return reject({ rejected: 'NO_LEGAL_HOLD' });
  return accept(stamped(ctx, 'LegalHoldReleased', { reason: command.reason }));
}

export function shredData(state: CaseState, ctx: DecideContext): Decision {
  const endsAt = retentionEndsAt(state);
  const closedAt = closedAtOf(state);
  if (endsAt === null || closedAt === null) return reject({ rejected: 'RETENTION_NOT_ENDED', endsAt: null });
  if (state.legalHold) return reject({ rejected: 'LEGAL_HOLD' });
  if (Date.parse(ctx.now) < Date.parse(endsAt)) return reject({ rejected: 'RETENTION_NOT_ENDED', endsAt });
  const rule = RETENTION[state.kind];
  return accept(stamped(ctx, 'CaseDataShredded', { closedAt, retentionYears: rule.years, basis: rule.basis }));
}
