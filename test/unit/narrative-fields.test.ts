import fc from 'fast-check';
import type { Actor, CaseCommand, CaseEvent, CaseState, Policy } from '../../src/domain';
import {
  addHours,
  decide,
  decisionLevelsFor,
  DEFAULT_POLICY,
  evolve,
  fold,
  mapCommandNarratives,
  mapEventNarratives,
  mapStateNarratives,
  NARRATIVE_EVENT_FIELDS,
  NARRATIVE_STATE_FIELDS,
  nextDeadline,
  parentOf,
} from '../../src/domain';
import { admin, caseworker, COUNTY, OTHER_TOWNSHIP, PROVINCE, supervisor, TOWNSHIP, VILLAGE } from '../support/builders';

// The narrative tables (src/domain/narrative.ts) are complete: free text typed into any command
// reaches events and the case state only in the fields the tables name — so sealing those fields
// at the persistence boundary leaves no plaintext behind — and folding sealed events gives exactly
// the sealed state, so the read model can be checked against the log without any key.

// 低保 with 特困's re-assessment and termination 公示 too, so one driven kind reaches every event.
// Its initial 公示 may be started and objected to but is not required before an approval: random
// commands seldom let 7 days pass, and monitoring must be reached to see its events. The required
// 公示 is tested in public-notice-rules.test.ts and law.test.ts.
const policy: Policy = {
  ...DEFAULT_POLICY,
  kinds: {
    ...DEFAULT_POLICY.kinds,
    dibao: {
      ...DEFAULT_POLICY.kinds.dibao,
      publicNotice: { ...DEFAULT_POLICY.kinds.dibao.publicNotice!, required: false },
      reassessment: DEFAULT_POLICY.kinds.tekun.reassessment,
      terminationNotice: DEFAULT_POLICY.kinds.tekun.terminationNotice,
    },
  },
};
const START = '2026-03-02T09:00:00+08:00';
const SYSTEM: Actor = { id: 'system', roles: ['system'], division: PROVINCE };

let markers = 0;
/** Gives every narrative of a command a marker of its own. */
const marked = <C extends CaseCommand>(command: C): C => mapCommandNarratives(command, (t) => `${t} «m${++markers}»`);
const MARKER = /«m\d+»/;

/** Every string anywhere in `value` outside the given top-level keys. */
function stringsOutside(value: unknown, skip: readonly string[] = []): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (!skip.includes(k)) walk(v);
  return out;
}

function leaksOfEvent(e: CaseEvent): string[] {
  return stringsOutside(e.data, NARRATIVE_EVENT_FIELDS[e.type]).filter((s) => MARKER.test(s));
}

function leaksOfState(s: CaseState): string[] {
  const table = NARRATIVE_STATE_FIELDS as Record<string, true | readonly string[]>;
  return Object.entries(s).flatMap(([key, value]) => {
    const fields = table[key];
    if (fields === true) return [];
    // Inside a nested record (a pending request, the decision) only the named fields may hold text.
    const outside = fields ? stringsOutside(value, fields) : stringsOutside({ [key]: value });
    return outside.filter((x) => MARKER.test(x));
  });
}

