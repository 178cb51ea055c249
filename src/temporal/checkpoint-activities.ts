import type { KeyObject } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { createCheckpoint } from '../audit/checkpoint-store';

// The periodic signed checkpoint of the event log (issue 5), run by the AuditCheckpointWorkflow.

export interface CheckpointMade {
  checkpointId: string;
  caseCount: number;
  /** Where the copy outside the database was written, if a folder is configured. */
  file: string | null;
}

export interface CheckpointActivities {
  makeCheckpoint(): Promise<CheckpointMade>;
}

export function createCheckpointActivities(db: DataSource, signing: { key: KeyObject; dir: string | null } | null): CheckpointActivities {
  return {
    async makeCheckpoint() {
      if (!signing) throw ApplicationFailure.nonRetryable('no AUDIT_SIGNING_KEY configured on this worker', 'NoSigningKey');
      const doc = await createCheckpoint(db, signing.key);
      let file: string | null = null;
      if (signing.dir) {
        mkdirSync(signing.dir, { recursive: true });
        file = join(signing.dir, `checkpoint-${doc.createdAt.replace(/[:.]/g, '-')}-${doc.checkpointId.slice(0, 8)}.json`);
        writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
      }
      return { checkpointId: doc.checkpointId, caseCount: doc.caseCount, file };
    },
  };
}
