import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { maskIdNumber } from '../domain';
import { conflict, notFound, unprocessable } from '../http/problem';
import { ScopedDb } from '../persistence/scoped-db.repository';
import { CasesService } from '../cases/cases.service';
import type { CaseView } from '../cases/case-view';
import { SignalCipher, type SignalSubject } from './signal-cipher';
import { alertForUpdate, alertsInScope, resolveAlert, type AlertRow } from './alerts.repository';
import type { AlertView, OpenCaseFromAlertDto } from './alerts.dto';

// The alert queue of a village and its township (主动发现 → 核实): read in scope, dismissed with a
// reason (sealed), or turned into a case with the signal linked in CaseOpened. Who the alert is
// about is shown in full only to the units the alert is for; every other reader in scope sees it masked.

@Injectable()
export class AlertsService {
  constructor(
    private readonly scoped: ScopedDb,
    @Inject(SignalCipher) private readonly cipher: SignalCipher,
    private readonly cases: CasesService,
  ) {}

  async queue(principal: Principal, status: AlertRow['status'], limit: number, now = new Date().toISOString()): Promise<AlertView[]> {
    const rows = await this.scoped.read(principal, (db) => alertsInScope(db, status, limit));
    return rows.map((a) => this.view(principal, a, now));
  }

  async dismiss(principal: Principal, alertId: string, reason: string): Promise<AlertView> {
    return this.scoped.read(principal, async (tx) => {
      const alert = await this.openAlert(tx, alertId);
      this.requireOwnUnit(principal, alert);
      await resolveAlert(tx, alertId, { status: 'dismissed', by: principal.id, reasonSealed: this.cipher.seal(`alert-reason|${alertId}`, reason) });
      return this.view(principal, { ...alert, status: 'dismissed' }, new Date().toISOString());
    });
  }

  async openCase(
    principal: Principal,
    alertId: string,
    dto: OpenCaseFromAlertDto,
  ): Promise<{ alert: AlertView; case: CaseView | { id: string; status: 'opening' } }> {
    const alert = await this.scoped.read(principal, async (tx) => this.openAlert(tx, alertId));
    this.requireOwnUnit(principal, alert);
    const known = this.knownSubject(alert);
    const name = dto.subject?.name ?? known.name;
    const idNumber = dto.subject?.idNumber ?? known.idNumber;
    if (!name || !idNumber) {
      const missing = [!name && 'subject.name', !idNumber && 'subject.idNumber'].filter((f): f is string => typeof f === 'string');
      throw unprocessable(
        missing.map((field) => ({ field, message: 'the signal did not carry it: give it here' })),
        'The subject is not complete.',
      );
    }
    // Idempotent by alert: a retry reaches the same case.
    const outcome = await this.cases.open(
      principal,
      {
        kind: dto.kind ?? (alert.suggestedKind as never),
        subject: { name, idNumber },
        summary: dto.summary,
        ...(dto.risk ? { risk: dto.risk } : {}),
      },
      `alert-${alertId}`,
      { signalId: alert.signalId },
    );
    const caseId = outcome.status === 201 ? outcome.view.id : outcome.caseId;
    await this.scoped.read(principal, async (tx) => {
      const still = await alertForUpdate(tx, alertId);
      if (still?.status === 'open') await resolveAlert(tx, alertId, { status: 'case_opened', by: principal.id, openedCaseId: caseId });
    });
    return {
      alert: this.view(principal, { ...alert, status: 'case_opened', openedCaseId: caseId }, new Date().toISOString()),
      case: outcome.status === 201 ? outcome.view : { id: caseId, status: 'opening' },
    };
  }

  private async openAlert(tx: Parameters<typeof alertForUpdate>[0], alertId: string): Promise<AlertRow> {
    const alert = await alertForUpdate(tx, alertId);
    if (!alert) throw notFound('alert');
    if (alert.status !== 'open') throw conflict(`The alert is already ${alert.status}.`, { code: 'ALERT_RESOLVED', status: alert.status });
    return alert;
  }

  /** Only the village or township the alert is for works it. */
  private requireOwnUnit(principal: Principal, alert: AlertRow): void {
    if (principal.division !== alert.village && principal.division !== alert.township) {
      throw conflict('Only the village or township the alert is for verifies it.', { code: 'NOT_ALERT_UNIT' });
    }
  }

  /** The subject the signal named, as far as it can be read here: a key not configured here reads as none. */
  private knownSubject(a: AlertRow): SignalSubject {
    try {
      return this.cipher.openSubject(a.source, a.signalId, a.subjectSealed);
    } catch {
      return { name: null, idNumber: null };
    }
  }

  private view(principal: Principal, a: AlertRow, now: string): AlertView {
    const forUnit = principal.division === a.village || principal.division === a.township;
    const subject = this.knownSubject(a);
    return {
      id: a.alertId,
      source: a.source,
      signalId: a.signalId,
      type: a.type,
      score: a.score,
      village: a.village,
      township: a.township,
      suggestedKind: a.suggestedKind,
      verifyDueAt: a.verifyDueAt,
      overdue: a.status === 'open' && a.verifyDueAt < now,
      status: a.status,
      knownPerson: a.knownCaseId !== null,
      openedCaseId: a.openedCaseId,
      createdAt: a.createdAt,
      subject: {
        name: subject.name === null ? null : forUnit ? subject.name : `${[...subject.name][0]}${'*'.repeat([...subject.name].length - 1)}`,
        // Masked for everyone: the full number is seen on the case, under its policy's disclosure.
        idNumber: subject.idNumber === null ? null : maskIdNumber(subject.idNumber),
      },
    };
  }
}
