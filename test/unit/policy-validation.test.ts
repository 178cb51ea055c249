import { DEFAULT_POLICY, validatePolicy } from '../../src/domain';

// Every problem of a published policy document is reported with the path of the field at fault and
// a message an admin can act on. Each row breaks one thing of the default policy and lists exactly
// the errors expected.

type Json = Record<string, unknown>;
const clone = (): Json => JSON.parse(JSON.stringify(DEFAULT_POLICY)) as Json;

function at(doc: Json, path: string): Json {
  return path.split('.').reduce<Json>((o, key) => o[key] as Json, doc);
}
function set(doc: Json, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  (keys.length === 0 ? doc : at(doc, keys.join('.')))[last] = value;
}
function remove(doc: Json, path: string): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  delete (keys.length === 0 ? doc : at(doc, keys.join('.')))[last];
}

const LEVELS = 'must be one of village, township, county, city, province';
const RISKS = 'must be one of low, medium, high, critical';
const UNITS = 'must be one of minutes, hours, working_days, days, months';
const AMOUNT = 'must be a whole number ≥ 0';
const OBJECT = 'must be an object';
const BOOLEAN = 'must be true or false';
const POSITIVE = 'must be a number > 0';
const ARRAY = 'must be an array';
const REMAINDER = 'the remainder of the procedure needs kinds.<kind>.procedure';

