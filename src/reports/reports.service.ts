import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { CasesService } from '../cases/cases.service';
import { chinaDateOf, levelOf, reportFeedback, type CaseStatus } from '../domain';
import { notFound, Problem, unprocessable } from '../http/problem';
import { SubjectVault } from '../subjects/subject-vault';
import { insertReport, reportStatusesOf, type ReportStatusRow } from './reports.repository';
import type { FileReportDto, ReportReceipt } from './reports.dto';

// 强制报告 intake (未成年人保护法 art. 11): a mandated reporter's report opens a mandatory_report case
// at the child's village or township (a critical one takes the emergency path, as any case does);
// the reporter gets a receipt number and can read back only the status and outcome notice.

@Injectable()
export class ReportsService {
  constructor(
    private readonly db: DataSource,
    private readonly cases: CasesService,
    private readonly vault: SubjectVault,
  ) {}

  async file(principal: Principal, dto: FileReportDto): Promise<ReportReceipt> {
    const village = dto.child.addressDivision;
    if (!['village', 'township'].includes(levelOf(village))) {
      throw unprocessable(
        [{ field: 'child.addressDivision', message: 'must be a village or township' }],
        'The child’s address is not a village or township.',
      );
    }
    const reportId = randomUUID();
    const opened = await this.openCase(principal, dto, reportId);
    const now = new Date().toISOString();
    const receiptNumber = `QZBG-${chinaDateOf(now).replace(/-/g, '')}-${randomBytes(4).toString('hex').toUpperCase()}`;
    await insertReport(this.db, {
      reportId,
      receiptNumber,
      reporter: principal.id,
      reporterDivision: principal.division,
      caseId: opened.caseId,
      village,
      risk: dto.risk,
    });
    return { receiptNumber, filedAt: now, ...reportFeedback(opened.durable ? 'open' : null, null) };
  }

  /**
   * The case the report opened — or, when the child already has an active mandatory_report case,
   * that case: the report joins it, and the reporter learns nothing about it.
   */
  private async openCase(principal: Principal, dto: FileReportDto, reportId: string): Promise<{ caseId: string; durable: boolean }> {
    const village = dto.child.addressDivision;
    try {
      const outcome = await this.cases.open(
        principal,
        {
          kind: 'mandatory_report',
          division: village,
          subject: { name: dto.child.name, idNumber: dto.child.idNumber, addressDivision: village },
          risk: dto.risk,
          summary: dto.summary,
        },
        `report-${reportId}`,
        { reportId, readBack: false },
      );
      return outcome.status === 201 ? { caseId: outcome.view.id, durable: true } : { caseId: outcome.caseId, durable: outcome.status === 'opened' };
    } catch (e) {
      if (!(e instanceof Problem && (e.getResponse() as { code?: string }).code === 'DUPLICATE_ACTIVE_CASE')) throw e;
      const existing = await this.db.transaction((tx) => this.vault.activeCaseOf(tx, dto.child.idNumber.toUpperCase(), 'mandatory_report', reportId));
      if (!existing) throw e;
      return { caseId: existing.caseId, durable: true };
    }
  }

  async mine(principal: Principal): Promise<ReportReceipt[]> {
    return (await reportStatusesOf(this.db, principal.id, null)).map(receiptOf);
  }

  async one(principal: Principal, receiptNumber: string): Promise<ReportReceipt> {
    const [row] = await reportStatusesOf(this.db, principal.id, receiptNumber);
    if (!row) throw notFound('report');
    return receiptOf(row);
  }
}

function receiptOf(r: ReportStatusRow): ReportReceipt {
  const decision = r.decisionOutcome === 'approved' || r.decisionOutcome === 'denied' ? r.decisionOutcome : null;
  return { receiptNumber: r.receiptNumber, filedAt: r.filedAt, ...reportFeedback(r.caseStatus as CaseStatus | null, decision) };
}
