import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseState } from '../domain';

// TypeORM mappings of the tables created in migrations/ (never `synchronize`).

@Entity({ name: 'divisions' })
export class DivisionRow {
  @PrimaryColumn({ type: 'char', length: 12 }) code: string;
  @Column('text') name: string;
  @Column('text') level: string;
  @Column({ type: 'char', length: 12, nullable: true }) parent: string | null;
}

@Entity({ name: 'policies' })
export class PolicyRow {
  @PrimaryColumn('text') version: string;
  @Column('jsonb') document: unknown;
  @Column({ name: 'published_at', type: 'timestamptz' }) publishedAt: Date;
  @Column({ name: 'published_by', type: 'text' }) publishedBy: string;
}

@Entity({ name: 'cases' })
export class CaseRow {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' }) caseId: string;
  @Column({ name: 'case_number', type: 'text' }) caseNumber: string;
  @Column('text') family: string;
  @Column('text') kind: string;
  @Column('text') status: string;
  @Column('text') level: string;
  @Column({ type: 'char', length: 12 }) origin: string;
  @Column({ type: 'char', length: 12 }) holder: string;
  @Column({ type: 'text', nullable: true }) risk: string | null;
  @Column('boolean') overdue: boolean;
  @Column({ type: 'timestamptz', nullable: true }) deadline: Date | null;
  @Column('integer') version: number;
  @Column({ name: 'policy_version', type: 'text' }) policyVersion: string;
  @Column({ name: 'subject_ref', type: 'uuid' }) subjectRef: string;
  @Column({ name: 'opened_at', type: 'timestamptz' }) openedAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @Column('jsonb') state: CaseState;
  @Column({ name: 'transfer_to', type: 'char', length: 12, nullable: true }) transferTo: string | null;
}

@Entity({ name: 'case_events' })
export class CaseEventRow {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' }) caseId: string;
  @PrimaryColumn('integer') seq: number;
  @Column('text') type: string;
  @Column('jsonb') data: unknown;
  @Column('text') actor: string;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt: Date;
  @Column({ name: 'policy_version', type: 'text' }) policyVersion: string;
  @Column({ name: 'prev_hash', type: 'char', length: 64 }) prevHash: string;
  @Column({ type: 'char', length: 64 }) hash: string;
  @Column({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
}

@Entity({ name: 'subjects' })
export class SubjectRow {
  @PrimaryColumn({ name: 'subject_ref', type: 'uuid' }) subjectRef: string;
  @Column({ name: 'key_id', type: 'text' }) keyId: string;
  @Column('bytea') ciphertext: Buffer;
  @Column({ name: 'blind_index', type: 'bytea' }) blindIndex: Buffer;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity({ name: 'idempotency_keys' })
export class IdempotencyKeyRow {
  @PrimaryColumn('text') principal: string;
  @PrimaryColumn('text') key: string;
  @Column({ name: 'request_hash', type: 'char', length: 64 }) requestHash: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId: string;
  @Column({ name: 'subject_ref', type: 'uuid' }) subjectRef: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

export const ENTITIES = [DivisionRow, PolicyRow, CaseRow, CaseEventRow, SubjectRow, IdempotencyKeyRow];
