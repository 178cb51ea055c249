import { RISKS, type Risk } from '../domain';
import { DivisionCode, Flag, OneOf, Text, WholeNumber, Yuan } from '../http/fields';

// Bodies of the commands people send to a case (SPEC §6). Free text is bounded; amounts are yuan.

export class AssessmentDto {
  @OneOf(RISKS, { optional: true, doc: { description: 'minor protection' } }) risk?: Risk;
  @Text(4000, { doc: { example: '入户核查：家中无劳动力' } }) findings: string;
  @WholeNumber(1, 30, { optional: true, doc: { description: 'hardship: people in the household' } }) householdSize?: number;
  @Yuan({ optional: true, doc: { description: 'hardship: monthly amount requested or assessed, yuan (at most two decimals)' } })
  monthlyAmount?: number;
  @Flag({ optional: true, doc: { description: 'dibao: household income is irregular (with memberAbleToWork: reviewed every 6 months, 第三十一条)' } })
  incomeVolatile?: boolean;
  @Flag({ optional: true, doc: { description: 'dibao: a household member is able to work (最低生活保障审核确认办法 第三十一条)' } })
  memberAbleToWork?: boolean;
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

export class PublicNoticeDto {
  @OneOf(['initial', 'termination'], { doc: { description: 'the initial opinion before the decision, or the termination of support' } })
  purpose: 'initial' | 'termination';
}

export class ObjectionDto {
  @Text(2000, { doc: { example: '村民反映申请人有经营收入' } }) summary: string;
}

export class ObjectionDecisionDto {
  @Flag({ doc: { description: 'true: the objection stands and support is not terminated' } }) upheld: boolean;
  @Text(2000) reason: string;
}

export class ExtensionDto {
  @Text(100, { doc: { example: 'public_notice_objection', description: "one of the kind's grounds (policy procedureExtension.grounds)" } })
  ground: string;
  @Text(2000) reason: string;
}

export class NotesDto {
  @Text(4000) notes: string;
}
