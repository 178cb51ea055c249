import { RISKS, type Risk } from '../domain';
import { DivisionCode, Flag, OneOf, Text, WholeNumber, Yuan } from '../http/fields';

// Bodies of the commands people send to a case (SPEC §6). Free text is bounded; amounts are yuan.

export class AssessmentDto {
  @OneOf(RISKS, { optional: true, doc: { description: 'minor protection' } }) risk?: Risk;
  @Text(4000, { doc: { example: '入户核查：家中无劳动力' } }) findings: string;
  @WholeNumber(1, 30, { optional: true, doc: { description: 'hardship: people in the household' } }) householdSize?: number;
  @Yuan({ optional: true, doc: { description: 'hardship: monthly amount requested or assessed, yuan (at most two decimals)' } })
  monthlyAmount?: number;
  @Flag({ optional: true, doc: { description: 'dibao: household income changes often (reviewed every 6 months)' } }) incomeVolatile?: boolean;
}

export class NoteDto {
  @Text(4000) text: string;
}

export class ReasonDto {
  @Text(2000) reason: string;
}

export class DecisionDto {
  @OneOf(['approved', 'denied']) outcome: 'approved' | 'denied';
  @Text(200, { optional: true, doc: { example: '城乡低保' } }) benefit?: string;
  @Yuan({ optional: true, doc: { description: 'monthly amount granted, yuan (at most two decimals)' } }) monthlyAmount?: number;
  @Text(2000) reason: string;
}

export class FollowUpDto {
  @OneOf(['visit', 'review']) kind: 'visit' | 'review';
  @Text(4000) notes: string;
}

export class TransferDto {
  @DivisionCode({ doc: { example: '330106004001', description: 'receiving unit at the same level' } }) to: string;
  @Text(2000) reason: string;
}
