import type { Policy } from '../api/types';
import { significant } from './divisions';

// Who may decide a case and up to what amount, read from the policy the case is pinned to: the
// API's rules (src/domain/decision-authority.ts) mirrored for display. The API decides again.

/** The monthly dibao line (yuan) that applies to a unit; `from`: the policy entry's unit, null for the default line. */
export interface DibaoLine {
  yuan: number;
  from: string | null;
}

const usable = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n > 0;

/** The most specific entry covering `division`, else the policy's default; null when the policy gives none. */
export function dibaoLineFor(policy: Policy, division: string): DibaoLine | null {
  let best: { prefix: number; line: DibaoLine } | null = null;
  for (const [code, yuan] of Object.entries(policy.dibaoLine?.byDivision ?? {})) {
    const prefix = significant(code);
    if (usable(yuan) && division.startsWith(prefix) && (best === null || prefix.length > best.prefix))
      best = { prefix: prefix.length, line: { yuan, from: code } };
  }
  if (best) return best.line;
  const fallback = policy.dibaoLine?.defaultMonthly;
  return usable(fallback) ? { yuan: fallback, from: null } : null;
}

export type Authority =
  /** Fixed levels decide. */
  | { by: 'levels'; levels: string[] }
  /** dibao: the confirming level; the benefit tops income up to the local line (per person, monthly). */
  | { by: 'delegation'; levels: string[]; line: DibaoLine | null }
  /** temporary aid: `upTo` decide sums up to `limit` yuan (multiple × line), `above` beyond it. */
  | { by: 'amount'; multiple: number; line: DibaoLine | null; limit: number | null; upTo: string[]; above: string[] };

/** The decision rule of a kind for a case that originated at `origin` (whose dibao line sets thresholds). */
export function authorityOf(policy: Policy, kind: string, origin: string): Authority | null {
  const rule = policy.kinds[kind]?.decision;
  if (!rule) return null;
  switch (rule.by) {
    case 'levels':
      return { by: 'levels', levels: rule.levels ?? [] };
    case 'delegation':
      return {
        by: 'delegation',
        levels: [rule.delegatedConfirmationToTownship ? rule.delegatedLevel! : rule.level!],
        line: dibaoLineFor(policy, origin),
      };
    case 'amount': {
      const line = dibaoLineFor(policy, origin);
      const multiple = rule.multipleOfDibaoLine ?? 0;
      return {
        by: 'amount',
        multiple,
        line,
        limit: line && usable(multiple) ? Math.round(line.yuan * multiple * 100) / 100 : null,
        upTo: rule.upToThreshold ?? [],
        above: rule.above ?? [],
      };
    }
    default:
      return null;
  }
}

export function formatYuan(yuan: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: 2 }).format(yuan);
}
