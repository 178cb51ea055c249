import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, ValidateNested } from 'class-validator';
import { CONSENT_GIVERS, CONSENT_METHODS, REFERRAL_SERVICES, type ReferralService } from '../domain';
import { Flag, OneOf, Text, Token, WholeNumber } from '../http/fields';

export class ConsentDto {
  @OneOf(CONSENT_GIVERS, { doc: { description: 'who consented: the subject, or the guardian of a child' } }) givenBy: 'subject' | 'guardian';
  @OneOf(CONSENT_METHODS) method: 'written' | 'oral_witnessed';
}

export class ReferDto {
  @Token(/^[A-Za-z0-9_.:-]{1,100}$/, 'is not a provider id', { doc: { example: 'xihu-social-work-center' } }) providerId: string;
  @OneOf(REFERRAL_SERVICES) service: ReferralService;
  @Text(2000, { doc: { example: '心理疏导，每周一次' } }) purpose: string;
  @ApiProperty({ type: ConsentDto, description: 'required: a referral shares personal data with another handler (PIPL art. 23)' })
  @IsDefined({ message: '$property is required: the subject’s or guardian’s consent' })
  @ValidateNested()
  @Type(() => ConsentDto)
  consent: ConsentDto;
}

export class DeclineReferralDto {
  @Text(2000) reason: string;
}

export class ServiceDeliveredDto {
  @Text(4000, { doc: { example: '已完成首次心理疏导' } }) notes: string;
}

export class ReferralQuery {
  @Flag({ optional: true, doc: { description: 'only those still unanswered past their deadline' } }) overdue?: boolean;
  @WholeNumber(1, 500, { optional: true, doc: { default: 100 } }) limit?: number;
}

/** What a provider sees of a referral: the minimum — never the case, the person's data or its narratives. */
export class ProviderReferralView {
  @ApiProperty({ format: 'uuid' }) referralId: string;
  @ApiProperty({ enum: REFERRAL_SERVICES }) service: string;
  @ApiProperty({ enum: ['pending', 'accepted', 'declined', 'delivered'] }) status: string;
  @ApiProperty() madeAt: string;
  @ApiProperty({ description: 'answer by then' }) respondBy: string;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ description: 'the unit that referred (to contact for the person)', example: '330106002051' }) referredBy: string;
}

export class ProviderReferralList {
  @ApiProperty({ type: [ProviderReferralView] }) items: ProviderReferralView[];
}

export class ReferralView {
  @ApiProperty({ format: 'uuid' }) referralId: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() providerId: string;
  @ApiProperty({ enum: REFERRAL_SERVICES }) service: string;
  @ApiProperty({ enum: ['pending', 'accepted', 'declined', 'delivered'] }) status: string;
  @ApiProperty() madeAt: string;
  @ApiProperty() respondBy: string;
  @ApiProperty() overdue: boolean;
  @ApiProperty() holder: string;
}

export class ReferralList {
  @ApiProperty({ type: [ReferralView] }) items: ReferralView[];
}
