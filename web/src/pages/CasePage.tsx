import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Collapse,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Timeline,
  Typography,
} from 'antd';
import { useState, type ReactNode } from 'react';
import { useLocation, useParams } from 'react-router';
import { ApiProblem, api, ifMatch, ok } from '../api/client';
import { allEvents, keys, useCase, useDivision, useEvents, usePinnedPolicy } from '../api/queries';
import type { CaseView, EventRow, Policy } from '../api/types';
import { useI18n, type I18n, type MessageKey } from '../i18n';
import { availableActions, type ActionKey, type Available } from '../lib/actions';
import { authorityOf, formatYuan, type DibaoLine } from '../lib/authority';
import { chainBetween, parentOf } from '../lib/divisions';
import { fieldErrors } from '../lib/form-errors';
import { DeadlineText, formatTime, RiskTag, StatusTag, ToneTag } from '../lib/labels';
import { eventWords, stepName } from '../lib/words';
import { getSession } from '../session';
import { EmptyState, Loading, ProblemAlert } from '../ui/states';
import { UnitName } from '../ui/UnitName';
import { BreakGlass, Narrative, PrivacyNotice } from './Privacy';

type Values = Record<string, unknown>;

const TITLES: Record<ActionKey, MessageKey> = {
  assess: 'assess',
  addNote: 'note',
  followUp: 'followUp',
  requestEscalation: 'requestEscalation',
  approveEscalation: 'approve',
  rejectEscalation: 'reject',
  requestTransfer: 'transfer',
  acceptTransfer: 'acceptTransfer',
  requestClosure: 'requestClosure',
  approveClosure: 'approveClosure',
  return: 'returnCase',
  decide: 'decide',
  startPublicNotice: 'startPublicNotice',
  reopen: 'reopen',
};

/** Sends one command with If-Match; answers the case after it. */
async function send(action: ActionKey, c: CaseView, v: Values, version: number): Promise<CaseView> {
  const path = { id: c.id };
  const headers = ifMatch(version);
  const reason = { reason: String(v.reason ?? '') };
  const opt = <T,>(x: T | undefined | null) => (x === undefined || x === null || x === '' ? undefined : x);
  switch (action) {
    case 'assess':
      return ok(
        api.POST('/v1/cases/{id}/assessments', {
          params: { path, header: headers },
          body: {
            findings: String(v.findings ?? ''),
            risk: opt(v.risk as string) as never,
            householdSize: opt(v.householdSize as number),
            monthlyAmount: opt(v.monthlyAmount as number),
          },
        }),
      );
    case 'addNote':
      return ok(api.POST('/v1/cases/{id}/notes', { params: { path, header: headers }, body: { text: String(v.text ?? '') } }));
    case 'followUp':
      return ok(
        api.POST('/v1/cases/{id}/follow-ups', {
          params: { path, header: headers },
          body: { kind: (v.kind as 'visit') ?? 'visit', notes: String(v.notes ?? '') },
        }),
      );
    case 'requestEscalation':
      return ok(api.POST('/v1/cases/{id}/escalations', { params: { path, header: headers }, body: reason }));
    case 'approveEscalation':
      return ok(
        api.POST('/v1/cases/{id}/escalations/{rid}/approve', { params: { path: { ...path, rid: c.pendingEscalation!.requestId }, header: headers } }),
      );
    case 'rejectEscalation':
      return ok(
        api.POST('/v1/cases/{id}/escalations/{rid}/reject', {
          params: { path: { ...path, rid: c.pendingEscalation!.requestId }, header: headers },
          body: reason,
        }),
      );
    case 'requestTransfer':
      return ok(api.POST('/v1/cases/{id}/transfers', { params: { path, header: headers }, body: { to: String(v.to ?? ''), reason: reason.reason } }));
    case 'acceptTransfer':
      return ok(
        api.POST('/v1/cases/{id}/transfers/{tid}/accept', { params: { path: { ...path, tid: c.pendingTransfer!.transferId }, header: headers } }),
      );
    case 'requestClosure':
      return ok(api.POST('/v1/cases/{id}/close', { params: { path, header: headers }, body: reason }));
    case 'approveClosure':
      return ok(api.POST('/v1/cases/{id}/close/{rid}/approve', { params: { path: { ...path, rid: c.pendingClosure!.requestId }, header: headers } }));
    case 'return':
      return ok(api.POST('/v1/cases/{id}/return', { params: { path, header: headers }, body: reason }));
    case 'decide':
      return ok(
        api.POST('/v1/cases/{id}/decision', {
          params: { path, header: headers },
          body: {
            outcome: (v.outcome as 'approved') ?? 'approved',
            benefit: opt(v.benefit as string),
            monthlyAmount: opt(v.monthlyAmount as number),
            reason: reason.reason,
          },
        }),
      );
    case 'startPublicNotice':
      return ok(api.POST('/v1/cases/{id}/public-notices', { params: { path, header: headers }, body: { purpose: 'initial' } }));
    case 'reopen':
      return ok(api.POST('/v1/cases/{id}/reopen', { params: { path, header: headers }, body: reason }));
  }
}

