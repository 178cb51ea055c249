import { DataSource, EntityManager } from 'typeorm';
import { nextDeadline, type CaseEvent, type CaseState, type Family } from '../domain';
import { eventHash, GENESIS_HASH } from '../persistence/event-chain';

// Thin adapters between the workflow and PostgreSQL. Each is idempotent, so Temporal's retries
// are safe by construction.

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
}

export interface CaseActivities {
  allocateCaseNumber(input: AllocateCaseNumberInput): Promise<string>;
  appendEvents(input: AppendEventsInput): Promise<void>;
}

const FAMILY_PREFIX: Record<Family, string> = { minor_protection: 'MP', hardship: 'HS' };

export function createCaseActivities(dataSource: DataSource): CaseActivities {
  return {
    async allocateCaseNumber({ caseId, family, county, year }) {
      const prefix = `${FAMILY_PREFIX[family]}-${county}`;
      return dataSource.transaction(async (tx) => {
        const existing: { case_number: string }[] = await tx.query('SELECT case_number FROM case_numbers WHERE case_id = $1', [caseId]);
        if (existing.length) return existing[0].case_number;
        const [{ last }]: { last: number }[] = await tx.query(
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
      });
    },

    async appendEvents(input) {
      await dataSource.transaction(async (tx) => appendInTransaction(tx, input));
    },
  };
}

async function appendInTransaction(tx: EntityManager, { caseId, firstSeq, events, policyVersion, state }: AppendEventsInput): Promise<void> {
  // One writer per case; the lock only guards against an attempt that timed out but still runs.
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [caseId]);
  const [{ max }]: { max: number | null }[] = await tx.query('SELECT max(seq) AS max FROM case_events WHERE case_id = $1', [caseId]);
  const stored = max ?? 0;
  const lastSeq = firstSeq + events.length - 1;
  if (stored >= lastSeq) return; // a retry of a batch that already committed
  if (stored !== firstSeq - 1) throw new Error(`case ${caseId}: expected stored seq ${firstSeq - 1}, found ${stored}`);

  let prevHash = GENESIS_HASH;
  if (stored > 0) {
    const [row]: { hash: string }[] = await tx.query('SELECT hash FROM case_events WHERE case_id = $1 AND seq = $2', [caseId, stored]);
    prevHash = row.hash;
  }
  for (const [i, event] of events.entries()) {
    const seq = firstSeq + i;
    const hash = eventHash(prevHash, { caseId, seq, type: event.type, data: event.data, actor: event.actor, occurredAt: event.at, policyVersion });
    await tx.query(
      `INSERT INTO case_events (case_id, seq, type, data, actor, occurred_at, policy_version, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [caseId, seq, event.type, JSON.stringify(event.data), event.actor, event.at, policyVersion, prevHash, hash],
    );
    prevHash = hash;
  }
  await tx.query(
    `INSERT INTO cases (case_id, case_number, family, kind, status, level, origin, holder, risk, overdue, deadline,
                        version, policy_version, subject_ref, opened_at, updated_at, state, transfer_to)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
     ON CONFLICT (case_id) DO UPDATE SET
       status = EXCLUDED.status, level = EXCLUDED.level, holder = EXCLUDED.holder, risk = EXCLUDED.risk,
       overdue = EXCLUDED.overdue, deadline = EXCLUDED.deadline, version = EXCLUDED.version,
       updated_at = EXCLUDED.updated_at, state = EXCLUDED.state, transfer_to = EXCLUDED.transfer_to
     WHERE cases.version < EXCLUDED.version`,
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
