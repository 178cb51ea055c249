import { significantPrefix } from './divisions';
import type { DecisionRule, Policy } from './policy';
import type { CaseKind, Level } from './types';

// Which levels may record a decision on a case (SPEC §5: a level decides only what the policy gives
// it; anything else is escalated to the level that decides).

/** The local monthly dibao line for a division: the most specific entry, else the default. */
export function dibaoLineFor(policy: Policy, division: string): number {
  let best: { prefix: number; line: number } | null = null;
  for (const [code, line] of Object.entries(policy.dibaoLine.byDivision)) {
    const prefix = significantPrefix(code);
    if (division.startsWith(prefix) && (best === null || prefix.length > best.prefix)) best = { prefix: prefix.length, line };
  }
  return best ? best.line : policy.dibaoLine.defaultMonthly;
}

/**
 * Levels with authority to decide. `amount` is the sum at stake (temporary aid), `division` the
 * household's unit whose dibao line sets the threshold.
 */
export function decisionLevels(policy: Policy, kind: CaseKind, division: string, amount: number | null): Level[] {
  const rule: DecisionRule = policy.kinds[kind].decision;
  switch (rule.by) {
    case 'levels':
      return rule.levels;
    case 'delegation':
      return [rule.delegatedConfirmationToTownship ? rule.delegatedLevel : rule.level];
    case 'amount':
      return (amount ?? 0) <= rule.multipleOfDibaoLine * dibaoLineFor(policy, division) ? rule.upToThreshold : rule.above;
    default: {
      const unreachable: never = rule;
      throw new Error(`unknown decision rule ${JSON.stringify(unreachable)}`);
    }
  }
}
