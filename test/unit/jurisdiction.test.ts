import {
  addDuration,
  checkLawBounds,
  DEFAULT_POLICY,
  resolvePolicy,
  sourceOf,
  splitResolvedVersion,
  validatePolicy,
  type Policy,
} from '../../src/domain';
import { CITY, COUNTY, HUBEI_TOWNSHIP, PROVINCE, TOWNSHIP } from '../support/builders';

// Policy by jurisdiction and the provenance of every value (issue 13 §1, §2), in the pure core.

const overrides = (list: Policy['overrides']): Policy => ({ ...DEFAULT_POLICY, version: 'j1', overrides: list });
const multiple = (p: Policy) => (p.kinds.temporary_aid.decision as { multipleOfDibaoLine: number }).multipleOfDibaoLine;

describe('policy by jurisdiction', () => {
  it('applies the overrides that contain the origin from the province down, the narrowest winning, and names it in the version', () => {
    const p = overrides([
      { division: COUNTY, citation: 'county', values: { 'kinds.temporary_aid.decision.multipleOfDibaoLine': 2 } },
      { division: PROVINCE, citation: 'province', values: { 'kinds.temporary_aid.decision.multipleOfDibaoLine': 5 } },
      { division: CITY, citation: 'city', values: { 'kinds.temporary_aid.decision.multipleOfDibaoLine': 4 } },
    ]);
    expect(multiple(resolvePolicy(p, TOWNSHIP))).toBe(2);
    expect(resolvePolicy(p, TOWNSHIP).version).toBe(`j1@${COUNTY}`);
    expect(multiple(resolvePolicy(p, '330105000000'))).toBe(4);
    expect(resolvePolicy(p, HUBEI_TOWNSHIP)).toBe(p);
    expect(splitResolvedVersion(`j1@${COUNTY}`)).toEqual({ version: 'j1', division: COUNTY });
  });

  it('never lets the resolved policy carry the overrides of other places, nor change the published one', () => {
    const p = overrides([{ division: PROVINCE, citation: 'p', values: { 'kinds.dibao.decision.delegatedConfirmationToTownship': true } }]);
    const resolved = resolvePolicy(p, TOWNSHIP);
    expect(resolved.overrides).toBeUndefined();
    expect(p.kinds.dibao.decision).toMatchObject({ delegatedConfirmationToTownship: false });
  });

  it('最低生活保障审核确认办法第二十二条: an override whose whole procedure runs past 30 working days is refused, naming the override', () => {
    const result = validatePolicy(
      overrides([{ division: PROVINCE, citation: 'p', values: { 'kinds.dibao.procedure': { amount: 46, unit: 'working_days' } } }]),
    );
    expect(result.ok ? [] : result.errors).toEqual([
      { path: 'overrides[0].values.kinds.dibao.procedure', message: 'must be at most 30 working_days (最低生活保障审核确认办法 第二十二条)' },
    ]);
  });

  it('compares across units only where it is certain: 2 hours is within 15 working days, 1 month is not within 10', () => {
    const withCounty = (sla: { amount: number; unit: 'hours' | 'months' }) => ({
      ...DEFAULT_POLICY,
      kinds: {
        ...DEFAULT_POLICY.kinds,
        dibao: {
          ...DEFAULT_POLICY.kinds.dibao,
          steps: { ...DEFAULT_POLICY.kinds.dibao.steps, county: { ...DEFAULT_POLICY.kinds.dibao.steps.county!, sla } },
        },
      },
    });
    expect(checkLawBounds(withCounty({ amount: 2, unit: 'hours' }))).toEqual([]);
    expect(checkLawBounds(withCounty({ amount: 1, unit: 'months' }))).toEqual([
      { path: 'kinds.dibao.steps.county.sla', message: 'must be at most 10 working_days (最低生活保障审核确认办法 第二十条)' },
    ]);
  });
});

describe('every value says where it comes from', () => {
  /** Every duration in the policy, by path. */
  function durations(value: unknown, path = ''): string[] {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
    const o = value as Record<string, unknown>;
    if (typeof o.amount === 'number' && typeof o.unit === 'string') return [path];
    return Object.entries(o).flatMap(([k, v]) => (k === 'calendar' || k === 'sources' ? [] : durations(v, path ? `${path}.${k}` : k)));
  }

  it('has a source — law with its article, a marked default, or local practice — for every duration of the default policy', () => {
    const paths = durations(DEFAULT_POLICY);
    expect(paths.length).toBeGreaterThan(40);
    expect(paths.filter((p) => sourceOf(DEFAULT_POLICY.sources, p) === null)).toEqual([]);
  });

  it('marks the operating defaults as defaults: 临时救助 hours, 强制报告 first visit, emergency hours, 特困 review interval', () => {
    for (const path of [
      'kinds.temporary_aid.steps.township.sla',
      'kinds.mandatory_report.steps.village.sla',
      'emergency.acknowledge.sla',
      'emergency.act.sla',
      'kinds.tekun.review.interval',
    ]) {
      expect([path, sourceOf(DEFAULT_POLICY.sources, path)?.basis]).toEqual([path, 'default']);
    }
    expect(sourceOf(DEFAULT_POLICY.sources, 'kinds.orphan.steps.township.sla')?.basis).toBe('local_practice');
    expect(sourceOf(DEFAULT_POLICY.sources, 'kinds.dibao.review.shorterIntervals')).toEqual({
      basis: 'law',
      article: '最低生活保障审核确认办法 (民发〔2021〕57号) 第三十一条',
    });
  });

  it('passes its own law bounds', () => {
    expect(checkLawBounds(DEFAULT_POLICY)).toEqual([]);
    expect(validatePolicy(DEFAULT_POLICY).ok).toBe(true);
  });
});

describe('the minutes unit (test policies with minute-level SLAs)', () => {
  it('adds whole minutes, validated like any unit', () => {
    expect(addDuration('2026-03-02T09:00:00.000Z', { amount: 7, unit: 'minutes' }, DEFAULT_POLICY)).toBe('2026-03-02T09:07:00.000Z');
    const p = { ...DEFAULT_POLICY, defaultStep: { ...DEFAULT_POLICY.defaultStep, sla: { amount: 1.5, unit: 'minutes' } } };
    expect(validatePolicy(p).ok ? [] : (validatePolicy(p) as { errors: unknown[] }).errors).toEqual([
      { path: 'defaultStep.sla.amount', message: 'must be a whole number ≥ 0' },
    ]);
  });
});
