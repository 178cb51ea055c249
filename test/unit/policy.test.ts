import type { Policy } from '../../src/domain';
import { decisionLevels, DEFAULT_POLICY, dibaoLineFor, validatePolicy } from '../../src/domain';

type Json = Record<string, unknown>;
const clone = (): Json => JSON.parse(JSON.stringify(DEFAULT_POLICY)) as Json;

/** The object at a dotted path of a JSON document (test helper: pokes holes into a policy). */
function at(doc: Json, path: string): Json {
  return path.split('.').reduce<Json>((o, key) => o[key] as Json, doc);
}
function set(doc: Json, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  (keys.length === 0 ? doc : at(doc, keys.join('.')))[last] = value;
}

describe('policy document validation', () => {
  it('accepts the default policy, also after a JSON round trip', () => {
    expect(validatePolicy(DEFAULT_POLICY)).toEqual({ ok: true, policy: DEFAULT_POLICY });
    expect(validatePolicy(clone()).ok).toBe(true);
  });

  it('rejects a document that is not an object', () => {
    expect(validatePolicy(null)).toEqual({ ok: false, errors: [{ path: '$', message: 'must be an object' }] });
  });

  it('names the path of every wrong field at once', () => {
    const doc = clone();
    set(doc, 'version', '');
    set(doc, 'kinds.dibao.steps.township.sla.unit', 'weeks');
    set(doc, 'kinds.de_facto_unsupported.decision.levels', ['county', 'state']);
    const holidays = at(doc, 'calendar').holidays as string[];
    const weekends = at(doc, 'calendar').workingWeekends as string[];
    holidays.push('2026-02-30');
    weekends.push('2026-03-04');
    delete at(doc, 'kinds').orphan;
    set(doc, 'kinds.unknown_kind', {});
    set(doc, 'escalationApproval.wait.amount', -1);
    set(doc, 'dibaoLine.byDivision.33', 500);
    const result = validatePolicy(doc);
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'version',
        'kinds.dibao.steps.township.sla.unit',
        'kinds.de_facto_unsupported.decision.levels[1]',
        `calendar.holidays[${holidays.length - 1}]`,
        `calendar.workingWeekends[${weekends.length - 1}]`,
        'kinds.orphan',
        'kinds.unknown_kind',
        'escalationApproval.wait.amount',
        'dibaoLine.byDivision.33',
      ]),
    );
    const unit = result.ok ? undefined : result.errors.find((e) => e.path === 'kinds.dibao.steps.township.sla.unit');
    expect(unit?.message).toBe('must be one of minutes, hours, working_days, days, months');
  });

  it('refuses a remainder-of-procedure deadline on a kind without a procedure', () => {
    const doc = clone();
    set(doc, 'kinds.tekun.steps.county.sla', { remainderOfProcedure: true });
    const result = validatePolicy(doc);
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['kinds.tekun.steps.county.sla']);
  });

  it('refuses an unknown decision rule and an unknown level key', () => {
    const doc = clone();
    set(doc, 'kinds.dibao.decision', { by: 'vote' });
    set(doc, 'kinds.dibao.steps.galaxy', at(doc, 'kinds.dibao.steps').county);
    const result = validatePolicy(doc);
    expect(result.ok ? [] : result.errors.map((e) => e.path).sort()).toEqual(['kinds.dibao.decision.by', 'kinds.dibao.steps.galaxy']);
  });
});

describe('who decides, per the default policy', () => {
  const p = DEFAULT_POLICY;
  it('has the county confirm dibao unless the province delegated confirmation to townships', () => {
    expect(decisionLevels(p, 'dibao', '330106001000', null)).toEqual(['county']);
    const delegated: Policy = {
      ...p,
      kinds: {
        ...p.kinds,
        dibao: {
          ...p.kinds.dibao,
          decision: { by: 'delegation', level: 'county', delegatedLevel: 'township', delegatedConfirmationToTownship: true },
        },
      },
    };
    expect(decisionLevels(delegated, 'dibao', '330106001000', null)).toEqual(['township']);
  });

  it('lets the township decide temporary aid up to 3 × the local dibao line, the county above', () => {
    expect(dibaoLineFor(p, '330106001000')).toBe(1100);
    expect(dibaoLineFor(p, '110101001000')).toBe(800);
    expect(decisionLevels(p, 'temporary_aid', '330106001000', 3300)).toContain('township');
    expect(decisionLevels(p, 'temporary_aid', '330106001000', 3301)).toEqual(['county']);
    expect(decisionLevels(p, 'temporary_aid', '420106001000', 2401)).toEqual(['county']);
  });

  it('uses the most specific dibao line of a division', () => {
    const local: Policy = { ...p, dibaoLine: { defaultMonthly: 700, byDivision: { '330000000000': 1000, '330106000000': 1300 } } };
    expect(dibaoLineFor(local, '330106001001')).toBe(1300);
    expect(dibaoLineFor(local, '330105001001')).toBe(1000);
  });

  it('gives disability subsidies (国发〔2015〕52号: county 民政 decides), tekun, orphans and guardianship to the county', () => {
    expect(decisionLevels(p, 'disability_subsidy', '330106001000', null)).toEqual(['county']);
    expect(decisionLevels(p, 'tekun', '330106001000', null)).toEqual(['county']);
    expect(decisionLevels(p, 'orphan', '330106001000', null)).toEqual(['county']);
    expect(decisionLevels(p, 'de_facto_unsupported', '330106001000', null)).toEqual(['county']);
    expect(decisionLevels(p, 'guardianship_gap', '330106001000', null)).toEqual(['county']);
  });
});

describe('disclosure of personal data', () => {
  it('names the roles that see full ID numbers, and refuses a role that does not exist', () => {
    expect(DEFAULT_POLICY.disclosure?.fullIdNumberTo).toEqual(['caseworker']);
    const result = validatePolicy({ ...DEFAULT_POLICY, disclosure: { fullIdNumberTo: ['caseworker', 'janitor'] } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toEqual(['disclosure.fullIdNumberTo[1]']);
    const { disclosure: _omitted, ...older } = DEFAULT_POLICY;
    expect(validatePolicy(older).ok).toBe(true);
  });
});
