import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  addWorkingDays,
  checkIdNumber,
  DEFAULT_SIGNAL_RULES,
  isWithin,
  levelOf,
  parentOf,
  raisesAlert,
  scoreSignal,
  type SignalRules,
} from '../domain';
import type { Principal } from '../auth/principal';
import type { FieldError } from '../http/problem';
import { PoliciesService } from '../policies/policies.service';
import { SubjectVault } from '../subjects/subject-vault';
import { CaseSignals } from './case-signals';
import { SignalCipher } from './signal-cipher';
import { checkSignal, type SignalInput } from './signal-input';
import { insertAlerts, type NewAlertRow } from './alerts.repository';
import {
  casesOfPersons,
  insertNewSignals,
  markSignalsMatched,
  signalKey,
  unrecordedCaseSignals,
  type NewSignalRow,
  type PersonCase,
} from './signals.repository';

// Signals in (issue 14): a batch is checked signal by signal, stored once per (source, signalId),
// matched to known subjects by the keyed blind index, scored by the policy's rule for its type.
// A signal whose subject has an open case is recorded on that case (SignalReceived); one for a
// person with no open case that scores high enough raises an alert for the village and township
// of the subject's address (the unit where the person's last case was opened, else the signal's).

export interface BatchOutcome {
  received: number;
  accepted: number;
  duplicates: number;
  rejected: { index: number; errors: FieldError[] }[];
  matched: number;
  alertsRaised: number;
  recordedOnCases: number;
  /** Signals matched to an open case whose recording failed for now: a resend retries them. */
  recordingPending: number;
  ms: number;
}

export const SIGNAL_RULES = Symbol('SIGNAL_RULES');

@Injectable()
export class SignalsService {
  private readonly log = new Logger('signals');
  private readonly rules: SignalRules = DEFAULT_SIGNAL_RULES;

  constructor(
    private readonly db: DataSource,
    private readonly vault: SubjectVault,
    @Inject(SignalCipher) private readonly cipher: SignalCipher,
    private readonly policies: PoliciesService,
    private readonly caseSignals: CaseSignals,
  ) {}

  async ingest(principal: Principal, raw: readonly unknown[]): Promise<BatchOutcome> {
    const started = performance.now();
    const now = new Date().toISOString();
    const rejected: BatchOutcome['rejected'] = [];
    const valid: SignalInput[] = [];
    const seen = new Set<string>();
    raw.forEach((item, index) => {
      const checked = checkSignal(item, this.rules, now);
      if (!checked.ok)
        return rejected.push({ index, errors: checked.errors.map((e) => ({ ...e, field: `signals[${index}]${e.field ? `.${e.field}` : ''}` })) });
      const s = checked.signal;
      if (!isWithin(principal.division, s.division)) {
        return rejected.push({ index, errors: [{ field: `signals[${index}].division`, message: 'is outside your scope' }] });
      }
      const key = signalKey(s.source, s.signalId);
      if (seen.has(key)) return rejected.push({ index, errors: [{ field: `signals[${index}].signalId`, message: 'appears twice in this batch' }] });
      seen.add(key);
      valid.push(s);
    });

    const rows = valid.map((s) => this.rowOf(principal, s, now));
    const calendar = (await this.policies.current()).calendar;
    const { inserted, matched, alerts } = await this.db.transaction(async (tx) => {
      const inserted = await insertNewSignals(tx, rows);
      const fresh = rows.filter((r) => inserted.has(signalKey(r.source, r.signalId)));
      const cases = await casesOfPersons(tx, [
        ...new Map(fresh.filter((r) => r.blindIndex).map((r) => [r.blindIndex!.toString('hex'), r.blindIndex!])).values(),
      ]);
      const byPerson = new Map<string, PersonCase[]>();
      for (const c of cases) byPerson.set(c.blindIndex.toString('hex'), [...(byPerson.get(c.blindIndex.toString('hex')) ?? []), c]);
      const toCases: { source: string; signalId: string; caseId: string }[] = [];
      const alerts: NewAlertRow[] = [];
      let matched = 0;
      for (const r of fresh) {
        const known = r.blindIndex ? (byPerson.get(r.blindIndex.toString('hex')) ?? []) : [];
        if (known.length) matched++;
        const open = known.filter((c) => c.status !== 'closed');
        for (const c of open) toCases.push({ source: r.source, signalId: r.signalId, caseId: c.caseId });
        if (open.length || !raisesAlert(this.rules, r.score)) continue;
        const latest = [...known].sort((a, b) => b.openedAt.localeCompare(a.openedAt))[0];
        const rule = this.rules.types[r.type];
        alerts.push({
          alertId: randomUUID(),
          source: r.source,
          signalId: r.signalId,
          type: r.type,
          score: r.score,
          ...placeOf(latest?.origin ?? r.division),
          suggestedKind: rule.suggestedKind,
          verifyDueAt: addWorkingDays(now, rule.verifyWithinWorkingDays, calendar),
          knownCaseId: latest?.caseId ?? null,
        });
      }
      await markSignalsMatched(tx, toCases);
      await insertAlerts(tx, alerts);
      return { inserted, matched, alerts: alerts.length };
    });

    // After the commit: each matched open case gets its SignalReceived through its workflow. A
    // failure leaves the signal unrecorded, and a resend of the batch tries it again.
    const pending = await unrecordedCaseSignals(this.db, rows);
    const recorded = await this.caseSignals.record(principal, pending, this.rules);
    const outcome: BatchOutcome = {
      received: raw.length,
      accepted: valid.length,
      duplicates: valid.length - inserted.size,
      rejected,
      matched,
      alertsRaised: alerts,
      recordedOnCases: recorded,
      recordingPending: pending.length - recorded,
      ms: Math.round(performance.now() - started),
    };
    // Counts only: no signal's subject is ever logged.
    this.log.log({ msg: 'signal batch', source: principal.id, ...outcome, rejected: rejected.length });
    return outcome;
  }

  private rowOf(principal: Principal, s: SignalInput, now: string): NewSignalRow {
    const id = s.subject.idNumber ? checkIdNumber(s.subject.idNumber, now) : null;
    const idNumber = id?.ok ? id.value.idNumber : null;
    return {
      source: s.source,
      signalId: s.signalId,
      type: s.type,
      occurredAt: s.occurredAt,
      division: s.division,
      blindIndex: idNumber ? this.vault.blindIndex(idNumber) : null,
      subjectSealed: this.cipher.sealSubject(s.source, s.signalId, { name: s.subject.name ?? null, idNumber }),
      score: scoreSignal(this.rules.types[s.type], s.detail),
      submittedBy: principal.id,
    };
  }
}

/** The village and township an alert goes to, from the unit of the subject's address. */
export function placeOf(unit: string): { village: string; township: string } {
  const level = levelOf(unit);
  if (level === 'village') return { village: unit, township: parentOf(unit) ?? unit };
  // Known only to a township (or above): the township verifies it itself.
  return { village: unit, township: unit };
}
