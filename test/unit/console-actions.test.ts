import fc from 'fast-check';
import { caseAccess, type CaseAction } from '../../src/domain/access';
import { parentOf } from '../../src/domain/divisions';
import { availableActions } from '../../web/src/lib/actions';
import type { CaseView } from '../../web/src/api/types';

// The console offers only what the API's access rules allow: for any principal and case, every
// action it shows as usable is 'allowed' by src/domain/access.ts (the API decides again anyway).

const UNITS = ['330106005051', '330106005052', '330106005000', '330106004000', '330106000000', '330100000000'];
const LEVEL: Record<string, string> = {
  '330106005051': 'village',
  '330106005052': 'village',
  '330106005000': 'township',
  '330106004000': 'township',
  '330106000000': 'county',
  '330100000000': 'city',
};
const STATUSES = ['open', 'awaiting_approval', 'decided', 'monitoring', 'closed'];

const principal = fc.record({
  id: fc.constantFrom('p1', 'p2'),
  roles: fc.subarray(['caseworker', 'supervisor', 'auditor'], { minLength: 1 }),
  division: fc.constantFrom(...UNITS),
});
const request = fc.option(fc.record({ by: fc.constantFrom('p1', 'p2'), to: fc.constantFrom(...UNITS) }), { nil: null });
// The units include each village's parents, so an escalation target exists in the table.
const kase = fc
  .record({
    holder: fc.constantFrom(...UNITS),
    origin: fc.constantFrom(...UNITS),
    status: fc.constantFrom(...STATUSES),
    esc: request,
    tr: request,
    cl: request,
  })
  .map(
    ({ holder, origin, status, esc, tr, cl }) =>
      ({
        id: 'c',
        kind: 'left_behind',
        family: 'minor_protection',
        status,
        holder,
        origin,
        level: LEVEL[holder],
        // An escalation request always targets the holder's parent (the next level up).
        pendingEscalation: esc &&
          parentOf(holder) && { requestId: 'r', requestedBy: esc.by, requestedAt: '', from: holder, to: parentOf(holder)!, reason: '', dueAt: '' },
        pendingTransfer: tr && { transferId: 't', requestedBy: tr.by, from: holder, to: tr.to, reason: '' },
        pendingClosure: cl && { requestId: 'q', requestedBy: cl.by, requestedAt: '', reason: '' },
      }) as unknown as CaseView,
  );

it('every usable action the console offers is allowed by the API’s access rules', () => {
  fc.assert(
    fc.property(principal, kase, (p, c) => {
      for (const a of availableActions(p, c, undefined)) {
        if (a.disabledReason) continue;
        expect([a.key, caseAccess(p as never, a.key as Exclude<CaseAction, 'open'>, c)]).toEqual([a.key, 'allowed']);
      }
    }),
    { numRuns: 5000 },
  );
});

it('auditors are offered nothing', () => {
  fc.assert(fc.property(kase, (c) => expect(availableActions({ id: 'a', roles: ['auditor'], division: '330100000000' }, c, undefined)).toEqual([])));
});

it('offers the holder’s caseworker the 公示 of an open 低保 or 特困 case (低保 第十九条, 特困 第十五条), again after an objection, never for 孤儿', () => {
  const policy = { kinds: { dibao: { publicNotice: { required: true } }, orphan: { publicNotice: null } } } as never;
  const cw = { id: 'p1', roles: ['caseworker' as const], division: UNITS[2] };
  const open = (kind: string, publicNotice: unknown = null) =>
    ({
      id: 'c',
      kind,
      family: 'hardship',
      status: 'open',
      holder: UNITS[2],
      origin: UNITS[0],
      level: LEVEL[UNITS[2]],
      publicNotice,
    }) as unknown as CaseView;
  const offered = (c: CaseView, p = cw) => availableActions(p, c, policy).some((a) => a.key === 'startPublicNotice');
  expect(offered(open('dibao'))).toBe(true);
  expect(offered(open('dibao', { purpose: 'initial', status: 'objected' }))).toBe(true);
  expect(offered(open('dibao', { purpose: 'initial', status: 'running' }))).toBe(false);
  expect(offered(open('dibao', { purpose: 'initial', status: 'ended' }))).toBe(false);
  expect(offered(open('orphan'))).toBe(false);
  expect(offered(open('dibao'), { ...cw, division: UNITS[4] })).toBe(false);
  expect(caseAccess(cw as never, 'startPublicNotice', open('dibao'))).toBe('allowed');
});
