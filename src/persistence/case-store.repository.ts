import type { EntityManager } from 'typeorm';
import { eventNarratives, evolve, nextDeadline, outboundEvent, outboundSubject, type CaseEvent, type CaseState, type Family } from '../domain';
import type { CaseCrypto } from '../subjects/case-keys';
import { sealEvent } from '../subjects/narrative-cipher';
import { deleteSubjectsOfCase } from '../subjects/subjects.repository';
import type { AllocateCaseNumberInput, AppendEventsInput } from '../temporal/activities';
import { eventHash, GENESIS_HASH } from './event-chain';
import { insertOutboxEventsIn } from './outbox.repository';
import { projectReferralsIn } from './referrals.repository';
import { rowsOf, type Queryable } from './queryable';

/** The NATS subject prefix stored with each outbox row (the relay may publish under another). */
export const OUTBOUND_SUBJECT_PREFIX = 'casework.events';

// The write side of a case: its number, its hash-chained events and the read-model row, written
// only by the workflow's (local) activities. Each write is idempotent, so retries are safe.
//
// The persistence boundary of narratives (issue 12): every narrative field of an event (the core's
// table, src/domain/narrative.ts) is sealed under the case's data key before it is hashed and
// stored, and the read model is the fold of those sealed events — so the chain covers ciphertext,
// an auditor checks chain and read model without any key, and only a reader with the key sees text.

const FAMILY_PREFIX: Record<Family, string> = { minor_protection: 'MP', hardship: 'HS' };

/** The case's number, allocated once per case from a per-county, per-year counter. */
export async function allocateCaseNumberIn(tx: Queryable, { caseId, family, county, year }: AllocateCaseNumberInput): Promise<string> {
  const prefix = `${FAMILY_PREFIX[family]}-${county}`;
  const existing = await rowsOf<{ case_number: string }>(tx, 'SELECT case_number FROM case_numbers WHERE case_id = $1', [caseId]);
  if (existing.length) return existing[0].case_number;
  const [{ last }] = await rowsOf<{ last: number }>(
    tx,
    `INSERT INTO case_number_counters (prefix, year, last) VALUES ($1, $2, 1)
     ON CONFLICT (prefix, year) DO UPDATE SET last = case_number_counters.last + 1
     RETURNING last`,
    [prefix, year],
  );
  const caseNumber = `${prefix}-${year}-${String(last).padStart(6, '0')}`;
  await tx.query('INSERT INTO case_numbers (case_id, prefix, year, seq, case_number) VALUES ($1, $2, $3, $4, $5)', [
    caseId,
    prefix,
    year,
    last,
    caseNumber,
  ]);
  return caseNumber;
}

/** Append a batch of events to the chain and upsert the read model, in the caller's transaction. */
/** The per-case write lock (until the transaction ends): appends and rebuilds of one case take turns. */
export async function lockCaseWritesIn(tx: Queryable, caseId: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [caseId]);
}