/** [what is broken, how, the errors expected] */
const ROWS: [string, (doc: Json) => void, [string, string][]][] = [
  ['a blank version', (d) => set(d, 'version', '  '), [['version', 'must be a non-empty string']]],
  ['a numeric version', (d) => set(d, 'version', 2026), [['version', 'must be a non-empty string']]],
  ['a calendar that is an array', (d) => set(d, 'calendar', []), [['calendar', OBJECT]]],
  ['holidays that are not a list', (d) => set(d, 'calendar.holidays', '2026-01-01'), [['calendar.holidays', ARRAY]]],
  [
    'a holiday that is a number',
    (d) => set(d, 'calendar.holidays', ['2026-01-01', 20260102]),
    [['calendar.holidays[1]', 'must be a YYYY-MM-DD date']],
  ],
  ['working weekends that are not a list', (d) => set(d, 'calendar.workingWeekends', null), [['calendar.workingWeekends', ARRAY]]],
  [
    'a working weekend that is a weekday',
    (d) => set(d, 'calendar.workingWeekends', ['2026-02-14', '2026-03-06']),
    [['calendar.workingWeekends[1]', 'must be a Saturday or Sunday']],
  ],
  [
    'a working weekend that is no date',
    (d) => set(d, 'calendar.workingWeekends', ['2026-02-30']),
    [['calendar.workingWeekends[0]', 'must be a YYYY-MM-DD date']],
  ],
  ['a Sunday as working weekend', (d) => set(d, 'calendar.workingWeekends', ['2026-03-01']), []],
  ['a dibao line that is no object', (d) => set(d, 'dibaoLine', 800), [['dibaoLine', OBJECT]]],
  ['a zero default line', (d) => set(d, 'dibaoLine.defaultMonthly', 0), [['dibaoLine.defaultMonthly', POSITIVE]]],
  ['an infinite default line', (d) => set(d, 'dibaoLine.defaultMonthly', Number.POSITIVE_INFINITY), [['dibaoLine.defaultMonthly', POSITIVE]]],
  ['a textual default line', (d) => set(d, 'dibaoLine.defaultMonthly', '800'), [['dibaoLine.defaultMonthly', POSITIVE]]],
  ['lines by division that are no object', (d) => set(d, 'dibaoLine.byDivision', ['330000000000']), [['dibaoLine.byDivision', OBJECT]]],
  [
    'a line under a bad code with a negative amount',
    (d) => set(d, 'dibaoLine.byDivision', { '000000000000': -5 }),
    [
      ['dibaoLine.byDivision.000000000000', 'key must be a 12-digit division code'],
      ['dibaoLine.byDivision.000000000000', POSITIVE],
    ],
  ],
  ['kinds that are no object', (d) => set(d, 'kinds', null), [['kinds', OBJECT]]],
  ['a kind that is no object', (d) => set(d, 'kinds.tekun', 'county'), [['kinds.tekun', OBJECT]]],
  ['a missing kind', (d) => remove(d, 'kinds.left_behind'), [['kinds.left_behind', 'is missing']]],
  ['an unknown kind', (d) => set(d, 'kinds.lottery', {}), [['kinds.lottery', 'unknown case kind']]],
  ['a decision that is no object', (d) => set(d, 'kinds.tekun.decision', 'county'), [['kinds.tekun.decision', OBJECT]]],
  ['no deciding level', (d) => set(d, 'kinds.orphan.decision.levels', []), [['kinds.orphan.decision.levels', 'must name at least one level']]],
  ['deciding levels that are no list', (d) => set(d, 'kinds.orphan.decision.levels', 'county'), [['kinds.orphan.decision.levels', ARRAY]]],
  [
    'a delegation with unknown levels and no flag',
    (d) => set(d, 'kinds.dibao.decision', { by: 'delegation', level: 'state', delegatedLevel: 'hamlet' }),
    [
      ['kinds.dibao.decision.level', LEVELS],
      ['kinds.dibao.decision.delegatedLevel', LEVELS],
      ['kinds.dibao.decision.delegatedConfirmationToTownship', BOOLEAN],
    ],
  ],
  [
    'an amount rule without a multiple or levels',
    (d) => set(d, 'kinds.temporary_aid.decision', { by: 'amount', multipleOfDibaoLine: -3, upToThreshold: [], above: ['nation'] }),
    [
      ['kinds.temporary_aid.decision.multipleOfDibaoLine', POSITIVE],
      ['kinds.temporary_aid.decision.upToThreshold', 'must name at least one level'],
      ['kinds.temporary_aid.decision.above[0]', LEVELS],
    ],
  ],
  [
    'an unknown decision rule',
    (d) => set(d, 'kinds.tekun.decision', { by: 'lot' }),
    [['kinds.tekun.decision.by', 'must be one of levels, delegation, amount']],
  ],
  ['an ongoing-support flag that is text', (d) => set(d, 'kinds.tekun.ongoingSupport', 'yes'), [['kinds.tekun.ongoingSupport', BOOLEAN]]],
  [
    'a procedure that is missing (needed by the remainder step)',
    (d) => {
      remove(d, 'kinds.dibao.procedure');
      set(d, 'kinds.dibao.steps.county.sla', { remainderOfProcedure: true });
    },
    [
      ['kinds.dibao.procedure', OBJECT],
      ['kinds.dibao.steps.county.sla', REMAINDER],
    ],
  ],
  ['a procedure of a fractional amount', (d) => set(d, 'kinds.dibao.procedure.amount', 1.5), [['kinds.dibao.procedure.amount', AMOUNT]]],
  ['a procedure amount as text', (d) => set(d, 'kinds.dibao.procedure.amount', '30'), [['kinds.dibao.procedure.amount', AMOUNT]]],
  ['a zero-length step deadline', (d) => set(d, 'kinds.tekun.steps.county.sla.amount', 0), []],
  ['steps that are no object', (d) => set(d, 'kinds.tekun.steps', []), [['kinds.tekun.steps', OBJECT]]],
  ['a step that is no object', (d) => set(d, 'kinds.tekun.steps.county', 5), [['kinds.tekun.steps.county', OBJECT]]],
  [
    'a step without name, deadline or breach rule',
    (d) => set(d, 'kinds.tekun.steps.county', { name: '', sla: 'soon' }),
    [
      ['kinds.tekun.steps.county.name', 'must be a non-empty string'],
      ['kinds.tekun.steps.county.sla', OBJECT],
      ['kinds.tekun.steps.county.escalateOnBreach', BOOLEAN],
    ],
  ],
  ['a duration that is no object', (d) => set(d, 'kinds.tekun.steps.county.sla', 15), [['kinds.tekun.steps.county.sla', OBJECT]]],
  [
    'a remainder flag that is not true',
    (d) => set(d, 'kinds.dibao.steps.county.sla', { remainderOfProcedure: false }),
    [['kinds.dibao.steps.county.sla.remainderOfProcedure', 'must be true']],
  ],
  [
    'a recurring flag that is text',
    (d) => set(d, 'kinds.left_behind.steps.village.recurring', 'yes'),
    [['kinds.left_behind.steps.village.recurring', BOOLEAN]],
  ],
  [
    'risk overrides that are no list',
    (d) => set(d, 'kinds.left_behind.steps.village.riskOverrides', {}),
    [['kinds.left_behind.steps.village.riskOverrides', ARRAY]],
  ],
  [
    'a risk override that is no object',
    (d) => set(d, 'kinds.left_behind.steps.village.riskOverrides', [7]),
    [['kinds.left_behind.steps.village.riskOverrides[0]', OBJECT]],
  ],
  [
    'a risk override with an unknown risk and a bad unit',
    (d) => set(d, 'kinds.left_behind.steps.village.riskOverrides', [{ riskAtLeast: 'extreme', sla: { amount: 1, unit: 'weeks' } }]),
    [
      ['kinds.left_behind.steps.village.riskOverrides[0].riskAtLeast', RISKS],
      ['kinds.left_behind.steps.village.riskOverrides[0].sla.unit', UNITS],
    ],
  ],
  [
    'a next step without a name',
    (d) => set(d, 'kinds.temporary_aid.steps.township.next.name', ''),
    [['kinds.temporary_aid.steps.township.next.name', 'must be a non-empty string']],
  ],
  [
    'a next step using the remainder of a procedure the kind lacks',
    (d) => set(d, 'kinds.temporary_aid.steps.township.next.sla', { remainderOfProcedure: true }),
    [['kinds.temporary_aid.steps.township.next.sla', REMAINDER]],
  ],
  [
    'a next step using the remainder of the dibao procedure',
    (d) => set(d, 'kinds.dibao.steps.township.next', { name: 'x', sla: { remainderOfProcedure: true }, escalateOnBreach: true }),
    [],
  ],
  [
    'an unknown level key',
    (d) => set(d, 'kinds.tekun.steps.nation', {}),
    [['kinds.tekun.steps.nation', 'unknown level; use village, township, county, city, province']],
  ],
  ['a missing review', (d) => remove(d, 'kinds.tekun.review'), [['kinds.tekun.review', 'must be a review rule or null']]],
  ['a review that is no object', (d) => set(d, 'kinds.tekun.review', 'yearly'), [['kinds.tekun.review', OBJECT]]],
  ['a review interval in weeks', (d) => set(d, 'kinds.tekun.review.interval.unit', 'weeks'), [['kinds.tekun.review.interval.unit', UNITS]]],
  [
    'shorter intervals that are no list',
    (d) => set(d, 'kinds.tekun.review.shorterIntervals', null),
    [['kinds.tekun.review.shorterIntervals', ARRAY]],
  ],
  [
    'a shorter interval that is no object',
    (d) => set(d, 'kinds.tekun.review.shorterIntervals', ['monthly']),
    [['kinds.tekun.review.shorterIntervals[0]', OBJECT]],
  ],
  [
    'a shorter interval without a condition or interval',
    (d) => set(d, 'kinds.tekun.review.shorterIntervals', [{}]),
    [
      ['kinds.tekun.review.shorterIntervals[0].when', OBJECT],
      ['kinds.tekun.review.shorterIntervals[0].interval', OBJECT],
    ],
  ],
  [
    'a volatile-income condition that is false',
    (d) => set(d, 'kinds.dibao.review.shorterIntervals.0.when', { volatileIncome: false }),
    [['kinds.dibao.review.shorterIntervals[0].when.volatileIncome', 'must be true']],
  ],
  [
    'a risk condition with an unknown risk',
    (d) => set(d, 'kinds.left_behind.review.shorterIntervals.0.when', { riskAtLeast: 'grave' }),
    [['kinds.left_behind.review.shorterIntervals[0].when.riskAtLeast', RISKS]],
  ],
  [
    'a condition of neither kind',
    (d) => set(d, 'kinds.left_behind.review.shorterIntervals.0.when', { weather: 'bad' }),
    [['kinds.left_behind.review.shorterIntervals[0].when', 'must be { volatileIncome: true } or { riskAtLeast: <risk> }']],
  ],
  [
    'a review step using the remainder of the procedure',
    (d) => set(d, 'kinds.dibao.review.step.sla', { remainderOfProcedure: true }),
    [['kinds.dibao.review.step.sla', REMAINDER]],
  ],
  ['follow-up kinds that are no list', (d) => set(d, 'kinds.dibao.review.satisfiedBy', 'review'), [['kinds.dibao.review.satisfiedBy', ARRAY]]],
  [
    'no follow-up kind',
    (d) => set(d, 'kinds.dibao.review.satisfiedBy', []),
    [['kinds.dibao.review.satisfiedBy', 'must name at least one follow-up kind']],
  ],
  [
    'an unknown follow-up kind',
    (d) => set(d, 'kinds.dibao.review.satisfiedBy', ['review', 'call']),
    [['kinds.dibao.review.satisfiedBy[1]', 'must be one of visit, review']],
  ],
  ['no follow-up kinds listed (older policies)', (d) => remove(d, 'kinds.dibao.review.satisfiedBy'), []],
  [
    'a closure-approval flag that is text',
    (d) => set(d, 'kinds.tekun.closureRequiresApproval', 'no'),
    [['kinds.tekun.closureRequiresApproval', BOOLEAN]],
  ],
  ['a missing public notice', (d) => remove(d, 'kinds.tekun.publicNotice'), [['kinds.tekun.publicNotice', 'must be { level, period } or null']]],
  ['a public notice that is no object', (d) => set(d, 'kinds.dibao.publicNotice', 7), [['kinds.dibao.publicNotice', OBJECT]]],
  [
    'a public notice at an unknown level for an unknown time',
    (d) => set(d, 'kinds.dibao.publicNotice', { level: 'street', period: { amount: -7, unit: 'days' } }),
    [
      ['kinds.dibao.publicNotice.level', LEVELS],
      ['kinds.dibao.publicNotice.period.amount', AMOUNT],
    ],
  ],
  [
    'a default step using the remainder of a procedure',
    (d) => set(d, 'defaultStep.sla', { remainderOfProcedure: true }),
    [['defaultStep.sla', REMAINDER]],
  ],
  ['an emergency that is no object', (d) => set(d, 'emergency', true), [['emergency', OBJECT]]],
  [
    'an emergency with unknown risk and level and broken steps',
    (d) => {
      set(d, 'emergency.riskAtLeast', 'dire');
      set(d, 'emergency.level', 'ward');
      set(d, 'emergency.acknowledge.escalateOnBreach', 1);
      set(d, 'emergency.act.name', '');
    },
    [
      ['emergency.riskAtLeast', RISKS],
      ['emergency.level', LEVELS],
      ['emergency.acknowledge.escalateOnBreach', BOOLEAN],
      ['emergency.act.name', 'must be a non-empty string'],
    ],
  ],
  ['a high-risk rule that is no object', (d) => set(d, 'highRisk', []), [['highRisk', OBJECT]]],
  [
    'a high-risk rule with unknown risk and level and a broken step',
    (d) => {
      set(d, 'highRisk.riskAtLeast', 'dire');
      set(d, 'highRisk.level', 'ward');
      set(d, 'highRisk.step.sla.unit', 'weeks');
    },
    [
      ['highRisk.riskAtLeast', RISKS],
      ['highRisk.level', LEVELS],
      ['highRisk.step.sla.unit', UNITS],
    ],
  ],
  ['an escalation approval that is no object', (d) => set(d, 'escalationApproval', 3), [['escalationApproval', OBJECT]]],
  ['an escalation wait that is no object', (d) => set(d, 'escalationApproval.wait', 3), [['escalationApproval.wait', OBJECT]]],
  ['a closure approval that is no object', (d) => set(d, 'closureApproval', null), [['closureApproval', OBJECT]]],
  ['a closure wait in weeks', (d) => set(d, 'closureApproval.wait.unit', 'weeks'), [['closureApproval.wait.unit', UNITS]]],
  ['no disclosure rule (older policies)', (d) => remove(d, 'disclosure'), []],
  ['a disclosure rule that is no object', (d) => set(d, 'disclosure', 'caseworker'), [['disclosure', OBJECT]]],
  ['disclosure roles that are no list', (d) => set(d, 'disclosure.fullIdNumberTo', 'caseworker'), [['disclosure.fullIdNumberTo', ARRAY]]],
  [
    'an unknown disclosure role',
    (d) => set(d, 'disclosure.fullIdNumberTo', ['caseworker', 'journalist']),
    [['disclosure.fullIdNumberTo[1]', 'must be one of caseworker, supervisor, auditor, admin']],
  ],
];

describe('policy document validation, field by field', () => {
  it.each(ROWS)('reports %s with its path and message', (_what, breakIt, expected) => {
    const doc = clone();
    breakIt(doc);
    const result = validatePolicy(doc);
    if (expected.length === 0) {
      expect(result).toEqual({ ok: true, policy: doc });
    } else {
      expect(result).toEqual({ ok: false, errors: expected.map(([path, message]) => ({ path, message })) });
    }
  });

  it('returns the very document it was given on success', () => {
    const doc = clone();
    const result = validatePolicy(doc);
    expect(result.ok && result.policy).toBe(doc);
  });

  it('refuses an array or a string as the document', () => {
    expect(validatePolicy([])).toEqual({ ok: false, errors: [{ path: '$', message: OBJECT }] });
    expect(validatePolicy('policy')).toEqual({ ok: false, errors: [{ path: '$', message: OBJECT }] });
  });
});
