import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { CONFIG } from '../config/config';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client';
import type { Principal } from '../auth/principal';
import type { AppConfig } from '../config/config';
import { CaseReader, presentEvents } from '../cases/case-reader';
import { caseIdsActiveInPeriod } from '../cases/cases.repository';
import { knownDivisionCodes } from '../divisions/divisions.repository';
import { fold, mapStateNarratives, type CaseState } from '../domain';
import type { NarrativeView } from '../subjects/narrative-cipher';
import { notFound } from '../http/problem';
import { ScopedDb } from '../persistence/scoped-db.repository';
import { trustedKeyOf } from './audit-keys';
import { exportLines } from './case-export';
import { chainSummary, checkpointAnchor, compareReadModel, type CaseVerificationReport } from './case-verification';
import { latestCheckpointFor } from './checkpoints.repository';
import { readEvents, toCaseEvent, type EventLogRow } from './case-events.repository';
import type { ExportLine } from './export-format';
import { liveWorkflowState, replayReport, type TemporalReplayReport } from './history-replay';
import { latestWorkflowBuild, replaysOfWorkflow } from './history-replays.repository';
import { caseWorkflowId, historyReplayWorkflowId } from '../../workflows/case.messages';
import type { HistoryReplayWorkflow } from '../../workflows/history-replay.workflow';

export interface EventPage {
  caseId: string;
  /**
   * The rows, with their narratives opened for a reader who may see them and empty otherwise
   * (`narratives` says which). The chain links hash the stored ciphertext: check them with the
   * verification endpoint or an export, not from this page.
   */
  events: EventLogRow[];
  /** Pass as `after` for the next page; null on the last page. */
  next: number | null;
  narratives: NarrativeView;
}

export interface StateAt {
  caseId: string;
  at: string;
  version: number;
  state: CaseState;
  narratives: NarrativeView;
}

/** Replay of the event log for auditors (and readers): pages, point-in-time state, verification, export. */
@Injectable()
export class AuditService {
  private readonly log = new Logger('audit');

  constructor(
    private readonly db: DataSource,
    private readonly scoped: ScopedDb,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly reader: CaseReader,
  ) {}

  async events(principal: Principal, caseId: string, after: number, limit: number): Promise<EventPage> {
    const { rows, narratives } = await this.scoped.read(principal, async (db) => {
      const state = await this.reader.read(db, principal, caseId, 'read', 'events');
      // One more than asked tells whether another page follows.
      return { rows: await readEvents(db, caseId, after, limit + 1), narratives: await this.reader.narratives(db, principal, state) };
    });
    const page = rows.slice(0, limit);
    const shown = presentEvents(page.map(toCaseEvent), narratives);
    return {
      caseId,
      events: page.map((row, i) => ({ ...row, data: shown[i].data })),
      next: rows.length > limit ? page[page.length - 1].seq : null,
      narratives: narratives.view,
    };
  }

  /** The case as it stood at `at`: the same fold the workflow runs, over the events up to then. */
  async stateAt(principal: Principal, caseId: string, at: string): Promise<StateAt> {
    const atMs = Date.parse(at);
    const { rows, narratives } = await this.scoped.read(principal, async (db) => {
      const current = await this.reader.read(db, principal, caseId, 'read', 'state-at');
      return { rows: await readEvents(db, caseId), narratives: await this.reader.narratives(db, principal, current) };
    });
    const upTo: EventLogRow[] = [];
    for (const row of rows) {
      if (Date.parse(row.occurredAt) > atMs) break;
      upTo.push(row);
    }
    // The fold of the stored (sealed) events, then opened or masked like the case itself.
    const state = fold(upTo.map(toCaseEvent));
    if (!state) throw notFound('case at that time');
    return { caseId, at, version: state.version, state: mapStateNarratives(state, narratives.map), narratives: narratives.view };
  }

