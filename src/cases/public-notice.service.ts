import { Inject, Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { maskIdNumber } from '../domain';
import type { Principal } from '../auth/principal';
import { notFound } from '../http/problem';
import { ScopedDb } from '../persistence/scoped-db.repository';
import { CASE_CRYPTO, type CaseCrypto } from '../subjects/case-keys';
import { SubjectVault } from '../subjects/subject-vault';
import { CaseReader } from './case-reader';

// What a 公示 shows the public (低保 第十九条, 特困 第十五、二十六条): who (surname and masked ID
// number), what, where and until when — never the narrative, the household or the amount.

export class PublicNoticeView {
  @ApiProperty() caseNumber: string;
  @ApiProperty({ enum: ['dibao', 'tekun'] }) kind: string;
  @ApiProperty({ enum: ['initial', 'termination'] }) purpose: string;
  @ApiProperty({ description: 'the village / community it is published in' }) place: string;
  @ApiProperty() startedAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ enum: ['running', 'objected', 'ended', 'withdrawn'] }) status: string;
  @ApiProperty({ description: 'surname only, e.g. 张某', nullable: true, type: String }) applicant: string | null;
  @ApiProperty({ description: 'masked: first 6 and last 4 characters', nullable: true, type: String }) idNumber: string | null;
}

/** 张三 → 张某: the surname alone (the first character; compound surnames are not told apart). */
export function publicName(name: string): string {
  const first = Array.from(name)[0];
  return first === undefined ? '某' : `${first}某`;
}

@Injectable()
export class PublicNotices {
  constructor(
    private readonly scoped: ScopedDb,
    private readonly reader: CaseReader,
    private readonly vault: SubjectVault,
    @Inject(CASE_CRYPTO) private readonly crypto: CaseCrypto,
  ) {}

  /** The case's latest 公示 as it is published; 404 when it has none. A read of the case (access-logged). */
  async latest(principal: Principal, caseId: string): Promise<PublicNoticeView> {
    return this.scoped.read(principal, async (db) => {
      const state = await this.reader.read(db, principal, caseId, 'read', 'public-notice');
      const notice = state.publicNotice ?? null;
      if (notice === null) throw notFound('public notice');
      const keys = await this.crypto.forReading(db, [caseId]);
      const subject = state.shreddedAt ? undefined : (await this.vault.load(db, [state.subjectRef], keys)).get(state.subjectRef);
      return {
        caseNumber: state.caseNumber,
        kind: state.kind,
        purpose: notice.purpose,
        place: notice.place,
        startedAt: notice.startedAt,
        endsAt: notice.endsAt,
        status: notice.status,
        applicant: subject ? publicName(subject.name) : null,
        idNumber: subject ? maskIdNumber(subject.idNumber) : null,
      };
    });
  }
}