export async function appendEventsIn(
  tx: EntityManager,
  { caseId, firstSeq, events, policyVersion, state, commandKey }: AppendEventsInput,
  crypto: CaseCrypto,
): Promise<AppendOutcome> {
  // One writer per case; the lock only guards against an attempt that timed out but still runs.
  await lockCaseWritesIn(tx, caseId);
  const [{ max }] = await rowsOf<{ max: number | null }>(tx, 'SELECT max(seq) AS max FROM case_events WHERE case_id = $1', [caseId]);
  const stored = max ?? 0;
  const lastSeq = firstSeq + events.length - 1;
  // A retry of a batch that already committed — perhaps decided again, at another time, by a
  // workflow task re-run after a worker died: what is stored is the case, so the workflow takes that.
  // It is this command's batch when the command's key landed (or the batch came from no command).
  if (stored >= lastSeq) {
    const ours = !commandKey || (await commandKeyLandedIn(tx, caseId, commandKey));
    return { caseId, alreadyStored: await storedEventsFrom(tx, caseId, firstSeq), ours };
  }
  if (stored !== firstSeq - 1) throw new Error(`case ${caseId}: expected stored seq ${firstSeq - 1}, found ${stored}`);

  let prevHash = GENESIS_HASH;
  if (stored > 0) {
    const [row] = await rowsOf<{ hash: string }>(tx, 'SELECT hash FROM case_events WHERE case_id = $1 AND seq = $2', [caseId, stored]);
    prevHash = row.hash;
  }
  const sealed = await sealedForStorage(tx, caseId, events, crypto);
  // Each event's state after it: the last is the read model, each one's holder goes out with it.
  const states: CaseState[] = [];
  sealed.reduce<CaseState | null>(
    (s, e) => {
      const next = evolve(s, e);
      states.push(next);
      return next;
    },
    stored > 0 ? await storedStateAt(tx, caseId, stored) : null,
  );
  const readModel = states.at(-1) ?? null;
  if (readModel === null || readModel.version !== state.version) {
    throw new Error(`case ${caseId}: the stored log folds to version ${readModel?.version ?? 0}, the workflow is at ${state.version}`);
  }
  // Events out (issue 14): one outbox row per event, personal data removed, in this transaction.
  await insertOutboxEventsIn(
    tx,
    sealed.map((event, i) => {
      const after = states[i];
      const out = outboundEvent(event, {
        caseId,
        seq: firstSeq + i,
        family: after.family,
        kind: after.kind,
        holder: after.holder,
        subjectRef: after.subjectRef,
      });
      return { subject: outboundSubject(OUTBOUND_SUBJECT_PREFIX, out), origin: after.origin, event: out };
    }),
  );
  for (const [i, event] of sealed.entries()) {
    const seq = firstSeq + i;
    const hash = eventHash(prevHash, { caseId, seq, type: event.type, data: event.data, actor: event.actor, occurredAt: event.at, policyVersion });
    await tx.query(
      `INSERT INTO case_events (case_id, seq, type, data, actor, occurred_at, policy_version, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [caseId, seq, event.type, JSON.stringify(event.data), event.actor, event.at, policyVersion, prevHash, hash],
    );
    prevHash = hash;
  }
  await upsertReadModel(tx, caseId, readModel);
  await projectReferralsIn(tx, caseId, sealed, readModel);
  // A retry of this command, even in a later run of the workflow, is answered with this version.
  if (commandKey) {
    await tx.query('UPDATE command_keys SET version = $3 WHERE principal = $1 AND key = $2 AND case_id = $4 AND version IS NULL', [
      commandKey.principal,
      commandKey.key,
      state.version,
      caseId,
    ]);
  }
  if (sealed.some((e) => e.type === 'CaseDataShredded')) {
    // Crypto-shredding, in the transaction that records it: the key under which every narrative of
    // the log was sealed, and the subject with its blind index.
    await crypto.destroy(tx, caseId);
    await deleteSubjectsOfCase(tx, caseId);
  }
  return undefined;
}

/**
 * What an append found: nothing when it stored the batch (a void result, so Temporal records no
 * payload), else the events already stored from its first seq — naming the case, as every payload
 * of a case's history does, so the codec can decode it for those in scope (src/codec/payload-cases.ts).
 */
export type AppendOutcome = { caseId: string; alreadyStored: CaseEvent[]; ours?: boolean } | undefined;

async function commandKeyLandedIn(tx: Queryable, caseId: string, { principal, key }: { principal: string; key: string }): Promise<boolean> {
  const rows = await rowsOf<{ version: number | null }>(tx, 'SELECT version FROM command_keys WHERE principal = $1 AND key = $2 AND case_id = $3', [
    principal,
    key,
    caseId,
  ]);
  return rows.some((r) => r.version !== null);
}

/** The case's stored events after `version`, as stored (narratives sealed), in order. */
export function storedEventsAfter(db: Queryable, caseId: string, version: number): Promise<CaseEvent[]> {
  return storedEventsFrom(db, caseId, version + 1);
}

async function storedEventsFrom(tx: Queryable, caseId: string, firstSeq: number): Promise<CaseEvent[]> {
  const rows = await rowsOf<{ type: string; data: unknown; actor: string; occurred_at: Date }>(
    tx,
    'SELECT type, data, actor, occurred_at FROM case_events WHERE case_id = $1 AND seq >= $2 ORDER BY seq',
    [caseId, firstSeq],
  );
  return rows.map((r) => ({ type: r.type, data: r.data, actor: r.actor, at: r.occurred_at.toISOString() }) as CaseEvent);
}

/** The events as stored: narratives sealed under the case's key (made here for a case opened without the API). */
async function sealedForStorage(tx: Queryable, caseId: string, events: readonly CaseEvent[], crypto: CaseCrypto): Promise<CaseEvent[]> {
  if (!events.some((e) => eventNarratives(e).length > 0)) return [...events];
  const key = await crypto.forWriting(tx, caseId);
  if (key === 'destroyed') throw new Error(`case ${caseId}: its data key was destroyed; no narrative can be recorded`);
  return events.map((e) => sealEvent(key, e));
}

/** The read model's state at `version`; when it is not there, the fold of the stored log. */
async function storedStateAt(tx: Queryable, caseId: string, version: number): Promise<CaseState | null> {
  const [row] = await rowsOf<{ state: CaseState }>(tx, 'SELECT state FROM cases WHERE case_id = $1', [caseId]);
  if (row?.state.version === version) return row.state;
  const rows = await rowsOf<{ type: string; data: unknown; actor: string; occurred_at: Date }>(
    tx,
    'SELECT type, data, actor, occurred_at FROM case_events WHERE case_id = $1 ORDER BY seq',
    [caseId],
  );
  return rows.reduce<CaseState | null>(
    (s, r) => evolve(s, { type: r.type, data: r.data, actor: r.actor, at: r.occurred_at.toISOString() } as CaseEvent),
    null,
  );
}

/**
 * The read-model row of a case. `onlyNewer` (the workflow's writes): a retried, older batch never
 * overwrites a newer row; false (`npm run rebuild-read-model`): the fold of the log wins.
 */
export async function upsertReadModel(tx: Queryable, caseId: string, state: CaseState, onlyNewer = true): Promise<void> {
  await tx.query(
    `INSERT INTO cases (case_id, case_number, family, kind, status, level, origin, holder, risk, overdue, deadline,
                        version, policy_version, subject_ref, opened_at, updated_at, state, transfer_to)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
     ON CONFLICT (case_id) DO UPDATE SET
       status = EXCLUDED.status, level = EXCLUDED.level, holder = EXCLUDED.holder, risk = EXCLUDED.risk,
       overdue = EXCLUDED.overdue, deadline = EXCLUDED.deadline, version = EXCLUDED.version,
       updated_at = EXCLUDED.updated_at, state = EXCLUDED.state, transfer_to = EXCLUDED.transfer_to
     ${onlyNewer ? 'WHERE cases.version < EXCLUDED.version' : ''}`,
    [
      caseId,
      state.caseNumber,
      state.family,
      state.kind,
      state.status,
      state.level,
      state.origin,
      state.holder,
      state.risk,
      state.overdue,
      nextDeadline(state),
      state.version,
      state.policyVersion,
      state.subjectRef,
      state.openedAt,
      state.updatedAt,
      JSON.stringify(state),
      state.pendingTransfer?.to ?? null,
    ],
  );
}

/** Every case that has events, in id order (a rebuild walks them). */
export async function caseIdsWithEvents(db: Queryable): Promise<string[]> {
  const rows = await rowsOf<{ case_id: string }>(db, 'SELECT DISTINCT case_id FROM case_events ORDER BY case_id');
  return rows.map((r) => r.case_id);
}

/** Read-model rows that no event backs (a rebuild removes them). */
export async function deleteCaseRowsWithoutEventsIn(tx: Queryable): Promise<number> {
  const rows = await rowsOf<{ case_id: string }>(
    tx,
    'DELETE FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.case_id) RETURNING case_id',
  );
  return rows.length;
}