/** The command that moves the case along from where it is (so every narrative event is reached). */
function next(s: CaseState, n: number, now: string): { command: CaseCommand; actor: Actor } {
  const cw = caseworker(s.holder, `cw-${s.holder}`);
  const sv = supervisor(s.holder, `sv-${s.holder}`);
  if (s.status === 'closed') {
    if (n % 3 === 0 && !s.legalHold) return { command: marked({ type: 'placeLegalHold', reason: 'hold' }), actor: admin(PROVINCE) };
    if (s.legalHold) return { command: marked({ type: 'releaseLegalHold', reason: 'release' }), actor: admin(PROVINCE) };
    return { command: marked({ type: 'reopen', reason: 'again' }), actor: cw };
  }
  if (s.pendingClosure) return { command: { type: 'approveClosure', requestId: s.pendingClosure.requestId }, actor: sv };
  if (s.pendingEscalation) {
    const target = supervisor(s.pendingEscalation.to, `sv-${s.pendingEscalation.to}`);
    return n % 2
      ? { command: marked({ type: 'rejectEscalation', requestId: s.pendingEscalation.requestId, reason: 'no' }), actor: target }
      : { command: { type: 'approveEscalation', requestId: s.pendingEscalation.requestId }, actor: target };
  }
  if (s.pendingTransfer)
    return { command: { type: 'acceptTransfer', transferId: s.pendingTransfer.transferId }, actor: supervisor(s.pendingTransfer.to) };
  switch (n % 9) {
    case 0:
      return { command: marked({ type: 'assess', risk: null, findings: 'findings', householdSize: 2, monthlyAmount: 500 }), actor: cw };
    case 1:
      return { command: marked({ type: 'addNote', text: 'note' }), actor: n % 2 ? cw : sv };
    case 2:
      return { command: marked({ type: 'followUp', kind: 'visit', notes: 'visit' }), actor: cw };
    case 3:
      if (s.level === 'township' && s.holder === TOWNSHIP && s.status !== 'decided')
        return { command: marked({ type: 'requestTransfer', transferId: `t${n}`, to: OTHER_TOWNSHIP, reason: 'moved' }), actor: cw };
      break;
    case 4:
      if (parentOf(s.holder) !== null && s.holder !== s.chainBase) return { command: marked({ type: 'return', reason: 'down' }), actor: sv };
      break;
    case 5:
      if (s.publicNotice?.status === 'running')
        return { command: marked({ type: 'objectToNotice', objectionId: `o${n}`, summary: 'objection' }), actor: cw };
      if (s.publicNotice?.status === 'objected')
        return { command: marked({ type: 'resolveObjection', upheld: n % 2 === 0, reason: 'decided' }), actor: sv };
      return { command: { type: 'startPublicNotice', noticeId: `n${n}`, purpose: s.status === 'monitoring' ? 'termination' : 'initial' }, actor: cw };
    case 6:
      if (s.status === 'decided') return { command: marked({ type: 'notifyRefusal', notes: 'told' }), actor: cw };
      if (s.status === 'monitoring') return { command: marked({ type: 'reportChange', notes: 'changed' }), actor: cw };
      return { command: marked({ type: 'extendProcedure', ground: 'difficult_investigation', reason: 'hard' }), actor: sv };
    case 7:
      return {
        command: marked({
          type: 'refer',
          referralId: `f${n}`,
          providerId: 'prov-1',
          service: 'counseling',
          purpose: 'why',
          consent: { givenBy: 'subject', method: 'written' },
        }),
        actor: cw,
      };
    case 8: {
      // The provider answers its referrals: declines one, accepts another, records the service on an accepted one.
      const provider: Actor = { id: 'prov-1', roles: ['provider'], division: VILLAGE };
      const [id, r] = Object.entries(s.referrals ?? {}).find(([, x]) => x.status === 'pending' || x.status === 'accepted') ?? [];
      if (!id || !r) break;
      if (r.status === 'accepted') return { command: marked({ type: 'recordServiceDelivered', referralId: id, notes: 'done' }), actor: provider };
      return n % 2
        ? { command: marked({ type: 'declineReferral', referralId: id, reason: 'full' }), actor: provider }
        : { command: { type: 'acceptReferral', referralId: id }, actor: provider };
    }
    default:
      break;
  }
  if (s.status === 'decided' || s.status === 'monitoring')
    return { command: marked({ type: 'requestClosure', requestId: `c${n}`, reason: 'done' }), actor: cw };
  if (decisionLevelsFor(policy, s, null).includes(s.level))
    return {
      command: marked({ type: 'decide', outcome: n % 2 ? 'approved' : 'denied', benefit: 'benefit', monthlyAmount: null, reason: 'why' }),
      actor: sv,
    };
  const due = nextDeadline(s);
  if (due !== null && n % 5 === 0 && Date.parse(due) <= Date.parse(addHours(now, 24 * 40)))
    return { command: { type: 'deadlinePassed' }, actor: SYSTEM };
  return { command: marked({ type: 'requestEscalation', requestId: `r${n}`, reason: 'up' }), actor: cw };
}