  async verify(principal: Principal, caseId: string): Promise<CaseVerificationReport> {
    const { readModel, rows, opened } = await this.scoped.read(principal, async (db) => {
      const state = await this.reader.read(db, principal, caseId, 'verify', 'verification');
      return { readModel: state, rows: await readEvents(db, caseId), opened: await this.reader.openedForComparison(db, state) };
    });
    const { anchor, report: checkpoint } = checkpointAnchor(caseId, await latestCheckpointFor(this.db, caseId), trustedKeyOf(this.config.audit));
    const [live, temporal] = await Promise.all([liveWorkflowState(this.temporal, caseId), this.replayRecord(caseId)]);
    return {
      caseId,
      chain: chainSummary(caseId, rows, anchor),
      checkpoint,
      readModel: compareReadModel(readModel, rows),
      // The workflow holds plaintext narratives, the log ciphertext: both sides are compared opened.
      workflowState: 'state' in live ? { checked: true, ...compareReadModel(live.state, rows, opened) } : { checked: false, reason: live.reason },
      temporal,
    };
  }

  /**
   * What the record of history replays says (the worker replays, never this process); when it is
   * behind the current run or the workflow code, a replay is started for the next look.
   */
  private async replayRecord(caseId: string): Promise<TemporalReplayReport> {
    const workflowId = caseWorkflowId(caseId);
    const [records, codeDigest, current] = await Promise.all([
      replaysOfWorkflow(this.db, workflowId),
      latestWorkflowBuild(this.db),
      this.currentRun(workflowId),
    ]);
    const report = replayReport(records, current, codeDigest);
    if (report.pending) await this.startReplay(caseId);
    return report;
  }

  private async currentRun(workflowId: string): Promise<{ runId: string; historyLength: number } | null> {
    try {
      const d = await this.temporal.withDeadline(Date.now() + 2000, () => this.temporal.workflow.getHandle(workflowId).describe());
      return { runId: d.runId, historyLength: d.historyLength };
    } catch {
      return null; // past retention, or Temporal away: the record is all there is
    }
  }

  private async startReplay(caseId: string): Promise<void> {
    try {
      await this.temporal.withDeadline(Date.now() + 2000, () =>
        this.temporal.workflow.start<typeof HistoryReplayWorkflow>('HistoryReplayWorkflow', {
          workflowId: historyReplayWorkflowId(caseId),
          taskQueue: this.config.temporal.taskQueue,
          args: [{ caseId }],
          // One replay at a time per case; a finished one may run again.
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      );
    } catch (e) {
      this.log.warn({ msg: 'could not start a history replay', error: (e as Error).name });
    }
  }

  /** Lines of a one-case export, after the access check. */
  async exportCase(principal: Principal, caseId: string): Promise<AsyncGenerator<ExportLine>> {
    const session = await this.scoped.open(principal);
    try {
      await this.reader.read(session.db, principal, caseId, 'verify', 'export');
    } catch (e) {
      await session.release();
      throw e;
    }
    return releasing(session, exportLines(session.db, [caseId], { case: caseId }, principal.id));
  }

  /** Lines of a subtree export; the controller has checked the division is in scope. */
  async exportSubtree(principal: Principal, division: string, from: string, to: string): Promise<AsyncGenerator<ExportLine>> {
    const session = await this.scoped.open(principal);
    try {
      const caseIds = await caseIdsActiveInPeriod(session.db, division, from, to);
      return releasing(session, exportLines(session.db, caseIds, { division, from, to }, principal.id));
    } catch (e) {
      await session.release();
      throw e;
    }
  }

  async divisionKnown(code: string): Promise<boolean> {
    return (await knownDivisionCodes(this.db, [code])).has(code);
  }
}

/** The lines, then the scoped transaction they were read in is closed, however the stream ends. */
async function* releasing(session: { release(): Promise<void> }, lines: AsyncGenerator<ExportLine>): AsyncGenerator<ExportLine> {
  try {
    yield* lines;
  } finally {
    await session.release();
  }
}
