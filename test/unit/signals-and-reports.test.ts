import {
  DEFAULT_SIGNAL_RULES,
  outboundEvent,
  PUBLIC_EVENT_FIELDS,
  NARRATIVE_EVENT_FIELDS,
  raisesAlert,
  reportFeedback,
  scoreSignal,
  type CaseEvent,
} from '../../src/domain';
import { act, attempt, caseworker, MONDAY, openCase, supervisor, TOWNSHIP } from '../support/builders';

const SOURCE = { id: 'police', roles: ['source_system'] as const, division: '330106000000' };

describe('signal rules', () => {
  it('scores a large self-paid medical bill by the largest band it reaches', () => {
    const rule = DEFAULT_SIGNAL_RULES.types.medical_bill;
    expect(scoreSignal(rule, {})).toBe(40);
    expect(scoreSignal(rule, { selfPaidAmount: 20_000 })).toBe(60);
    expect(scoreSignal(rule, { selfPaidAmount: 80_000 })).toBe(80);
    expect(scoreSignal(rule, { selfPaidAmount: '80000' })).toBe(40);
  });

  it('raises an alert from the policy’s threshold on', () => {
    expect(raisesAlert(DEFAULT_SIGNAL_RULES, 59)).toBe(false);
    expect(raisesAlert(DEFAULT_SIGNAL_RULES, 60)).toBe(true);
  });
});

describe('a signal on a case', () => {
  const monitoring = () => {
    const c = openCase({ kind: 'disability_subsidy', division: TOWNSHIP });
    return act(c, { type: 'decide', outcome: 'approved', benefit: '补贴', monthlyAmount: 100, reason: '符合条件' }, supervisor(TOWNSHIP), MONDAY);
  };
  const death = {
    type: 'recordSignal' as const,
    signalId: 's1',
    source: 'public_security',
    signalType: 'death',
    score: 90,
    reviewWithinWorkingDays: 5,
  };

  it('brings the review of a case in monitoring forward to the rule’s working days', () => {
    const c = monitoring();
    expect(c.state.status).toBe('monitoring');
    const after = act(c, death, SOURCE, MONDAY);
    const event = after.events.at(-1);
    expect(event?.type).toBe('SignalReceived');
    // 5 working days from Monday 2 March: the end of Monday 9 March, China time.
    expect(after.state.reviewDueAt).toBe('2026-03-09T16:00:00.000Z');
  });

  it('is recorded only by a source system', () => {
    const result = attempt(monitoring(), death, caseworker(TOWNSHIP), MONDAY);
    expect(result).toMatchObject({ ok: false, rejection: { rejected: 'FORBIDDEN' } });
  });
});

describe('events out', () => {
  it('never lets a narrative field leave', () => {
    for (const [type, fields] of Object.entries(NARRATIVE_EVENT_FIELDS)) {
      const allowed: readonly string[] = PUBLIC_EVENT_FIELDS[type as keyof typeof PUBLIC_EVENT_FIELDS];
      for (const f of fields) expect(allowed).not.toContain(f);
    }
  });

  it('strips amounts and text from a decision', () => {
    const event: CaseEvent = {
      type: 'DecisionRecorded',
      at: MONDAY,
      actor: 'sv',
      data: { outcome: 'approved', benefit: '低保金', monthlyAmount: 800, reason: '家庭困难', level: 'township' },
    };
    const out = outboundEvent(event, { caseId: 'c', seq: 2, family: 'hardship', kind: 'dibao', holder: TOWNSHIP, subjectRef: 's' });
    expect(out).toMatchObject({ eventId: 'c:2', data: { outcome: 'approved', level: 'township' } });
    expect(JSON.stringify(out)).not.toMatch(/800|低保金|家庭困难/);
  });
});

describe('a mandated reporter’s feedback', () => {
  it('says received, being handled, or handled with a standard notice — never more', () => {
    expect(reportFeedback(null, null)).toEqual({ status: 'received', outcomeNotice: null });
    expect(reportFeedback('open', null)).toEqual({ status: 'being_handled', outcomeNotice: null });
    expect(reportFeedback('monitoring', 'approved').status).toBe('handled');
    expect(reportFeedback('closed', null).outcomeNotice).toContain('已办结');
  });
});
