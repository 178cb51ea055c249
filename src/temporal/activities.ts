import type { DataSource } from 'typeorm';
import type { CaseEvent, CaseState, Family } from '../domain';
import { allocateCaseNumberIn, appendEventsIn, storedEventsAfter, type AppendOutcome } from '../persistence/case-store.repository';
import { classified } from '../persistence/persistence-errors';
import type { CaseCrypto } from '../subjects/case-keys';

// Thin adapters between the workflow and PostgreSQL. Each is idempotent, so Temporal's retries
// are safe by construction; a failure is classified (refused for good, or retried) and carries no data.

export interface AllocateCaseNumberInput {
  caseId: string;
  family: Family;
  /** First six digits of the origin (its county). */
  county: string;
  year: number;
}

export interface AppendEventsInput {
  caseId: string;
  /** seq of events[0]; the events before it are already stored. */
  firstSeq: number;
  events: CaseEvent[];
  policyVersion: string;
  /** The state after folding the events: the new read model row. */
  state: CaseState;
  /** The Idempotency-Key of the command that produced the events: marked as landed, same transaction. */
  commandKey?: { principal: string; key: string } | null;
}

export interface CaseActivities {
  allocateCaseNumber: (input: AllocateCaseNumberInput) => Promise<string>;
  /** Nothing when the batch was stored now; the events already stored when it was a retry (the workflow takes those). */
  appendEvents: (input: AppendEventsInput) => Promise<AppendOutcome>;
  /**
   * The events stored after the workflow's version: the log got ahead of the workflow when an
   * Update's speculative workflow task wrote its batch and the server lost the task (a Temporal
   * server restart); the workflow catches up from the log, which is the case.
   */
  storedEventsAfter: (input: { caseId: string; version: number }) => Promise<{ caseId: string; events: CaseEvent[] }>;
}

/** `crypto`: the case keys the append seals narratives with (src/subjects/case-keys.ts). */
export function createCaseActivities(dataSource: DataSource, crypto: CaseCrypto): CaseActivities {
  return {
    allocateCaseNumber: (input) => classified(() => dataSource.transaction((tx) => allocateCaseNumberIn(tx, input))),
    appendEvents: (input) => classified(() => dataSource.transaction((tx) => appendEventsIn(tx, input, crypto))),
    storedEventsAfter: ({ caseId, version }) => classified(async () => ({ caseId, events: await storedEventsAfter(dataSource, caseId, version) })),
  };
}
