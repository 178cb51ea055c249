import type { MinorProtectionKind, HardshipKind } from './types';

// 主动发现 (issue 14): how a monitoring signal from another department is scored, whether it raises
// an alert for the village and township to verify, how soon, and whether it brings forward the
// review of a case already in monitoring. Policy as data: one rule per signal type.

export interface SignalRule {
  /** The department that sends this type (a source system's `source` must match). */
  source: string;
  /** Score before the detail is looked at (0–100). */
  base: number;
  /** Points added when a numeric detail field reaches a threshold (largest matching band wins). */
  bands?: { field: string; atLeast: number; add: number }[];
  /** The kind of case an alert of this type suggests opening. */
  suggestedKind: MinorProtectionKind | HardshipKind;
  /** Working days the village/township has to verify an alert of this type. */
  verifyWithinWorkingDays: number;
  /** A case in monitoring gets its review within this many working days; null: no review. */
  reviewWithinWorkingDays: number | null;
}

export interface SignalRules {
  /** Signals scoring at least this raise an alert. */
  alertAtScore: number;
  types: Record<string, SignalRule>;
}

export const DEFAULT_SIGNAL_RULES: SignalRules = {
  alertAtScore: 60,
  types: {
    // 医保: 大额医疗费用 (self-paid medical bills, yuan)
    medical_bill: {
      source: 'medical_insurance',
      base: 40,
      bands: [
        { field: 'selfPaidAmount', atLeast: 20000, add: 20 },
        { field: 'selfPaidAmount', atLeast: 50000, add: 40 },
      ],
      suggestedKind: 'temporary_aid',
      verifyWithinWorkingDays: 10,
      reviewWithinWorkingDays: 10,
    },
    // 教育: a child leaving school (辍学)
    school_dropout: {
      source: 'education',
      base: 75,
      suggestedKind: 'de_facto_unsupported',
      verifyWithinWorkingDays: 5,
      reviewWithinWorkingDays: 5,
    },
    // 人社: unemployment registered
    unemployment: { source: 'human_resources', base: 50, suggestedKind: 'dibao', verifyWithinWorkingDays: 15, reviewWithinWorkingDays: null },
    // 残联: a new disability grade (1 most severe … 4)
    disability_grade: {
      source: 'disabled_persons_federation',
      base: 45,
      bands: [{ field: 'severity', atLeast: 3, add: 25 }],
      suggestedKind: 'disability_subsidy',
      verifyWithinWorkingDays: 15,
      reviewWithinWorkingDays: 15,
    },
    // 公安: a death in the household → the case's review within 5 working days
    death: { source: 'public_security', base: 90, suggestedKind: 'orphan', verifyWithinWorkingDays: 5, reviewWithinWorkingDays: 5 },
    // 公安: a guardian taken into custody (监护缺失)
    guardian_custody: {
      source: 'public_security',
      base: 95,
      suggestedKind: 'guardianship_gap',
      verifyWithinWorkingDays: 1,
      reviewWithinWorkingDays: 1,
    },
  },
};

/** The score of a signal of a known type, from its rule and its detail (0–100). */
export function scoreSignal(rule: SignalRule, detail: Readonly<Record<string, unknown>>): number {
  const added = (rule.bands ?? [])
    .filter((b) => typeof detail[b.field] === 'number' && (detail[b.field] as number) >= b.atLeast)
    .reduce((max, b) => Math.max(max, b.add), 0);
  return Math.min(100, rule.base + added);
}

/** Does a signal with this score raise an alert? */
export function raisesAlert(rules: SignalRules, score: number): boolean {
  return score >= rules.alertAtScore;
}
