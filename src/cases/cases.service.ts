import { createHmac, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client, WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { CONFIG } from '../config/config';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client';
import { within } from '../common/within';
import { Admission, AdmissionRefused } from '../common/admission';
import type { Principal } from '../auth/principal';
import type { AppConfig } from '../config/config';
import { ageOn, checkIdNumber, fold, openAccess, type CaseState, type PlaceLegalHold, type ReleaseLegalHold } from '../domain';
import { conflict, forbidden, notFound, Problem, unavailable, unprocessable } from '../http/problem';
import { canonicalJson } from '../common/canonical-json';
import { PoliciesService } from '../policies/policies.service';
import { Metrics } from '../metrics/metrics';
import { ScopedDb } from '../persistence/scoped-db.repository';
import { CASE_CRYPTO, type CaseCrypto } from '../subjects/case-keys';
import { SubjectVault, type SubjectData } from '../subjects/subject-vault';
import { requireKnownDivisions } from '../divisions/known-divisions';
import type { CaseWorkflow } from '../../workflows/case.workflow';
import {
  caseSearchAttributes,
  caseWorkflowId,
  commandUpdate,
  commandUpdateId,
  openedUpdate,
  rejectionFrom,
  resumedRun,
  type CaseWorkflowInput,
  type CommandRejection,
  type CommandRequest,
  type CommandResult,
  type PeopleCommand,
} from '../../workflows/case.messages';
import { CaseQueries } from './case-queries.service';
import { CaseReader, presentEvents } from './case-reader';
import type { CaseView } from './case-view';
import {
  commandByKey,
  lockIdempotencyKey,
  openingByKey,
  rememberCommand,
  rememberOpening,
  type RememberedCommand,
} from './idempotency-keys.repository';
import { readEvents, toCaseEvent, type EventLogRow } from '../audit/case-events.repository';
import { rejectionProblem } from './rejection-problem';
import type { OpenCaseDto } from './open-case.dto';

export type OpenOutcome = { status: 201; view: CaseView } | { status: 202; caseId: string } | { status: 'opened'; caseId: string };

export interface LegalHoldAnswer {
  id: string;
  caseNumber: string;
  version: number;
  legalHold: { placedBy: string; placedAt: string } | null;
}

export interface UnmaskedCase {
  case: CaseView;
  events: EventLogRow[];
}

/** The HTTP story of a case, between the controller and the workflow / read model. */
/** What a case may be opened from besides a person at the counter. */
export interface CaseLinks {
  signalId?: string;
  reportId?: string;
  /** False: the opener may not read the case (a mandated reporter): answer its id only, once durable. */
  readBack?: boolean;
}

@Injectable()
export class CasesService {
  private readonly log = new Logger('cases');
  /** One gate per API process for the calls that wait on case workflows. */
  private readonly admission: Admission;

  constructor(
    private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly vault: SubjectVault,
    private readonly policies: PoliciesService,
    private readonly scoped: ScopedDb,
    private readonly metrics: Metrics,
    private readonly reader: CaseReader,
    @Inject(CASE_CRYPTO) private readonly crypto: CaseCrypto,
    private readonly queries: CaseQueries,
  ) {
    this.admission = new Admission(config.admission ?? { limit: 32, queue: 64, waitMs: 1000 });
  }

  /** `links`: the signal or mandated report the case is opened from, recorded in CaseOpened (issue 14). */
  async open(principal: Principal, dto: OpenCaseDto, idempotencyKey: string | null, links: CaseLinks = {}): Promise<OpenOutcome> {
    const division = dto.division ?? principal.division;
    if (openAccess(principal, division, dto.kind) !== 'allowed') throw forbidden('Caseworkers open cases in their own unit.');
    await this.requireDivisions([
      ['division', division],
      ['subject.addressDivision', dto.subject.addressDivision],
    ]);
    const now = new Date().toISOString();
    const id = checkIdNumber(dto.subject.idNumber, now);
    if (!id.ok) throw unprocessable([{ field: 'subject.idNumber', message: 'is not a valid citizen ID number' }], 'The subject is not valid.');

    // Shed before anything is written: a refused opening leaves no subject behind.
    return this.admitted(() => this.reserveAndStart(principal, dto, idempotencyKey, division, id.value, now, links));
  }

  private async reserveAndStart(
    principal: Principal,
    dto: OpenCaseDto,
    idempotencyKey: string | null,
    division: string,
    id: { idNumber: string; birthDate: string; sex: SubjectData['sex'] },
    now: string,
    links: CaseLinks,
  ): Promise<OpenOutcome> {
    const { caseId, subjectRef } = await this.reserve(principal, dto, idempotencyKey, {
      name: dto.subject.name,
      idNumber: id.idNumber,
      birthDate: id.birthDate,
      sex: id.sex,
      addressDivision: dto.subject.addressDivision ?? null,
      household: dto.subject.household?.map((m) => ({ name: m.name, relation: m.relation, idNumber: m.idNumber })) ?? [],
    });
    const input: CaseWorkflowInput = {
      open: {
        type: 'open',
        caseId,
        kind: dto.kind,
        division,
        subjectRef,
        subjectMinorUnder14: ageOn(id.birthDate, now) < 14,
        risk: dto.risk ?? null,
        summary: dto.summary,
        ...(links.signalId ? { signalId: links.signalId } : {}),
        ...(links.reportId ? { reportId: links.reportId } : {}),
      },
      openedBy: { id: principal.id, roles: principal.roles, division: principal.division },
      // The policy resolved for the origin (its province, city and county overrides), pinned for life.
      policy: await this.policies.resolvedFor(division),
      ...(this.config.caseHistoryLimit ? { historyLimit: this.config.caseHistoryLimit } : {}),
    };
    if (!(await this.startAndWaitForOpened(caseId, input))) return { status: 202, caseId };
    if (links.readBack === false) return { status: 'opened', caseId };
    return { status: 201, view: await this.get(principal, caseId) };
  }

  async get(principal: Principal, caseId: string): Promise<CaseView> {
    return this.scoped.read(principal, async (db) => {
      const [view] = await this.reader.present(db, principal, [await this.reader.authorized(db, principal, caseId, 'read')]);
      return view;
    });
  }

  /**
   * Send a command to the case's workflow. Scope, role and version are checked against the read
   * model first (cheap, and out-of-scope answers 404 without touching Temporal); the workflow's
   * validator decides again on the live state, so a concurrent change is caught there.
   *
   * With an Idempotency-Key the command is this request, once: the key remembers the request's
   * fingerprint (another body → 422) and, once the events landed, the version they produced; a
   * retry then answers the case as it stood right after the first attempt, in any run of the workflow.
   */
  async command(principal: Principal, caseId: string, command: PeopleCommand, ifMatch: number, requestKey: string | null): Promise<CaseView> {
    // The command type is the action the access rules name.
    const state = await this.scoped.read(principal, (db) => this.reader.authorized(db, principal, caseId, command.type));
    if (command.type === 'requestTransfer') await this.requireDivisions([['to', command.to]]);
    if (requestKey === null) {
      if (state.version !== ifMatch) throw rejectionProblem({ rejected: 'VERSION_MISMATCH', currentVersion: state.version });
      return this.send(principal, state, { command, actor: actorOf(principal), expectedVersion: ifMatch, key: null });
    }
    const remembered = await this.rememberCommand(principal, caseId, command, requestKey);
    if (remembered.version !== null) return this.answerAt(principal, caseId, remembered.version);
    // A version the case has never reached (the read model is written with the events) is never
    // right; the workflow takes any version it has not reached yet as its log being ahead of it.
    if (ifMatch > state.version) throw rejectionProblem({ rejected: 'VERSION_MISMATCH', currentVersion: state.version });
    try {
      // A stale version may be our own earlier attempt: Temporal answers a repeated Update id with
      // its first outcome within a run, and the validator still refuses a genuinely stale command.
      return await this.send(principal, state, { command, actor: actorOf(principal), expectedVersion: ifMatch, key: requestKey });
    } catch (e) {
      // The first attempt may have landed in an earlier run of the workflow, which no longer knows the Update id.
      const landed = e instanceof Problem && e.getStatus() === 409 ? await this.landedVersion(principal, requestKey) : null;
      if (landed !== null) return this.answerAt(principal, caseId, landed);
      throw e;
    }
  }

  /**
   * An admin's legal hold on a case found by its number: placed or released through the case's
   * workflow like any command (If-Match optional: a hold concerns the case's data, not its work),
   * answered without the case's content (admins see none).
   */
  async legalHold(
    principal: Principal,
    caseNumber: string,
    command: PlaceLegalHold | ReleaseLegalHold,
    ifMatch: number | null,
  ): Promise<LegalHoldAnswer> {
    const { id } = await this.queries.idByNumber(principal, caseNumber);
    const state = await this.scoped.read(principal, (db) => this.reader.authorized(db, principal, id, command.type));
    if (ifMatch !== null && state.version !== ifMatch) throw rejectionProblem({ rejected: 'VERSION_MISMATCH', currentVersion: state.version });
    const result = await this.dispatch(
      id,
      { command, actor: actorOf(principal), expectedVersion: ifMatch, key: null },
      await this.resumption(principal, state),
    );
    const hold = result.state.legalHold ?? null;
    return {
      id,
      caseNumber: result.state.caseNumber,
      version: result.state.version,
      legalHold: hold && { placedBy: hold.placedBy, placedAt: hold.placedAt },
    };
  }

  /** Break-glass: the case and its events unmasked, for a reason that goes into the access log first. */
  async unmasked(principal: Principal, caseId: string, reason: string): Promise<UnmaskedCase> {
    return this.scoped.read(principal, async (db) => {
      const { view, narratives } = await this.reader.unmasked(db, principal, caseId, reason);
      const rows = await readEvents(db, caseId);
      const shown = presentEvents(rows.map(toCaseEvent), narratives);
      return { case: view, events: rows.map((row, i) => ({ ...row, data: shown[i].data })) };
    });
  }

  private async send(principal: Principal, state: CaseState, request: CommandRequest): Promise<CaseView> {
    const result = await this.dispatch(state.caseId, request, await this.resumption(principal, state));
    // The answer shows the person: a read like any other.
    return this.scoped.read(principal, async (db) => (await this.reader.present(db, principal, [result.state]))[0]);
  }

  /**
   * The workflow of a closed case completes after the policy's reopen window. A command to a closed
   * case therefore carries what a new run needs: the state rebuilt by evolve from the case's event
   * log (as stored, narratives sealed) and its pinned policy. Null when not closed, or when the log
   * and the read model disagree (then nothing is rebuilt from it).
   */
  private async resumption(principal: Principal, state: CaseState): Promise<CaseWorkflowInput | null> {
    if (state.status !== 'closed') return null;
    const policy = await this.policies.pinned(state.policyVersion);
    if (!policy) return null;
    const folded = await this.scoped.read(principal, async (db) => fold((await readEvents(db, state.caseId)).map(toCaseEvent)));
    if (folded?.version !== state.version) return null;
    return { ...resumedRun(folded, policy), ...(this.config.caseHistoryLimit ? { historyLimit: this.config.caseHistoryLimit } : {}) };
  }

  /**
   * The command to the case's workflow, within the command wait; the request names its case (for
   * the codec's scope). With `resume`, one Update-With-Start: the running workflow takes it, or a
   * new run of the same case starts from the log and takes it (the chain continues at the next seq).
   */
  private async dispatch(caseId: string, request: CommandRequest, resume: CaseWorkflowInput | null = null): Promise<CommandResult> {
    const options = {
      args: [{ ...request, caseId }] as [CommandRequest],
      // A retry with the same key is the same Update: Temporal applies it once per run.
      updateId: request.key ? commandUpdateId(request.actor.id, request.key) : undefined,
    };
    const update = () =>
      this.temporal.withDeadline(Date.now() + this.config.commandWaitMs, () =>
        resume
          ? this.temporal.workflow.executeUpdateWithStart(commandUpdate, {
              ...options,
              startWorkflowOperation: new WithStartWorkflowOperation<typeof CaseWorkflow>('CaseWorkflow', {
                workflowId: caseWorkflowId(caseId),
                taskQueue: this.config.temporal.taskQueue,
                args: [resume],
                workflowIdConflictPolicy: 'USE_EXISTING',
                // A new run starts without the old one's search attributes; it writes only what changes.
                typedSearchAttributes: resume.carried ? caseSearchAttributes(resume.carried.state, null) : [],
              }),
            })
          : this.temporal.workflow.getHandle(caseWorkflowId(caseId)).executeUpdate(commandUpdate, options),
      );
    let result: CommandResult;
    try {
      result = await this.admitted(() => this.withinCommandWait(update()));
      this.metrics.commands.inc({ command: request.command.type, outcome: 'applied' });
    } catch (e) {
      const status = (e as { getStatus?: () => number }).getStatus?.();
      this.metrics.commands.inc({ command: request.command.type, outcome: status === 503 ? 'unavailable' : 'rejected' });
      throw e;
    }
    return result;
  }

  /** The key's record for this request: created on first use; 422 if the key was used for another request. */
  private async rememberCommand(principal: Principal, caseId: string, command: PeopleCommand, key: string): Promise<RememberedCommand> {
    const requestHash = this.fingerprint({ caseId, command });
    return this.db.transaction(async (tx) => {
      await lockIdempotencyKey(tx, principal.id, key);
      const earlier = await commandByKey(tx, principal.id, key);
      if (earlier) {
        if (earlier.requestHash !== requestHash || earlier.caseId !== caseId) throw keyReused();
        return earlier;
      }
      await rememberCommand(tx, principal.id, key, { caseId, requestHash });
      return { caseId, requestHash, version: null };
    });
  }

  private async landedVersion(principal: Principal, key: string): Promise<number | null> {
    return (await commandByKey(this.db, principal.id, key))?.version ?? null;
  }

  /** The case as it stood right after `version`: the fold of its first `version` events. */
  private answerAt(principal: Principal, caseId: string, version: number): Promise<CaseView> {
    return this.scoped.read(principal, async (db) => {
      await this.reader.authorized(db, principal, caseId, 'read');
      const state = fold((await readEvents(db, caseId, 0, version)).map(toCaseEvent));
      if (!state) throw notFound('case');
      return (await this.reader.present(db, principal, [state]))[0];
    });
  }

  /** Keyed, so the stored fingerprint of a body with personal data reveals nothing. */
  private fingerprint(request: unknown): string {
    return createHmac('sha256', this.config.pii.blindIndexKey).update(canonicalJson(request)).digest('hex');
  }

  /** Work that waits on a workflow, once admitted; refused at once (503, Retry-After) while too much already waits. */
  private async admitted<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await this.admission.run(work);
    } catch (e) {
      if (!(e instanceof AdmissionRefused)) throw e;
      this.metrics.shed.inc({ reason: e.reason });
      throw unavailable('The service is at capacity; retry shortly.', 1);
    }
  }

  private async withinCommandWait(update: Promise<CommandResult>): Promise<CommandResult> {
    try {
      const outcome = await within(update, this.config.commandWaitMs);
      if (!outcome.settled) throw unavailable('The case did not confirm in time; retry with the same Idempotency-Key and If-Match.', 5);
      return outcome.value;
    } catch (e) {
      const rejection = rejectionOf(e);
      if (rejection) throw rejectionProblem(rejection);
      if (e instanceof WorkflowUpdateFailedError || (e as Error).name === 'WorkflowNotFoundError')
        throw conflict('The case cannot take commands now.');
      if ((e as { getStatus?: unknown }).getStatus) throw e;
      this.log.warn({ msg: 'case command failed', error: (e as Error).name });
      throw unavailable('The workflow service is not reachable; retry.', 5);
    }
  }

  private requireDivisions(fields: [string, string | undefined][]): Promise<void> {
    return requireKnownDivisions(this.db, fields);
  }

  /**
   * Fix the case id and subject for this request. With an Idempotency-Key the first request's
   * ids are reused, so a retry reaches the same workflow; the same key with another body is refused.
   */
  private async reserve(
    principal: Principal,
    dto: OpenCaseDto,
    key: string | null,
    subject: SubjectData,
  ): Promise<{ caseId: string; subjectRef: string }> {
    const requestHash = this.fingerprint(dto);
    return this.db.transaction(async (tx) => {
      if (key !== null) {
        await lockIdempotencyKey(tx, principal.id, key);
        const earlier = await openingByKey(tx, principal.id, key);
        if (earlier) {
          if (earlier.requestHash !== requestHash) throw keyReused();
          return { caseId: earlier.caseId, subjectRef: earlier.subjectRef };
        }
      }
      const fresh = { caseId: randomUUID(), subjectRef: randomUUID() };
      // One active case of a kind per person: found by the keyed blind index, never by plaintext.
      await this.vault.lockPerson(tx, subject.idNumber);
      const existing = await this.vault.activeCaseOf(tx, subject.idNumber, dto.kind, fresh.caseId);
      if (existing) {
        throw conflict('This person already has an active case of this kind.', {
          code: 'DUPLICATE_ACTIVE_CASE',
          existingCaseNumber: existing.caseNumber,
        });
      }
      // The case's own data key, made with its subject: everything personal about the case is under it.
      const dataKey = await this.crypto.create(tx, fresh.caseId);
      await this.vault.store(tx, fresh.subjectRef, subject, { caseId: fresh.caseId, kind: dto.kind }, dataKey);
      if (key !== null) await rememberOpening(tx, principal.id, key, { requestHash, ...fresh });
      return fresh;
    });
  }

  /**
   * Start the case's workflow and wait for CaseOpened to be durable, in one call to Temporal
   * (Update-With-Start: the opening Update rides on the start, and the first workflow task's local
   * activities write the event). A retry of the same request finds the workflow the first started.
   */
  private async startAndWaitForOpened(caseId: string, input: CaseWorkflowInput): Promise<boolean> {
    const startWorkflowOperation = new WithStartWorkflowOperation<typeof CaseWorkflow>('CaseWorkflow', {
      workflowId: caseWorkflowId(caseId),
      taskQueue: this.config.temporal.taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    const update = this.temporal.withDeadline(Date.now() + this.config.openWaitMs, () =>
      this.temporal.workflow.executeUpdateWithStart(openedUpdate, { startWorkflowOperation, updateId: 'opened' }),
    );
    if (await this.waitForOpened(update)) return true;
    // Not open in time: accepted (202) if the workflow exists — it opens the case once a worker is
    // back — else Temporal did not take the start.
    if (await this.workflowExists(caseId)) return false;
    throw unavailable('The workflow service is not reachable; retry with the same Idempotency-Key.', 5);
  }

  private async workflowExists(caseId: string): Promise<boolean> {
    try {
      await this.temporal.withDeadline(Date.now() + 2000, () => this.temporal.workflow.getHandle(caseWorkflowId(caseId)).describe());
      return true;
    } catch (e) {
      this.log.warn({ msg: 'case workflow not started', error: (e as Error).name });
      return false;
    }
  }

  /** True once CaseOpened is durable; false if that takes longer than the configured wait or the call failed. Refused for good: 422. */
  private async waitForOpened(update: Promise<unknown>): Promise<boolean> {
    // An abandoned wait is fine: the workflow opens the case when a worker is back.
    const opened = await within(
      update.then(
        () => true,
        (e: unknown) => {
          const rejection = rejectionOf(e);
          if (rejection) throw rejectionProblem(rejection);
          return false;
        },
      ),
      this.config.openWaitMs,
    );
    return opened.settled && opened.value;
  }
}

const actorOf = (principal: Principal) => ({ id: principal.id, roles: principal.roles, division: principal.division });

const keyReused = () =>
  unprocessable(
    [{ field: 'Idempotency-Key', message: 'was already used with a different body' }],
    'The Idempotency-Key was used for another request.',
  );

/** The core's rejection a refused command carried back through Temporal, or null for any other failure. */
function rejectionOf(e: unknown): CommandRejection | null {
  return e instanceof WorkflowUpdateFailedError ? rejectionFrom(e.cause) : null;
}
