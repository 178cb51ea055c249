import { HttpStatus } from '@nestjs/common';
import { Problem } from '../http/problem';
import type { CommandRejection } from '../../workflows/case.messages';

// How the core's rejections read over HTTP. The core says why; this says which status.

const DETAIL: Record<CommandRejection['rejected'], string> = {
  CASE_NOT_OPEN_YET: 'The case is still being opened.',
  CASE_ALREADY_OPEN: 'The case is already open.',
  INVALID_DIVISION: 'The division is not valid.',
  INVALID_INPUT: 'The request is not valid for this case.',
  NOT_FOUND: 'No such case.',
  FORBIDDEN: 'You may not do this to this case.',
  NOT_AUTHORIZED_LEVEL: 'This level has no authority to decide this case.',
  CASE_CLOSED: 'The case is closed; only reopen is possible.',
  INVALID_STATUS: 'The case is not in a status that allows this.',
  NO_HIGHER_LEVEL: 'The case is already at the highest level.',
  ESCALATION_PENDING: 'An escalation request is already pending.',
  NO_PENDING_ESCALATION: 'No escalation request is pending.',
  TRANSFER_PENDING: 'A transfer is already pending.',
  NO_PENDING_TRANSFER: 'No transfer is pending.',
  CLOSURE_PENDING: 'A closure request is already pending.',
  NO_PENDING_CLOSURE: 'No closure request is pending.',
  UNKNOWN_REQUEST: 'No such request on this case.',
  SEPARATION_OF_DUTIES: 'Nobody approves their own request.',
  RETURN_NOT_ALLOWED_AT_ORIGIN: 'The case is at the unit that opened it; there is no level to return it to.',
  TRANSFER_SAME_UNIT: 'A transfer must go to another unit.',
  TRANSFER_LEVEL_MISMATCH: 'A transfer goes to a unit at the same level.',
  NOT_DUE: 'Nothing is due yet.',
  DATA_SHREDDED: "The case's data was destroyed when its retention ended.",
  LEGAL_HOLD: 'A legal hold stands on this case.',
  LEGAL_HOLD_IN_PLACE: 'A legal hold already stands on this case.',
  NO_LEGAL_HOLD: 'No legal hold stands on this case.',
  RETENTION_NOT_ENDED: "The case's retention has not ended.",
  PUBLIC_NOTICE_NOT_ALLOWED: 'This kind of case has no 公示 (its text forbids one to protect the child).',
  PUBLIC_NOTICE_RUNNING: 'A 公示 is running or its objection is open; wait for it to end.',
  PUBLIC_NOTICE_REQUIRED: 'The law requires an ended 公示 first.',
  NO_RUNNING_NOTICE: 'No 公示 is running.',
  NO_OBJECTION_PENDING: 'No objection to a termination 公示 is waiting for a decision.',
  PROCEDURE_NOT_EXTENDABLE: 'The procedure of this case cannot be extended (again).',
  NO_REFUSAL_NOTICE_DUE: 'No refusal notice is due on this case.',
  NO_REASSESSMENT_RULE: 'This kind of case has no re-assessment.',
  VERSION_MISMATCH: 'The case has changed since you read it.',
  UNSTORABLE: 'The request holds a value that cannot be stored; nothing was recorded.',
};

function statusOf(r: CommandRejection): HttpStatus {
  switch (r.rejected) {
    case 'NOT_FOUND':
    case 'UNKNOWN_REQUEST':
      return HttpStatus.NOT_FOUND;
    case 'FORBIDDEN':
    case 'NOT_AUTHORIZED_LEVEL':
    case 'SEPARATION_OF_DUTIES':
      return HttpStatus.FORBIDDEN;
    case 'INVALID_INPUT':
    case 'INVALID_DIVISION':
    case 'TRANSFER_SAME_UNIT':
    case 'TRANSFER_LEVEL_MISMATCH':
    case 'UNSTORABLE':
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case 'CASE_NOT_OPEN_YET':
    case 'CASE_ALREADY_OPEN':
    case 'CASE_CLOSED':
    case 'INVALID_STATUS':
    case 'NO_HIGHER_LEVEL':
    case 'ESCALATION_PENDING':
    case 'NO_PENDING_ESCALATION':
    case 'TRANSFER_PENDING':
    case 'NO_PENDING_TRANSFER':
    case 'CLOSURE_PENDING':
    case 'NO_PENDING_CLOSURE':
    case 'RETURN_NOT_ALLOWED_AT_ORIGIN':
    case 'NOT_DUE':
    case 'VERSION_MISMATCH':
    case 'DATA_SHREDDED':
    case 'LEGAL_HOLD':
    case 'LEGAL_HOLD_IN_PLACE':
    case 'NO_LEGAL_HOLD':
    case 'RETENTION_NOT_ENDED':
    case 'PUBLIC_NOTICE_NOT_ALLOWED':
    case 'PUBLIC_NOTICE_RUNNING':
    case 'PUBLIC_NOTICE_REQUIRED':
    case 'NO_RUNNING_NOTICE':
    case 'NO_OBJECTION_PENDING':
    case 'PROCEDURE_NOT_EXTENDABLE':
    case 'NO_REFUSAL_NOTICE_DUE':
    case 'NO_REASSESSMENT_RULE':
      return HttpStatus.CONFLICT;
    default: {
      const unreachable: never = r;
      return unreachable;
    }
  }
}

const FIELD: Partial<Record<CommandRejection['rejected'], string>> = {
  TRANSFER_SAME_UNIT: 'to',
  TRANSFER_LEVEL_MISMATCH: 'to',
  VERSION_MISMATCH: 'If-Match',
};

export function rejectionProblem(rejection: CommandRejection): Problem {
  const status = statusOf(rejection);
  if (status === HttpStatus.NOT_FOUND && rejection.rejected === 'NOT_FOUND') {
    return new Problem(status, 'Not found', { detail: 'No such case.' });
  }
  const { rejected, ...facts } = rejection;
  const field = 'field' in rejection ? rejection.field : FIELD[rejected];
  const message = 'message' in rejection ? rejection.message : DETAIL[rejected];
  return new Problem(
    status,
    rejected
      .toLowerCase()
      .replace(/_/g, ' ')
      .replace(/^./, (c) => c.toUpperCase()),
    {
      type: `https://casework.example/problems/${rejected.toLowerCase().replace(/_/g, '-')}`,
      detail: DETAIL[rejected],
      code: rejected,
      ...facts,
      ...(field ? { errors: [{ field, message }] } : {}),
    },
  );
}
