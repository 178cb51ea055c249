import { ancestorsOf, levelOf } from './divisions';
import type { Level } from './types';

// A case travels only along one chain: its base unit (the origin, or the unit that accepted a
// transfer) and that unit's ancestors up to the province (policy-rules "Escalation in general").

/** The base and its ancestors, lowest first. */
export function chainOf(base: string): string[] {
  return [base, ...ancestorsOf(base)];
}

export function isOnChain(base: string, unit: string): boolean {
  return chainOf(base).includes(unit);
}

/** The unit one level below `holder` on the way back to the base, or null at the base. */
export function returnTargetOf(base: string, holder: string): string | null {
  const chain = chainOf(base);
  const at = chain.indexOf(holder);
  return at > 0 ? chain[at - 1] : null;
}

/** The unit of the chain at `level`, or null if the chain starts above it. */
export function chainUnitAt(base: string, level: Level): string | null {
  return chainOf(base).find((u) => levelOf(u) === level) ?? null;
}
