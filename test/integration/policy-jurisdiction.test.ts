import { randomUUID } from 'node:crypto';
import { addWorkingDays, DEFAULT_POLICY, type CaseState, type Policy } from '../../src/domain';
import { importDivisions } from '../../src/divisions/division-import';
import { createDataSource } from '../../src/persistence/data-source';
import { CITY, HUBEI_TOWNSHIP, idNumber, openCaseBody, PROVINCE, TOWNSHIP, VILLAGE } from '../support/builders';
import { createFreshDatabase, dropDatabase } from '../support/fresh-database';
import { startTestApp, type TestApp } from '../support/test-app';

// Policy by jurisdiction (issue 13 §2) through the API: a published policy carries overrides for a
// province, city or county; a case pins the policy resolved for its origin; overrides outside the
// law's bounds are refused naming the override. Its own database (浙江 and 湖北 divisions), since
// publishing an override changes what every later 浙江 case in that database opens under.

const database = `casework_jurisdiction_${randomUUID().slice(0, 8)}`;
let t: TestApp;
let admin: string;

const ZHEJIANG_DELEGATES = {
  division: PROVINCE,
  citation: '浙江省民政厅: 低保审核确认权限下放至乡镇(街道) (test citation)',
  values: { 'kinds.dibao.decision.delegatedConfirmationToTownship': true },
};
const HANGZHOU_AID_LIMIT = {
  division: CITY,
  citation: '杭州市: 乡镇(街道)临时救助审批额度 (test citation)',
  values: { 'kinds.temporary_aid.decision.multipleOfDibaoLine': 4 },
};

beforeAll(async () => {
  const url = await createFreshDatabase(database);
  const db = await createDataSource(url, { poolSize: 2 }).initialize();
  await importDivisions(db, ['42']);
  await db.destroy();
  t = await startTestApp({ config: { databaseUrl: url } });
  admin = await t.token({ roles: ['admin'], division: PROVINCE });
});
afterAll(async () => {
  await t?.close();
  await dropDatabase(database);
});

const publish = (body: unknown) =>
  t
    .http()
    .post('/v1/policies')
    .set('Authorization', `Bearer ${admin}`)
    .send(body as object);
const withOverrides = (overrides: unknown[]): Policy => ({ ...DEFAULT_POLICY, version: `jur-${randomUUID().slice(0, 8)}`, overrides }) as Policy;

