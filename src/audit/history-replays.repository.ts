import { rowsOf, type Queryable } from '../persistence/queryable';

// The record of history replays (migration 1765100000001): one row per workflow run.

export interface RunReplay {
  runId: string;
  /** 0 for the first run of the case, then one more per continue-as-new. */
  runIndex: number;
  historyLength: number;
  codeDigest: string;
  replays: boolean;
  error: string | null;
  replayedAt: string;
}

export async function replaysOfWorkflow(db: Queryable, workflowId: string): Promise<RunReplay[]> {
  const rows = await rowsOf<{
    run_id: string;
    run_index: number;
    history_length: number;
    code_digest: string;
    replays: boolean;
    error: string | null;
    replayed_at: Date;
  }>(
    db,
    `SELECT run_id, run_index, history_length, code_digest, replays, error, replayed_at
       FROM history_replays WHERE workflow_id = $1 ORDER BY run_index`,
    [workflowId],
  );
  return rows.map((r) => ({
    runId: r.run_id,
    runIndex: r.run_index,
    historyLength: r.history_length,
    codeDigest: r.code_digest,
    replays: r.replays,
    error: r.error,
    replayedAt: r.replayed_at.toISOString(),
  }));
}

export async function recordRunReplay(db: Queryable, workflowId: string, replay: Omit<RunReplay, 'replayedAt'>): Promise<void> {
  await db.query(
    `INSERT INTO history_replays (workflow_id, run_id, run_index, history_length, code_digest, replays, error)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (workflow_id, run_id) DO UPDATE SET
       run_index = EXCLUDED.run_index, history_length = EXCLUDED.history_length, code_digest = EXCLUDED.code_digest,
       replays = EXCLUDED.replays, error = EXCLUDED.error, replayed_at = now()`,
    [workflowId, replay.runId, replay.runIndex, replay.historyLength, replay.codeDigest, replay.replays, replay.error],
  );
}

/** The workflow code of the worker started last (null before any worker registered its build). */
export async function latestWorkflowBuild(db: Queryable): Promise<string | null> {
  const rows = await rowsOf<{ code_digest: string }>(db, 'SELECT code_digest FROM workflow_builds ORDER BY last_started DESC LIMIT 1');
  return rows[0]?.code_digest ?? null;
}

export async function registerWorkflowBuild(db: Queryable, codeDigest: string): Promise<void> {
  await db.query('INSERT INTO workflow_builds (code_digest) VALUES ($1) ON CONFLICT (code_digest) DO UPDATE SET last_started = now()', [codeDigest]);
}
