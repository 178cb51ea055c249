import type { CaseEvent } from '../events';
import type { Policy } from '../policy';
import type { Rejection } from '../rejections';
import type { Actor } from '../types';

// What a transition answers: the events to append, or why not — and the small helpers every
// transition family uses to say so.

/** Everything from outside that a decision may depend on: time, who acts, the pinned policy. */
export interface DecideContext {
  now: string;
  actor: Actor;
  policy: Policy;
}

export type Decision = { ok: true; events: CaseEvent[] } | { ok: false; rejection: Rejection };

export const reject = (rejection: Rejection): Decision => ({ ok: false, rejection });
export const accept = (...events: CaseEvent[]): Decision => ({ ok: true, events });
export const invalid = (field: string, message: string): Decision => reject({ rejected: 'INVALID_INPUT', field, message });

export type EventOf<T extends CaseEvent['type']> = Extract<CaseEvent, { type: T }>;

/** An event stamped with the context's time and actor. */
export function stamped<T extends CaseEvent['type']>(ctx: DecideContext, type: T, data: EventOf<T>['data']): EventOf<T> {
  return { type, at: ctx.now, actor: ctx.actor.id, data } as EventOf<T>;
}

/** Checks shared by the decisions on a pending request: it exists, it is this one, it is not one's own. */
export function pendingRequestProblem(
  pending: { requestedBy: string } | null,
  pendingId: string | undefined,
  givenId: string,
  ctx: DecideContext,
  none: Rejection,
): Rejection | null {
  if (pending === null) return none;
  if (pendingId !== givenId) return { rejected: 'UNKNOWN_REQUEST', requestId: givenId };
  if (pending.requestedBy === ctx.actor.id) return { rejected: 'SEPARATION_OF_DUTIES' };
  return null;
}

/** A free-text field that must say something. */
export const isBlank = (text: string): boolean => text.trim() === '';
