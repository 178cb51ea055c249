import { ApiProperty } from '@nestjs/swagger';
import { Flag } from '../http/fields';
import type { PendingApproval } from '../cases/case-queries.service';

/** Query of GET /v1/approvals. */
export class ApprovalsQuery {
  @Flag({
    optional: true,
    doc: {
      default: false,
      description:
        'also list the requests you made yourself (marked `mine: true`), which you may not decide (separation of duties). ' +
        'Without it they are left out.',
    },
  })
  includeOwn?: boolean;
}

/** One request waiting for the caller's unit. */
export class PendingApprovalView implements PendingApproval {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'MP-330106-2026-000123' }) caseNumber: string;
  @ApiProperty({ example: 'left_behind' }) kind: string;
  @ApiProperty({ description: 'the unit holding the case', example: '330106002051' }) holder: string;
  @ApiProperty({ enum: ['escalation', 'closure', 'transfer'] }) type: 'escalation' | 'closure' | 'transfer';
  @ApiProperty({ description: 'the request id (the transfer id for a transfer)' }) requestId: string;
  @ApiProperty({ description: 'the principal who made the request' }) requestedBy: string;
  @ApiProperty() reason: string;
  @ApiProperty({ type: String, nullable: true, description: 'when the request goes further up unanswered (ISO 8601), if it does' })
  dueAt: string | null;
  @ApiProperty({
    description: 'the caller made this request: listed only with includeOwn=true, and the caller may not approve or reject it (separation of duties)',
  })
  mine: boolean;
}

export class ApprovalList {
  @ApiProperty({ type: [PendingApprovalView] }) items: PendingApprovalView[];
}
