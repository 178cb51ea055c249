import { DEFAULT_POLICY, type Policy } from '../../src/domain';
import { act, attempt, caseworker, COUNTY, MONDAY, openCase, openCaseReadyAtMonday, rejectionOf, supervisor, tick } from '../support/builders';

// 公示 where the policy requires it before the decision (低保 第十九条, 特困 第十五条: the shipped
// default since 2026.3) or before support ends (特困 第二十六条: `terminationNotice.required`, a
// test policy here).

const required: Policy = {
  ...DEFAULT_POLICY,
  version: 'required-notice',
  kinds: {
    ...DEFAULT_POLICY.kinds,
    tekun: { ...DEFAULT_POLICY.kinds.tekun, terminationNotice: { ...DEFAULT_POLICY.kinds.tekun.terminationNotice!, required: true } },
  },
};
const approve = { type: 'decide' as const, outcome: 'approved' as const, benefit: '低保', monthlyAmount: 600, reason: '符合条件' };
const NOTICE_ENDS = '2026-03-09T01:00:00.000Z'; // 7 days after Monday 2 March 09:00 China time

describe('a required 公示', () => {
  it('最低生活保障审核确认办法第十九条: no approval before the 公示 has ended; a denial needs none', () => {
    let c = openCase({ kind: 'dibao', division: COUNTY });
    expect(rejectionOf(c, approve, supervisor(COUNTY), MONDAY)).toEqual({ rejected: 'PUBLIC_NOTICE_REQUIRED', purpose: 'initial' });
    expect(attempt(c, { ...approve, outcome: 'denied' }, supervisor(COUNTY), MONDAY).ok).toBe(true);
    c = act(c, { type: 'startPublicNotice', noticeId: 'n1', purpose: 'initial' }, caseworker(COUNTY), MONDAY);
    expect(c.state.publicNotice).toMatchObject({ status: 'running', endsAt: NOTICE_ENDS });
    expect(rejectionOf(c, approve, supervisor(COUNTY), '2026-03-05T09:00:00+08:00')).toEqual({
      rejected: 'PUBLIC_NOTICE_RUNNING',
      endsAt: NOTICE_ENDS,
    });
    c = tick(c, NOTICE_ENDS);
    expect(c.events.at(-1)).toMatchObject({ type: 'PublicNoticeEnded', data: { noticeId: 'n1', outcome: 'no_objection' } });
    c = act(c, approve, supervisor(COUNTY), '2026-03-09T10:00:00+08:00');
    expect(c.state.status).toBe('monitoring');
  });

  it('特困人员认定办法第二十六条: support ends only after its termination 公示; an upheld objection withdraws it', () => {
    // Confirmed at MONDAY after its initial 公示 (第十五条) the week before.
    let c = act(openCaseReadyAtMonday({ kind: 'tekun', division: COUNTY, policy: required }), approve, supervisor(COUNTY), MONDAY);
    const close = { type: 'requestClosure' as const, requestId: 'c1', reason: '终止' };
    expect(rejectionOf(c, close, caseworker(COUNTY), MONDAY)).toEqual({ rejected: 'PUBLIC_NOTICE_REQUIRED', purpose: 'termination' });
    c = act(c, { type: 'startPublicNotice', noticeId: 't1', purpose: 'termination' }, caseworker(COUNTY), MONDAY);
    c = act(c, { type: 'objectToNotice', objectionId: 'o1', summary: '不同意' }, caseworker(COUNTY), '2026-03-03T09:00:00+08:00');
    c = act(c, { type: 'resolveObjection', upheld: true, reason: '异议成立' }, supervisor(COUNTY), '2026-03-04T09:00:00+08:00');
    expect(c.state.publicNotice).toMatchObject({ status: 'withdrawn' });
    expect(c.state.step).toMatchObject({ name: 'monitoring' });
    expect(rejectionOf(c, close, caseworker(COUNTY), '2026-03-04T10:00:00+08:00')).toEqual({
      rejected: 'PUBLIC_NOTICE_REQUIRED',
      purpose: 'termination',
    });
  });

  it('特困人员认定办法第十五条: no 特困 confirmation before the 公示 in the village has ended', () => {
    let c = openCase({ kind: 'tekun', division: COUNTY });
    expect(rejectionOf(c, approve, supervisor(COUNTY), MONDAY)).toEqual({ rejected: 'PUBLIC_NOTICE_REQUIRED', purpose: 'initial' });
    c = act(c, { type: 'startPublicNotice', noticeId: 'n1', purpose: 'initial' }, caseworker(COUNTY), MONDAY);
    expect(rejectionOf(c, approve, supervisor(COUNTY), '2026-03-09T08:59:00+08:00')).toEqual({
      rejected: 'PUBLIC_NOTICE_RUNNING',
      endsAt: NOTICE_ENDS,
    });
    c = tick(c, NOTICE_ENDS);
    expect(act(c, approve, supervisor(COUNTY), NOTICE_ENDS).state.status).toBe('monitoring');
  });

  it.each(['orphan', 'de_facto_unsupported'] as const)(
    '民发〔2019〕62号 and the 孤儿 practice: %s is decided without a 公示, and none may be started (the child’s privacy)',
    (kind) => {
      const c = openCase({ kind, division: COUNTY });
      expect(DEFAULT_POLICY.kinds[kind].publicNotice).toBeNull();
      expect(act(c, approve, supervisor(COUNTY), MONDAY).state.status).toBe('monitoring');
      expect(rejectionOf(c, { type: 'startPublicNotice', noticeId: 'n1', purpose: 'initial' }, caseworker(COUNTY), MONDAY)).toEqual({
        rejected: 'PUBLIC_NOTICE_NOT_ALLOWED',
        kind,
        purpose: 'initial',
      });
    },
  );
});
