import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import type { SignalRules } from '../domain';
import type { Principal } from '../auth/principal';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client';
import { caseWorkflowId, commandUpdate, type CommandRequest } from '../../workflows/case.messages';
import { DataSource } from 'typeorm';
import { markSignalRecorded } from './signals.repository';

// A matched signal goes onto its open case as SignalReceived, through the case's workflow like
// every command (the core decides; the workflow persists). The Update id is the signal's, so a
// retry within the workflow's run is the same Update.

const CONCURRENCY = 16;

@Injectable()
export class CaseSignals {
  private readonly log = new Logger('signals');

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly db: DataSource,
  ) {}

  /** Record each signal on its case; answers how many were recorded (the rest stay pending). */
  async record(
    principal: Principal,
    signals: readonly { source: string; signalId: string; type: string; score: number; caseId: string }[],
    rules: SignalRules,
  ): Promise<number> {
    let recorded = 0;
    const queue = [...signals];
    const work = async () => {
      for (let s = queue.shift(); s; s = queue.shift()) {
        const request: CommandRequest = {
          command: {
            type: 'recordSignal',
            signalId: s.signalId,
            source: s.source,
            signalType: s.type,
            score: s.score,
            reviewWithinWorkingDays: rules.types[s.type]?.reviewWithinWorkingDays ?? null,
          },
          actor: { id: principal.id, roles: principal.roles, division: principal.division },
          expectedVersion: null,
          key: null,
          caseId: s.caseId,
        };
        try {
          await this.temporal.workflow
            .getHandle(caseWorkflowId(s.caseId))
            .executeUpdate(commandUpdate, { args: [request], updateId: `signal:${s.source}:${s.signalId}` });
          await markSignalRecorded(this.db, s.source, s.signalId);
          recorded++;
        } catch (e) {
          // The error's class only: the case stays as it was, the signal pending.
          this.log.warn({
            msg: 'signal not recorded on its case',
            caseId: s.caseId,
            error: e instanceof WorkflowUpdateFailedError ? 'rejected' : (e as Error).name,
          });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, signals.length) }, work));
    return recorded;
  }
}
