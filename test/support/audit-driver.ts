import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import type { DataSource } from 'typeorm';
import { createCaseActivities } from '../../src/temporal/activities';
import { fold, type Actor, type CaseEvent, type CaseKind, type CaseState } from '../../src/domain';
import { caseWorkflowId, commandUpdate, type CommandResult, type PeopleCommand } from '../../workflows/case.messages';
import { COUNTY, idNumber, TOWNSHIP, VILLAGE } from './builders';
import { stackInfo } from './stack-info';
import { testConfig, type TestApp } from './test-app';
import { caseKeysFrom, type CaseCrypto } from '../../src/subjects/case-keys';

// Helpers for the audit tests and the history recorder: drive real cases through their
// workflow, seed chains straight through the appendEvents activity, and tamper as the superuser.

export const villageCaseworker: Actor = { id: 'cw-audit-village', roles: ['caseworker'], division: VILLAGE };
export const townshipSupervisor: Actor = { id: 'sv-audit-township', roles: ['supervisor'], division: TOWNSHIP };
export const townshipCaseworker: Actor = { id: 'cw-audit-township', roles: ['caseworker'], division: TOWNSHIP };
export const countyAuditor: Actor = { id: 'au-audit-county', roles: ['auditor'], division: COUNTY };

/** Opens a case over HTTP (the only door for opening) and answers its id. */
export async function openCase(t: TestApp, kind: CaseKind, risk: string | null = null): Promise<string> {
  const token = await t.token({ id: villageCaseworker.id, roles: ['caseworker'], division: VILLAGE });
  const body = { kind, subject: { name: '审计测试', idNumber: idNumber() }, summary: `audit ${kind}`, ...(risk ? { risk } : {}) };
  const res = await t.http().post('/v1/cases').set('Authorization', `Bearer ${token}`).send(body);
  if (res.status !== 201) throw new Error(`open ${kind}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** Sends one command to the case's workflow as `actor`, like the API does. */
export function command(temporal: Client, caseId: string, cmd: PeopleCommand, actor: Actor): Promise<CommandResult> {
  return temporal.workflow.getHandle(caseWorkflowId(caseId)).executeUpdate(commandUpdate, { args: [{ command: cmd, actor, expectedVersion: null }] });
}

/** The usual first steps at a village: assess, note, ask the township to take over, township approves. */
export function firstSteps(kind: CaseKind): { command: PeopleCommand; actor: Actor }[] {
  const hardship = ['dibao', 'tekun', 'temporary_aid', 'disability_subsidy'].includes(kind);
  const requestId = randomUUID();
  return [
    {
      command: {
        type: 'assess',
        risk: hardship ? null : 'medium',
        findings: '入户核查',
        householdSize: hardship ? 3 : null,
        monthlyAmount: hardship ? 600 : null,
      },
      actor: villageCaseworker,
    },
    { command: { type: 'addNote', text: '已联系监护人' }, actor: villageCaseworker },
    { command: { type: 'requestEscalation', requestId, reason: '需乡镇审核' }, actor: villageCaseworker },
    { command: { type: 'approveEscalation', requestId }, actor: townshipSupervisor },
    { command: { type: 'addNote', text: '乡镇已接收' }, actor: townshipCaseworker },
  ];
}

export async function readModel(db: DataSource, caseId: string): Promise<CaseState> {
  const [row]: { state: CaseState }[] = await db.query('SELECT state FROM cases WHERE case_id = $1', [caseId]);
  return row.state;
}

/**
 * A case of `notes + 1` events written straight through the appendEvents activity (real hashes,
 * real read model), without a workflow: for tamper tests and benchmarks.
 */
export async function seedCase(
  db: DataSource,
  notes: number,
  opts: { origin?: string; start?: number; batch?: number; caseCrypto?: CaseCrypto } = {},
): Promise<string> {
  const caseId = randomUUID();
  const origin = opts.origin ?? VILLAGE;
  const start = opts.start ?? Date.UTC(2026, 0, 5, 1, 0, 0);
  const at = (i: number) => new Date(start + i * 60_000).toISOString();
  const events: CaseEvent[] = [
    {
      type: 'CaseOpened',
      at: at(0),
      actor: villageCaseworker.id,
      data: {
        caseId,
        caseNumber: `HS-SEED-${caseId}`,
        family: 'hardship',
        kind: 'dibao',
        origin,
        subjectRef: randomUUID(),
        subjectMinorUnder14: false,
        risk: null,
        summary: 'seeded',
        policyVersion: 'seed',
        step: null,
        procedureDueAt: null,
      },
    },
  ];
  for (let i = 1; i <= notes; i++) events.push({ type: 'NoteAdded', at: at(i), actor: villageCaseworker.id, data: { text: `note ${i}` } });
  const { appendEvents } = createCaseActivities(db, opts.caseCrypto ?? caseKeysFrom(testConfig().caseKeys));
  const batch = opts.batch ?? 200;
  for (let from = 0; from < events.length; from += batch) {
    const slice = events.slice(from, from + batch);
    await appendEvents({ caseId, firstSeq: from + 1, events: slice, policyVersion: 'seed', state: fold(events.slice(0, from + slice.length))! });
  }
  return caseId;
}

/**
 * A superuser session on the test database with triggers off (session_replication_role =
 * replica): how an intruder with database access would rewrite the log. Only for own cases.
 */
export async function tamperSession(): Promise<PgClient> {
  const info = stackInfo();
  const url = new URL(info.adminDatabaseUrl);
  url.pathname = `/${info.databaseName}`;
  const pg = new PgClient({ connectionString: url.toString() });
  await pg.connect();
  await pg.query('SET session_replication_role = replica');
  return pg;
}
