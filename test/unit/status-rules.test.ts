import type { Actor, CaseCommand, CaseStatus } from '../../src/domain';
import type { TestCase } from '../support/builders';
import { act, attempt, caseworker, COUNTY, MONDAY, openCase, OTHER_TOWNSHIP, supervisor, TOWNSHIP } from '../support/builders';

// SPEC §3: the statuses in which each command makes sense. Outside them a command is refused:
// ESCALATION_PENDING while a request waits, CASE_CLOSED on a closed case (except reopen), and
// INVALID_STATUS naming status and command otherwise.

const LATER = '2026-03-03T10:00:00+08:00';

/** A left-behind child at the township in each status. */
function inStatus(status: CaseStatus): TestCase {
  const open = openCase({ kind: 'left_behind', division: TOWNSHIP, risk: 'low' });
  const decide = (outcome: 'approved' | 'denied') => ({ type: 'decide' as const, outcome, benefit: null, monthlyAmount: null, reason: 'x' });
  switch (status) {
    case 'open':
      return open;
    case 'awaiting_approval':
      return act(open, { type: 'requestEscalation', requestId: 'r1', reason: 'x' }, caseworker(TOWNSHIP), MONDAY);
    case 'decided':
      return act(open, decide('denied'), supervisor(TOWNSHIP), MONDAY);
    case 'monitoring':
      return act(open, decide('approved'), supervisor(TOWNSHIP), MONDAY);
    case 'closed': {
      const decided = act(open, decide('denied'), supervisor(TOWNSHIP), MONDAY);
      const requested = act(decided, { type: 'requestClosure', requestId: 'c1', reason: 'x' }, caseworker(TOWNSHIP), MONDAY);
      return act(requested, { type: 'approveClosure', requestId: 'c1' }, supervisor(TOWNSHIP), MONDAY);
    }
  }
}

/** Each command with an actor who may send it to the case. */
const COMMANDS: [CaseCommand, Actor, CaseStatus[]][] = [
  [
    { type: 'assess', risk: null, findings: 'x', householdSize: null, monthlyAmount: null },
    caseworker(TOWNSHIP),
    ['open', 'awaiting_approval', 'decided', 'monitoring'],
  ],
  [{ type: 'addNote', text: 'x' }, caseworker(TOWNSHIP), ['open', 'awaiting_approval', 'decided', 'monitoring']],
  [{ type: 'requestEscalation', requestId: 'r2', reason: 'x' }, caseworker(TOWNSHIP), ['open']],
  [{ type: 'approveEscalation', requestId: 'r1' }, supervisor(COUNTY), ['awaiting_approval']],
  [{ type: 'rejectEscalation', requestId: 'r1', reason: 'x' }, supervisor(COUNTY), ['awaiting_approval']],
  [{ type: 'return', reason: 'x' }, supervisor(TOWNSHIP), ['open', 'decided', 'monitoring']],
  [{ type: 'decide', outcome: 'denied', benefit: null, monthlyAmount: null, reason: 'x' }, supervisor(TOWNSHIP), ['open']],
  [{ type: 'followUp', kind: 'visit', notes: 'x' }, caseworker(TOWNSHIP), ['open', 'awaiting_approval', 'decided', 'monitoring']],
  [{ type: 'requestTransfer', transferId: 't1', to: OTHER_TOWNSHIP, reason: 'x' }, caseworker(TOWNSHIP), ['open', 'monitoring']],
  [{ type: 'requestClosure', requestId: 'c2', reason: 'x' }, caseworker(TOWNSHIP), ['decided', 'monitoring']],
  [{ type: 'approveClosure', requestId: 'c2' }, supervisor(TOWNSHIP), ['decided', 'monitoring']],
  [{ type: 'reopen', reason: 'x' }, caseworker(TOWNSHIP), ['closed']],
];

const STATUSES: CaseStatus[] = ['open', 'awaiting_approval', 'decided', 'monitoring', 'closed'];
const STATUS_REFUSALS = ['INVALID_STATUS', 'ESCALATION_PENDING', 'CASE_CLOSED'];

describe('commands by case status (SPEC §3)', () => {
  const rows = COMMANDS.flatMap(([command, actor, allowed]) =>
    STATUSES.map((status) => [command.type, status, command, actor, allowed.includes(status)] as const),
  );

  it.each(rows)('%s in status %s', (_type, status, command, actor, allowed) => {
    const c = inStatus(status);
    expect(c.state.status).toBe(status);
    const result = attempt(c, command, actor, LATER);
    if (allowed) {
      if (!result.ok) expect(STATUS_REFUSALS).not.toContain(result.rejection.rejected);
    } else if (status === 'closed') {
      expect(result).toEqual({ ok: false, rejection: { rejected: 'CASE_CLOSED' } });
    } else if (status === 'awaiting_approval') {
      expect(result).toEqual({ ok: false, rejection: { rejected: 'ESCALATION_PENDING' } });
    } else {
      expect(result).toEqual({ ok: false, rejection: { rejected: 'INVALID_STATUS', status, command: command.type } });
    }
  });

  it('accepts a transfer into a case in monitoring', () => {
    let c = inStatus('monitoring');
    c = act(c, { type: 'requestTransfer', transferId: 't1', to: OTHER_TOWNSHIP, reason: 'moved' }, caseworker(TOWNSHIP), LATER);
    c = act(c, { type: 'acceptTransfer', transferId: 't1' }, supervisor(OTHER_TOWNSHIP), LATER);
    expect(c.state).toMatchObject({ status: 'monitoring', holder: OTHER_TOWNSHIP });
  });
});
