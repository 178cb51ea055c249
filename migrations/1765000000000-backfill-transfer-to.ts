import { MigrationInterface, QueryRunner } from 'typeorm';

// Backfill of cases.transfer_to (added by 1764900000000) from the stored state. Backfill only.
export class BackfillTransferTo1765000000000 implements MigrationInterface {
  name = 'BackfillTransferTo1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE cases SET transfer_to = state->'pendingTransfer'->>'to' WHERE state->'pendingTransfer'->>'to' IS NOT NULL`);
  }

  async down(): Promise<void> {
    // The column goes with 1764900000000's down.
  }
}