/** Drive one case with marked narratives; returns its events (only the accepted ones). */
function drive(origin: string, choices: number[]): CaseEvent[] {
  const opened = decide(
    null,
    marked({
      type: 'open',
      caseId: 'c',
      caseNumber: 'HS-330106-2026-000001',
      kind: 'dibao',
      division: origin,
      subjectRef: 's',
      subjectMinorUnder14: false,
      risk: null,
      summary: 'summary',
    }),
    { now: START, actor: caseworker(origin), policy },
  );
  if (!opened.ok) throw new Error(JSON.stringify(opened.rejection));
  const events = [...opened.events];
  let state = fold(events) as CaseState;
  let now = START;
  for (const n of choices) {
    now = addHours(now, 5);
    const { command, actor } = next(state, n, now);
    if (command.type === 'deadlinePassed') now = nextDeadline(state) ?? now;
    const result = decide(state, command, { now, actor, policy });
    if (!result.ok) continue;
    events.push(...result.events);
    state = result.events.reduce(evolve, state);
  }
  return events;
}

const seal = (t: string) => `sealed(${t})`;

describe('the narrative fields of events and state (src/domain/narrative.ts)', () => {
  it('hold every piece of free text typed into a command, and no other field of an event or the state holds any', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.constantFrom(VILLAGE, TOWNSHIP, COUNTY), fc.array(fc.nat(1000), { minLength: 5, maxLength: 60 }), (origin, choices) => {
        const events = drive(origin, choices);
        let state: CaseState | null = null;
        for (const e of events) {
          expect({ type: e.type, leaks: leaksOfEvent(e) }).toEqual({ type: e.type, leaks: [] });
          state = evolve(state, e);
          expect(leaksOfState(state)).toEqual([]);
          if (stringsOutside(e.data).some((x) => MARKER.test(x))) seen.add(e.type);
        }
      }),
      { numRuns: 400, seed: 20261201 },
    );
    // The markers are really there: every event type with a narrative was seen carrying one.
    const narrativeTypes = Object.entries(NARRATIVE_EVENT_FIELDS)
      .filter(([, fields]) => fields.length > 0)
      .map(([type]) => type);
    expect([...seen].sort()).toEqual(narrativeTypes.sort());
  });

  it('fold to the sealed state when the events are sealed (the read model is checked against the log without a key)', () => {
    fc.assert(
      fc.property(fc.constantFrom(VILLAGE, TOWNSHIP, COUNTY), fc.array(fc.nat(1000), { minLength: 1, maxLength: 60 }), (origin, choices) => {
        const events = drive(origin, choices);
        const plain = fold(events) as CaseState;
        expect(fold(events.map((e) => mapEventNarratives(e, seal)))).toEqual(mapStateNarratives(plain, seal));
      }),
      { numRuns: 200, seed: 20261202 },
    );
  });

  it('leave every other field as it was', () => {
    const events = drive(VILLAGE, [0, 1, 2, 5, 6, 7, 8]);
    const sealed = events.map((e) => mapEventNarratives(e, seal));
    expect(sealed.map((e) => ({ ...e, data: stringsOutside(e.data, NARRATIVE_EVENT_FIELDS[e.type]) }))).toEqual(
      events.map((e) => ({ ...e, data: stringsOutside(e.data, NARRATIVE_EVENT_FIELDS[e.type]) })),
    );
    expect(sealed.some((e, i) => JSON.stringify(e) !== JSON.stringify(events[i]))).toBe(true);
  });
});
