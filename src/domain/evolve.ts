import type { CaseEvent } from './events';
import type { CaseState } from './state';
import { levelOf } from './divisions';

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
      step: null,
      overdue: false,
      pendingEscalation: null,
      pendingClosure: null,
      pendingTransfer: null,
      decision: null,
      householdSize: null,
      monthlyAmount: null,
    };
  }
  if (state === null) throw new Error(`event ${event.type} before CaseOpened`);
  return { ...state, version: state.version + 1, updatedAt: event.at };
}

export function fold(events: readonly CaseEvent[]): CaseState | null {
  return events.reduce<CaseState | null>(evolve, null);
}