/**
 * Which level holds authority on this case and up to what amount, from the policy the case is
 * pinned to (its policyVersion), not the current one: the rules it is decided under.
 */
function AuthorityNote({ c }: { c: CaseView }) {
  const { t, label, lang } = useI18n();
  const pinned = usePinnedPolicy(c.policyVersion);
  if (pinned.isLoading) return <Loading />;
  if (!pinned.data) return <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('policyUnknown', { v: c.policyVersion })} />;
  const a = authorityOf(pinned.data, c.kind, c.origin);
  if (!a) return null;
  const levels = (ls: string[]) => ls.map((l) => label('level', l)).join(lang === 'zh' ? '、' : ', ');
  const yuan = (n: number) => formatYuan(n, lang);
  const [open, close] = lang === 'zh' ? ['（', '）'] : [' (', ')'];
  const source = (line: DibaoLine) => (
    <>
      {open}
      {line.from ? (
        <>
          {t('lineFrom')}
          <UnitName code={line.from} />
        </>
      ) : (
        t('lineDefault')
      )}
      {close}
    </>
  );
  let who: string;
  const details: ReactNode[] = [];
  if (a.by === 'levels') {
    who = levels(a.levels);
  } else if (a.by === 'delegation') {
    who = levels(a.levels);
    details.push(
      a.line ? (
        <>
          {t('dibaoLimit', { line: yuan(a.line.yuan) })}
          {source(a.line)}
        </>
      ) : (
        t('dibaoLimitRule')
      ),
    );
  } else if (a.line && a.limit !== null) {
    who = t('authorityUpTo', { limit: yuan(a.limit), low: levels(a.upTo), high: levels(a.above) });
    details.push(
      <>
        {t('authorityBasis', { line: yuan(a.line.yuan), m: a.multiple })}
        {source(a.line)}
      </>,
    );
    if (a.above.includes(c.level)) details.push(t('authorityHereAny', { level: label('level', c.level) }));
    else if (a.upTo.includes(c.level)) details.push(t('authorityHere', { level: label('level', c.level), limit: yuan(a.limit) }));
  } else {
    who = t('authorityAmount', { m: a.multiple, low: levels(a.upTo), high: levels(a.above) });
  }
  details.push(t('policyUsed', { v: pinned.data.version }));
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="authority"
      title={t('authority', { who })}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {details.map((d, i) => (
            <li key={i}>{d}</li>
          ))}
        </ul>
      }
    />
  );
}

