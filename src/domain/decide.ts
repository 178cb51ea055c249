import type { CaseCommand } from './commands';
import type { CaseEvent } from './events';
import type { Policy } from './policy';
import type { CaseState } from './state';
import type { Actor } from './types';
import { familyOf } from './types';
import { isDivisionCode } from './divisions';

/** Everything from outside that a decision may depend on: time, who acts, the pinned policy. */
export interface DecideContext {
  now: string;
  actor: Actor;
  policy: Policy;
}

export type Rejection =
  | { rejected: 'CASE_NOT_OPEN_YET' }
  | { rejected: 'CASE_ALREADY_OPEN' }
  | { rejected: 'INVALID_DIVISION'; field: string }
  | { rejected: 'NOT_IMPLEMENTED'; command: string };

export type Decision = { ok: true; events: CaseEvent[] } | { ok: false; rejection: Rejection };

const reject = (rejection: Rejection): Decision => ({ ok: false, rejection });
const accept = (...events: CaseEvent[]): Decision => ({ ok: true, events });

export function decide(state: CaseState | null, command: CaseCommand, ctx: DecideContext): Decision {
  if (command.type === 'open') {
    if (state !== null) return reject({ rejected: 'CASE_ALREADY_OPEN' });
    if (!isDivisionCode(command.division)) return reject({ rejected: 'INVALID_DIVISION', field: 'division' });
    return accept({
      type: 'CaseOpened',
      at: ctx.now,
      actor: ctx.actor.id,
      data: {
        caseId: command.caseId,
        caseNumber: command.caseNumber,
        family: familyOf(command.kind),
        kind: command.kind,
        origin: command.division,
        subjectRef: command.subjectRef,
        subjectMinorUnder14: command.subjectMinorUnder14,
        risk: command.risk,
        summary: command.summary,
        policyVersion: ctx.policy.version,
      },
    });
  }
  if (state === null) return reject({ rejected: 'CASE_NOT_OPEN_YET' });
  return reject({ rejected: 'NOT_IMPLEMENTED', command: command.type });
}
