import type { Duration, StepRule } from './policy';

// The small builders the shipped policy is written with (default-policy.ts, default-hardship.ts).

export const workingDays = (amount: number): Duration => ({ amount, unit: 'working_days' });
export const hours = (amount: number): Duration => ({ amount, unit: 'hours' });
export const days = (amount: number): Duration => ({ amount, unit: 'days' });
export const months = (amount: number): Duration => ({ amount, unit: 'months' });

export const step = (name: string, sla: StepRule['sla'], extra: Partial<StepRule> = {}): StepRule => ({
  name,
  sla,
  escalateOnBreach: true,
  ...extra,
});

// DEFAULT: a village takes in an application and hands it to the township within 5 working days.
export const villageIntake = step('application_intake', workingDays(5));
// DEFAULT: a periodic review, once due, must be done within 10 working days.
export const reviewStep = step('review', workingDays(10));
