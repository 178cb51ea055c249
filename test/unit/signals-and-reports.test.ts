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
import { checkSignal } from '../../src/signals/signal-input';
import { act, attempt, caseworker, MONDAY, openCase, supervisor, TOWNSHIP, TOWNSHIP_SUBSIDY } from '../support/builders';

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
    // The province-override shape where the township decides 两项补贴 (the national chain ends at the county).
    const c = openCase({ kind: 'disability_subsidy', division: TOWNSHIP, policy: TOWNSHIP_SUBSIDY });
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

describe('a signal in a batch', () => {
  const NOW = '2026-03-02T01:00:00.000Z';
  const valid = {
    source: 'education',
    signalId: 's-1',
    type: 'school_dropout',
    occurredAt: '2026-03-01T08:00:00+08:00',
    subject: { name: '某' },
    division: '330106002051',
  };
  it('is taken with its instant in UTC', () => {
    expect(checkSignal(valid, DEFAULT_SIGNAL_RULES, NOW)).toEqual({
      ok: true,
      signal: { ...valid, occurredAt: '2026-03-01T00:00:00.000Z', detail: {} },
    });
  });
  it.each([
    ['a day that does not exist', { occurredAt: '2026-02-30T08:00:00Z' }, 'occurredAt'],
    ['year 0', { occurredAt: '0000-01-01T00:00:00Z' }, 'occurredAt'],
    ['the future', { occurredAt: '2027-01-01T00:00:00Z' }, 'occurredAt'],
    ['a type of another source', { source: 'education', type: 'death' }, 'source'],
    ['no subject', { subject: {} }, 'subject'],
    ['an unknown field', { extra: 1 }, 'extra'],
  ])('is refused, naming the field, for %s', (_, change, field) => {
    const result = checkSignal({ ...valid, ...change }, DEFAULT_SIGNAL_RULES, NOW);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.field)).toContain(field);
  });
});
