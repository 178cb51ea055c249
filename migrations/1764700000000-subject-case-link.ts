import { MigrationInterface, QueryRunner } from 'typeorm';

// Links each encrypted subject to the case it was recorded for, so the blind index can find
// "the same person with another active case of the same kind" (issue 4). Schema only.
export class SubjectCaseLink1764700000000 implements MigrationInterface {
  name = 'SubjectCaseLink1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE subjects ADD COLUMN case_id uuid, ADD COLUMN kind text`);
    await q.query(`CREATE INDEX subjects_person_kind_ix ON subjects (blind_index, kind)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX subjects_person_kind_ix`);
    await q.query(`ALTER TABLE subjects DROP COLUMN case_id, DROP COLUMN kind`);
  }
}
