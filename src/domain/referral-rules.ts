// 物质 + 服务 (政府救助与慈善救助衔接): the services a case may be referred for, and how long a
// provider has to answer a referral before it shows as overdue. Policy as data.

export const REFERRAL_SERVICES = [
  'counseling',
  'care_service',
  'education_support',
  'medical_care',
  'material_aid',
  'legal_aid',
  'rehabilitation',
] as const;
export type ReferralService = (typeof REFERRAL_SERVICES)[number];

export const REFERRAL_RULES = {
  /** Working days a provider has to accept or decline. */
  respondWithinWorkingDays: 5,
} as const;

export const CONSENT_GIVERS = ['subject', 'guardian'] as const;
export const CONSENT_METHODS = ['written', 'oral_witnessed'] as const;
