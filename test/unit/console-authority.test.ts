import fc from 'fast-check';
import { CASE_KINDS, decisionLevels, DEFAULT_POLICY, dibaoLineFor, type Policy } from '../../src/domain';
import { authorityOf, dibaoLineFor as consoleLine } from '../../web/src/lib/authority';
import type { Policy as ConsolePolicy } from '../../web/src/api/types';

// The console shows who decides a case and up to what amount from the case's pinned policy; it
// mirrors src/domain/decision-authority.ts for display and must agree with the core, which decides.

const origins = fc.constantFrom('330106002051', '330106004053', '330105001001', '420102002003', '110101001001', '330000000000');
const policies = fc
  .record({
    delegated: fc.boolean(),
    multiple: fc.integer({ min: 1, max: 6 }),
    lines: fc.dictionary(fc.constantFrom('330000000000', '330100000000', '330106000000', '420000000000'), fc.integer({ min: 500, max: 2000 })),
  })
  .map(({ delegated, multiple, lines }): Policy => {
    const p: Policy = JSON.parse(JSON.stringify(DEFAULT_POLICY));
    p.dibaoLine.byDivision = lines;
    const dibao = p.kinds.dibao.decision;
    if (dibao.by === 'delegation') dibao.delegatedConfirmationToTownship = delegated;
    const aid = p.kinds.temporary_aid.decision;
    if (aid.by === 'amount') aid.multipleOfDibaoLine = multiple;
    return p;
  });

it('names the same deciding levels as the core for every kind, origin, policy and amount', () => {
  fc.assert(
    fc.property(policies, origins, fc.constantFrom(...CASE_KINDS), fc.integer({ min: 0, max: 20000 }), (policy, origin, kind, amount) => {
      const shown = authorityOf(policy, kind, origin);
      expect(shown).not.toBeNull();
      if (shown === null) return;
      const levels = shown.by === 'amount' ? (shown.limit !== null && amount <= shown.limit ? shown.upTo : shown.above) : shown.levels;
      expect(levels).toEqual(decisionLevels(policy, kind, origin, amount));
      expect(consoleLine(policy as unknown as ConsolePolicy, origin)?.yuan).toBe(dibaoLineFor(policy, origin));
    }),
    { numRuns: 2000 },
  );
});