describe('policy by jurisdiction', () => {
  it('refuses an override that lengthens the 低保 whole procedure past the law (第二十二条) with 422 naming the override', async () => {
    const res = await publish(
      withOverrides([
        { division: PROVINCE, citation: 'test', values: { 'kinds.dibao.procedureExtension.upTo': { amount: 50, unit: 'working_days' } } },
      ]),
    );
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      {
        field: 'overrides[0].values.kinds.dibao.procedureExtension.upTo',
        message: 'must be at most 45 working_days (最低生活保障审核确认办法 第二十二条)',
      },
    ]);
  });

  it('refuses an override without a citation, for a village, or of a value the policy does not have', async () => {
    const res = await publish(withOverrides([{ division: VILLAGE, citation: '', values: { 'kinds.dibao.nothing.here': 1 } }]));
    expect(res.status).toBe(422);
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['overrides[0].citation', 'overrides[0].division', 'overrides[0].values.kinds.dibao.nothing.here']);
  });

  it('refuses a published 公示 shorter than the law’s 7 days (特困人员认定办法第十五条), in the policy itself', async () => {
    const policy = withOverrides([]);
    const res = await publish({
      ...policy,
      kinds: { ...policy.kinds, tekun: { ...policy.kinds.tekun, publicNotice: { level: 'village', period: { amount: 3, unit: 'days' } } } },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: 'kinds.tekun.publicNotice.period', message: 'must be 7 days (特困人员认定办法 第十五条)' }]);
  });

  it('answers GET /v1/policies/current?division= with the resolved policy and where each value came from; an unknown division is 422', async () => {
    const published = withOverrides([ZHEJIANG_DELEGATES, HANGZHOU_AID_LIMIT]);
    expect((await publish(published)).status).toBe(201);
    const get = (division: string) => t.http().get(`/v1/policies/current?division=${division}`).set('Authorization', `Bearer ${admin}`);

    const zj = await get(VILLAGE);
    expect(zj.status).toBe(200);
    expect(zj.body.policy.version).toBe(`${published.version}@${CITY}`);
    expect(zj.body.policy.kinds.dibao.decision.delegatedConfirmationToTownship).toBe(true);
    expect(zj.body.policy.kinds.temporary_aid.decision.multipleOfDibaoLine).toBe(4);
    expect(zj.body.provenance['kinds.dibao.decision.delegatedConfirmationToTownship']).toEqual({ basis: 'override', ...without(ZHEJIANG_DELEGATES) });
    expect(zj.body.provenance['kinds.temporary_aid.decision.multipleOfDibaoLine']).toEqual({ basis: 'override', ...without(HANGZHOU_AID_LIMIT) });
    expect(zj.body.provenance['kinds.dibao.procedure.amount']).toEqual({
      basis: 'law',
      article: '最低生活保障审核确认办法 (民发〔2021〕57号) 第二十二条',
    });
    expect(zj.body.provenance['kinds.orphan.steps.township.sla.amount']).toMatchObject({ basis: 'local_practice' });
    expect(zj.body.provenance['emergency.acknowledge.sla.amount']).toMatchObject({ basis: 'default' });

    const hb = await get(HUBEI_TOWNSHIP);
    expect(hb.status).toBe(200);
    expect(hb.body.policy.version).toBe(published.version);
    expect(hb.body.policy.kinds.dibao.decision.delegatedConfirmationToTownship).toBe(false);
    expect(hb.body.provenance['kinds.dibao.decision.delegatedConfirmationToTownship']).toMatchObject({ basis: 'law' });

    const unknown = await get('330106999999');
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ field: 'division', message: 'is not a known division code' }]);
  });

  it('pins the policy resolved for the origin: the same 低保 application in 浙江 (townships confirm, 20 wd) and in 湖北 (county confirms, 30 wd)', async () => {
    const zjWorker = await t.token({ roles: ['caseworker'], division: TOWNSHIP });
    const hbWorker = await t.token({ roles: ['caseworker'], division: HUBEI_TOWNSHIP });
    const zj = await t.http().post('/v1/cases').set('Authorization', `Bearer ${zjWorker}`).send(openCaseBody());
    const hb = await t
      .http()
      .post('/v1/cases')
      .set('Authorization', `Bearer ${hbWorker}`)
      .send(openCaseBody({ subject: { name: '测试人', idNumber: idNumber('420106') } }));
    expect([zj.status, hb.status]).toEqual([201, 201]);
    expect(zj.body.policyVersion).toMatch(/@330100000000$/);
    expect(hb.body.policyVersion).not.toContain('@');
    const calendar = DEFAULT_POLICY.calendar;
    const stateOf = async (id: string) => (await t.db.query<{ state: CaseState }[]>('SELECT state FROM cases WHERE case_id = $1', [id]))[0].state;
    const [zjState, hbState] = [await stateOf(zj.body.id as string), await stateOf(hb.body.id as string)];
    expect(zjState.procedureDueAt).toBe(addWorkingDays(zjState.openedAt, 20, calendar));
    expect(hbState.procedureDueAt).toBe(addWorkingDays(hbState.openedAt, 30, calendar));
    // The pinned resolved version reads back as a policy of its own.
    const pinned = await t
      .http()
      .get(`/v1/policies/${encodeURIComponent(zj.body.policyVersion as string)}`)
      .set('Authorization', `Bearer ${admin}`);
    expect(pinned.status).toBe(200);
    expect(pinned.body.kinds.dibao.decision.delegatedConfirmationToTownship).toBe(true);
  });
});

function without(o: { division: string; citation: string }) {
  return { division: o.division, citation: o.citation };
}