/** Another unit at the holder's level under the same parent (the family moved nearby); any code otherwise. */
function TransferTarget({ c }: { c: CaseView }) {
  const { t } = useI18n();
  const parent = useDivision(parentOf(c.holder));
  const siblings = (parent.data?.children ?? []).filter((d) => d.code !== c.holder);
  return (
    <Form.Item name="to" label={t('transferTo')} rules={[{ required: true, pattern: /^\d{12}$/, message: t('required') }]}>
      <Select
        aria-label={t('transferTo')}
        showSearch={{ optionFilterProp: 'label' }}
        loading={parent.isLoading}
        options={siblings.map((d) => ({ value: d.code, label: `${d.name}（${d.code}）` }))}
      />
    </Form.Item>
  );
}

function ActionFields({ action, c }: { action: ActionKey; c: CaseView }) {
  const { t, label } = useI18n();
  const reason = (
    <Form.Item name="reason" label={t('reason')} rules={[{ required: true, whitespace: true, message: t('required') }, { max: 2000 }]}>
      <Input.TextArea rows={2} />
    </Form.Item>
  );
  switch (action) {
    case 'assess':
      return (
        <>
          {c.family === 'minor_protection' ? (
            <Form.Item name="risk" label={t('risk')}>
              <Select
                aria-label={t('risk')}
                allowClear
                options={['low', 'medium', 'high', 'critical'].map((r) => ({ value: r, label: label('risk', r) }))}
              />
            </Form.Item>
          ) : (
            <Space wrap>
              <Form.Item name="householdSize" label={t('householdSize')}>
                <InputNumber min={1} max={30} />
              </Form.Item>
              <Form.Item name="monthlyAmount" label={t('monthlyAmount')}>
                <InputNumber min={0} max={1000000} step={10} />
              </Form.Item>
            </Space>
          )}
          <Form.Item name="findings" label={t('findings')} rules={[{ required: true, whitespace: true, message: t('required') }, { max: 4000 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </>
      );
    case 'addNote':
      return (
        <Form.Item name="text" label={t('noteText')} rules={[{ required: true, whitespace: true, message: t('required') }, { max: 4000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      );
    case 'followUp':
      return (
        <>
          <Form.Item name="kind" label={t('followUpKind')} initialValue="visit">
            <Radio.Group
              options={[
                { value: 'visit', label: t('visit') },
                { value: 'review', label: t('review') },
              ]}
            />
          </Form.Item>
          <Form.Item name="notes" label={t('notes')} rules={[{ required: true, whitespace: true, message: t('required') }, { max: 4000 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </>
      );
    case 'requestTransfer':
      return (
        <>
          <TransferTarget c={c} />
          {reason}
        </>
      );
    case 'decide':
      return (
        <>
          <AuthorityNote c={c} />
          <Form.Item name="outcome" label={t('outcome')} initialValue="approved">
            <Radio.Group
              options={[
                { value: 'approved', label: t('approved') },
                { value: 'denied', label: t('denied') },
              ]}
            />
          </Form.Item>
          <Space wrap>
            <Form.Item name="benefit" label={t('benefit')}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="monthlyAmount" label={t('monthlyAmount')}>
              <InputNumber min={0} max={1000000} step={10} />
            </Form.Item>
          </Space>
          {reason}
        </>
      );
    case 'startPublicNotice':
      return <Typography.Paragraph type="secondary">{t('publicNoticeHint')}</Typography.Paragraph>;
    case 'approveEscalation':
    case 'acceptTransfer':
    case 'approveClosure':
      return null;
    default:
      return reason;
  }
}

const FIELD_MAP: Record<string, (string | number)[]> = {
  reason: ['reason'],
  text: ['text'],
  findings: ['findings'],
  risk: ['risk'],
  householdSize: ['householdSize'],
  monthlyAmount: ['monthlyAmount'],
  notes: ['notes'],
  to: ['to'],
  outcome: ['outcome'],
  benefit: ['benefit'],
};

interface Conflict {
  before: CaseView;
  after: CaseView;
  newEvents: EventRow[];
  values: Values;
}

const WATCHED: (keyof CaseView)[] = ['status', 'holder', 'level', 'risk', 'deadline', 'overdue'];

function ConflictPanel({ conflict, onReapply, onDismiss, busy }: { conflict: Conflict; onReapply(): void; onDismiss(): void; busy: boolean }) {
  const i18n = useI18n();
  const { t, label, lang } = i18n;
  const show = (f: keyof CaseView, v: unknown) =>
    f === 'status' ? (
      label('status', String(v))
    ) : f === 'risk' ? (
      label('risk', v as string)
    ) : f === 'level' ? (
      label('level', String(v))
    ) : f === 'holder' ? (
      <UnitName code={String(v)} />
    ) : f === 'deadline' ? (
      formatTime(v as string, lang)
    ) : (
      String(v)
    );
  const changed = WATCHED.filter((f) => JSON.stringify(conflict.before[f]) !== JSON.stringify(conflict.after[f]));
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      data-testid="conflict"
      title={t('conflictTitle')}
      description={
        <>
          <div>{t('conflictDetail', { a: conflict.before.version, b: conflict.after.version })}</div>
          <ul style={{ paddingInlineStart: 20, margin: '4px 0' }}>
            {changed.map((f) => (
              <li key={f}>
                {t(f === 'holder' ? 'holder' : f === 'overdue' ? 'overdue' : (f as MessageKey))}：{show(f, conflict.before[f])} →{' '}
                {show(f, conflict.after[f])}
              </li>
            ))}
            {conflict.newEvents.map((e) => (
              <li key={e.seq}>
                #{e.seq} {formatTime(e.occurredAt, lang)} {e.actor}：{eventWords(e, i18n)}
              </li>
            ))}
          </ul>
          <Space wrap>
            <Button type="primary" onClick={onReapply} loading={busy}>
              {t('conflictReapply')}
            </Button>
            <Button onClick={onDismiss}>{t('conflictDismiss')}</Button>
          </Space>
        </>
      }
    />
  );
}

function ActionPanel({ c, available }: { c: CaseView; available: Available }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<unknown>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [busy, setBusy] = useState(false);
  const action = available.key;

  const run = async (values: Values, version: number, base: CaseView) => {
    setBusy(true);
    setProblem(null);
    try {
      const after = await send(action, base, values, version);
      setConflict(null);
      form.resetFields();
      queryClient.setQueryData(keys.case(c.id), after);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.events(c.id) }),
        queryClient.invalidateQueries({ queryKey: ['cases'] }),
        queryClient.invalidateQueries({ queryKey: ['approvals'] }),
      ]);
      void message.success(`${t(TITLES[action])} ✓`);
    } catch (e) {
      if (e instanceof ApiProblem && e.status === 409 && e.problem.currentVersion !== undefined) {
        // Someone else acted first: show what changed; the person decides whether to re-apply.
        const latest = await ok<CaseView>(api.GET('/v1/cases/{id}', { params: { path: { id: c.id } } }));
        const events = await allEvents(c.id);
        queryClient.setQueryData(keys.case(c.id), latest);
        queryClient.setQueryData(keys.events(c.id), events);
        setConflict({ before: base, after: latest, newEvents: events.filter((ev) => ev.seq > base.version), values });
      } else {
        setProblem(e);
        if (e instanceof ApiProblem) form.setFields(fieldErrors(e.problem, FIELD_MAP));
      }
    } finally {
      setBusy(false);
    }
  };

  if (available.disabledReason === 'own') {
    return (
      <div>
        <Button disabled>{t(TITLES[action])}</Button>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('ownRequest')}
        </Typography.Paragraph>
      </div>
    );
  }
  return (
    <Form<Values> form={form} layout="vertical" onFinish={(v) => run(v, c.version, c)} aria-label={t(TITLES[action])}>
      <ActionFields action={action} c={c} />
      {problem !== null && <ProblemAlert error={problem} />}
      {conflict && (
        <ConflictPanel
          conflict={conflict}
          busy={busy}
          onReapply={() => run(conflict.values, conflict.after.version, conflict.after)}
          onDismiss={() => {
            setConflict(null);
            form.resetFields();
          }}
        />
      )}
      {!conflict && (
        <Button type="primary" htmlType="submit" loading={busy} danger={action === 'rejectEscalation'} style={{ marginTop: 8 }}>
          {t(TITLES[action])}
        </Button>
      )}
    </Form>
  );
}

function Summary({ c, policy }: { c: CaseView; policy: Policy | undefined }) {
  const { t, label, lang } = useI18n();
  const chain = chainBetween(c.origin, c.holder);
  const told = c.privacy.narratives;
  return (
    <Card
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('caseSummary')}</h2>}
      size="small"
      extra={<BreakGlass c={c} timeline={(events) => <EventTimeline events={events} />} />}
    >
      <PrivacyNotice c={c} />
      <Descriptions column={{ xs: 1, sm: 1, md: 2 }} size="small">
        <Descriptions.Item label={t('kind')}>
          {label('family', c.family)} · {label('kind', c.kind)}
        </Descriptions.Item>
        <Descriptions.Item label={t('status')}>
          <StatusTag status={c.status} /> <RiskTag risk={c.risk} />
        </Descriptions.Item>
        {!c.subject && c.privacy.subject !== 'full' && (
          <Descriptions.Item label={t('subjectName')}>
            <Narrative text={null} state={c.privacy.subject} />
          </Descriptions.Item>
        )}
        {c.subject && (
          <>
            <Descriptions.Item label={t('subjectName')}>{c.subject.name}</Descriptions.Item>
            <Descriptions.Item label={t('idNumber')}>
              <span data-testid="id-number">{c.subject.idNumber}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('birthDate')}>
              {c.subject.birthDate} · {t(c.subject.sex === 'male' ? 'male' : 'female')}
            </Descriptions.Item>
          </>
        )}
        <Descriptions.Item label={t('step')}>
          <span data-testid="step">{stepName(c.step?.name, lang)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('deadline')}>
          <DeadlineText deadline={c.deadline ?? null} overdue={c.overdue} calendar={policy?.calendar ?? null} />
        </Descriptions.Item>
        <Descriptions.Item label={t('holder')}>
          <span data-testid="holder">
            <UnitName code={c.holder} />
          </span>{' '}
          ({label('level', c.level)})
        </Descriptions.Item>
        <Descriptions.Item label={t('openedAt')}>{formatTime(c.openedAt, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('version')}>
          <span data-testid="version">{c.version}</span>
        </Descriptions.Item>
        {c.reviewDueAt && <Descriptions.Item label={t('reviewDueAt')}>{formatTime(c.reviewDueAt, lang)}</Descriptions.Item>}
        {c.decision && (
          <Descriptions.Item label={t('decision')}>
            {label('level', c.decision.level)}：{t(c.decision.outcome)}
            {c.decision.benefit !== null && (
              <>
                {' · '}
                <Narrative text={c.decision.benefit} state={told} />
              </>
            )}
            {c.decision.monthlyAmount != null ? ` · ${c.decision.monthlyAmount}` : ''}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('summary')} span={2}>
          <Narrative text={c.summary} state={told} />
        </Descriptions.Item>
      </Descriptions>
      <div style={{ marginTop: 8 }}>
        <Typography.Text strong>{t('chain')}：</Typography.Text>
        <ol aria-label={t('chain')} data-testid="chain" style={{ display: 'inline', padding: 0, margin: 0 }}>
          {chain.map((code, i) => (
            <li key={code} style={{ display: 'inline' }}>
              {i > 0 && ' → '}
              <ToneTag tone={code === c.holder ? 'blue' : 'grey'}>
                <UnitName code={code} />
              </ToneTag>
            </li>
          ))}
        </ol>
      </div>
      {c.pendingEscalation && (
        <Alert
          style={{ marginTop: 8 }}
          type="warning"
          title={
            <>
              {t('pendingEscalation', { from: '', to: '' }).replace(/[:：].*$/, '')}：<UnitName code={c.pendingEscalation.from} /> →{' '}
              <UnitName code={c.pendingEscalation.to} /> · {t('reason')}：<Narrative text={c.pendingEscalation.reason} state={told} />
            </>
          }
        />
      )}
      {c.pendingClosure && (
        <Alert
          style={{ marginTop: 8 }}
          type="warning"
          title={
            <>
              {t('pendingClosure')}：<Narrative text={c.pendingClosure.reason} state={told} />
            </>
          }
        />
      )}
      {c.pendingTransfer && (
        <Alert
          style={{ marginTop: 8 }}
          type="warning"
          title={
            <>
              {t('pendingTransfer', { to: '' })}
              <UnitName code={c.pendingTransfer.to} />
            </>
          }
        />
      )}
    </Card>
  );
}

export function EventTimeline({ events, badSeq }: { events: EventRow[]; badSeq?: number | null }) {
  const i18n = useI18n();
  if (events.length === 0) return <EmptyState />;
  return (
    <Timeline
      items={[...events].reverse().map((e) => ({
        key: e.seq,
        color: badSeq != null && e.seq >= badSeq ? 'red' : 'blue',
        content: (
          <div className={badSeq != null && e.seq >= badSeq ? 'bad-seq' : undefined}>
            <Typography.Text type="secondary">
              #{e.seq} · {formatTime(e.occurredAt, i18n.lang)} · {e.actor}
            </Typography.Text>
            <div>{eventWords(e, i18n)}</div>
          </div>
        ),
      }))}
    />
  );
}

function Actions({ c, policy, i18n }: { c: CaseView; policy: Policy | undefined; i18n: I18n }) {
  const session = getSession()!;
  const available = availableActions(session.principal, c, policy);
  if (available.length === 0) return <Typography.Paragraph type="secondary">{i18n.t('noActions')}</Typography.Paragraph>;
  return (
    <Collapse
      items={available.map((a) => ({
        key: a.key,
        label: i18n.t(TITLES[a.key]),
        children: <ActionPanel c={c} available={a} />,
      }))}
    />
  );
}

export default function CasePage() {
  const { id } = useParams();
  const i18n = useI18n();
  const { t } = i18n;
  const opening = (useLocation().state as { opening?: boolean } | null)?.opening === true;
  const kase = useCase(id!, opening);
  const events = useEvents(id!);
  // The rules this case runs under (deadlines' calendar, deciding levels): its pinned policy version.
  const policy = usePinnedPolicy(kase.data?.policyVersion);
  if (kase.isLoading) return opening ? <Alert type="info" showIcon title={t('opening')} /> : <Loading />;
  if (kase.isError) return <ProblemAlert error={kase.error} onRetry={() => kase.refetch()} />;
  const c = kase.data!;
  return (
    <article aria-labelledby="case-title">
      <Space wrap align="center" style={{ marginBottom: 8 }}>
        <Typography.Title level={1} id="case-title" style={{ fontSize: 20, margin: 0 }} data-testid="case-number">
          {c.caseNumber}
        </Typography.Title>
        <StatusTag status={c.status} />
      </Space>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Summary c={c} policy={policy.data} />
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('timeline')}</h2>} size="small" style={{ marginTop: 12 }}>
            {events.isLoading && <Loading />}
            {events.isError && <ProblemAlert error={events.error} onRetry={() => events.refetch()} />}
            {events.data && <EventTimeline events={events.data} />}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('actions')}</h2>} size="small" data-testid="actions">
            <Actions c={c} policy={policy.data} i18n={i18n} />
          </Card>
        </Col>
      </Row>
    </article>
  );
}
