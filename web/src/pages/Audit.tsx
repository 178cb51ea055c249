import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Input, Slider, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, json, ok, raw } from '../api/client';
import { useCase, useEvents } from '../api/queries';
import type { AccessLogEntry, EventRow, StateAt, VerificationReport } from '../api/types';
import { useI18n } from '../i18n';
import { formatTime, RiskTag, StatusTag } from '../lib/labels';
import { stepName } from '../lib/words';
import { EmptyState, Loading, ProblemAlert } from '../ui/states';
import { UnitName } from '../ui/UnitName';

function FindCase() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const find = async ({ caseNumber }: { caseNumber: string }) => {
    setBusy(true);
    setProblem(null);
    try {
      const ref = await ok<{ id: string }>(api.GET('/v1/case-numbers/{caseNumber}', { params: { path: { caseNumber: caseNumber.trim() } } }));
      navigate(`/audit/${ref.id}`);
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form layout="inline" onFinish={find} style={{ marginBottom: 12, rowGap: 8 }} aria-label={t('findCase')}>
      <Form.Item name="caseNumber" label={t('caseNumber')} rules={[{ required: true, message: t('required') }]}>
        <Input placeholder="MP-330106-2026-000001" autoComplete="off" style={{ width: 240 }} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('find')}
      </Button>
      {problem !== null && (
        <div style={{ width: '100%', marginTop: 8 }}>
          <ProblemAlert error={problem} />
        </div>
      )}
    </Form>
  );
}

function TimeSlider({ id, events }: { id: string; events: EventRow[] }) {
  const { t, label, lang } = useI18n();
  const [index, setIndex] = useState(events.length);
  const [committed, setCommitted] = useState(events.length);
  const at = events[Math.max(0, committed - 1)]?.occurredAt;
  const state = useQuery({
    queryKey: ['state-at', id, at],
    enabled: !!at,
    queryFn: () => ok<StateAt>(api.GET('/v1/cases/{id}/state', { params: { path: { id }, query: { at: at! } } })),
  });
  if (events.length === 0) return null;
  const s = state.data?.state;
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('timeTravel')}</h2>} style={{ marginTop: 12 }}>
      <Slider
        min={1}
        max={events.length}
        value={index}
        onChange={setIndex}
        onChangeComplete={setCommitted}
        marks={events.length <= 12 ? Object.fromEntries(events.map((e) => [e.seq, String(e.seq)])) : undefined}
        tooltip={{ formatter: (v) => (v ? `#${v} ${formatTime(events[v - 1]?.occurredAt, lang)}` : '') }}
        ariaLabelForHandle={t('timeTravel')}
        ariaValueTextFormatterForHandle={(v) => (v ? `#${v} ${formatTime(events[v - 1]?.occurredAt, lang)}` : '')}
      />
      <Typography.Paragraph data-testid="state-at-time">{t('asAt', { t: formatTime(at, lang) })}</Typography.Paragraph>
      {state.isFetching && <Loading />}
      {state.isError && <ProblemAlert error={state.error} />}
      {s && (
        <Descriptions size="small" column={{ xs: 1, md: 2 }} data-testid="state-at">
          <Descriptions.Item label={t('holder')}>
            <span data-testid="state-holder">
              <UnitName code={s.holder} />
            </span>{' '}
            ({label('level', s.level)})
          </Descriptions.Item>
          <Descriptions.Item label={t('status')}>
            <StatusTag status={s.status} /> <RiskTag risk={s.risk} />
          </Descriptions.Item>
          <Descriptions.Item label={t('step')}>{stepName(s.step?.name, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('version')}>{state.data!.version}</Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}

function Verification({ id, onBadSeq }: { id: string; onBadSeq(seq: number | null): void }) {
  const { t } = useI18n();
  const [run, setRun] = useState(false);
  const report = useQuery({
    queryKey: ['verification', id],
    enabled: run,
    queryFn: async () => {
      const r = await ok<VerificationReport>(api.GET('/v1/cases/{id}/verification', { params: { path: { id } } }));
      onBadSeq(r.chain.firstBadSeq);
      return r;
    },
    // The worker replays the history off the request path; look again until the record caught up.
    refetchInterval: (q) => (q.state.data?.temporal.pending && q.state.dataUpdateCount < 15 ? 2000 : false),
  });
  const yn = (b: boolean | undefined) => (b === undefined ? t('notChecked') : b ? t('yes') : t('no'));
  const r = report.data;
  const temporalOk = r?.temporal.checked ? (r.temporal.replays ?? undefined) : undefined;
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('verification')}</h2>} style={{ marginTop: 12 }}>
      {!run && (
        <Button onClick={() => setRun(true)} data-testid="verify">
          {t('verify')}
        </Button>
      )}
      {report.isFetching && <Loading />}
      {report.isError && <ProblemAlert error={report.error} onRetry={() => report.refetch()} />}
      {r && (
        <div data-testid="verification">
          <Alert
            type={r.chain.valid ? 'success' : 'error'}
            showIcon
            title={r.chain.valid ? `${t('chainValid')} (${r.chain.events} ${t('events')})` : t('chainBroken', { seq: r.chain.firstBadSeq ?? '?' })}
          />
          <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
            <Descriptions.Item label={t('readModel')}>
              {r.readModel.equalsFold ? t('yes') : t('readModelDiff', { f: r.readModel.differingFields.join(', ') })}
            </Descriptions.Item>
            <Descriptions.Item label={t('temporalReplay')}>
              {yn(temporalOk)}
              {r.temporal.pending ? ` · ${t('replayPending')}` : ''}
              {r.temporal.lastReplayedAt ? ` · ${t('lastReplayed', { at: new Date(r.temporal.lastReplayedAt).toLocaleString() })}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label="Checkpoint">
              {r.checkpoint.checked ? yn(r.checkpoint.signatureValid) : (r.checkpoint.reason ?? t('notChecked'))}
            </Descriptions.Item>
          </Descriptions>
        </div>
      )}
    </Card>
  );
}

function AccessLog({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const log = useQuery({
    queryKey: ['access-log', id],
    queryFn: () => json<{ entries: AccessLogEntry[] }>(`/v1/access-log?caseId=${encodeURIComponent(id)}&limit=100`),
  });
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('accessLog')}</h2>} style={{ marginTop: 12 }}>
      {log.isLoading && <Loading />}
      {log.isError && <ProblemAlert error={log.error} onRetry={() => log.refetch()} />}
      {log.data && log.data.entries.length === 0 && <EmptyState />}
      {log.data && log.data.entries.length > 0 && (
        <Table
          size="small"
          rowKey="id"
          scroll={{ x: true }}
          pagination={{ pageSize: 20, size: 'small' }}
          dataSource={log.data.entries}
          columns={[
            { title: t('time'), dataIndex: 'at', render: (v: string) => formatTime(v, lang) },
            { title: t('who'), render: (_: unknown, e: AccessLogEntry) => `${e.principal.id} (${e.principal.roles.join(',')})` },
            { title: t('unit'), render: (_: unknown, e: AccessLogEntry) => <UnitName code={e.principal.division} /> },
            { title: t('action'), dataIndex: 'action' },
          ]}
        />
      )}
    </Card>
  );
}

async function downloadExport(id: string, caseNumber: string): Promise<void> {
  const res = await raw(`/v1/audit/export?case=${encodeURIComponent(id)}`);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `${caseNumber}.ndjson`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function AuditCase({ id }: { id: string }) {
  const { t, lang, label } = useI18n();
  const kase = useCase(id);
  const events = useEvents(id);
  const [badSeq, setBadSeq] = useState<number | null>(null);
  const [exportProblem, setExportProblem] = useState<unknown>(null);
  if (kase.isLoading || events.isLoading) return <Loading />;
  if (kase.isError) return <ProblemAlert error={kase.error} />;
  if (events.isError) return <ProblemAlert error={events.error} />;
  const c = kase.data!;
  const list = events.data!;
  return (
    <div>
      <Space wrap align="center">
        <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }} data-testid="case-number">
          {c.caseNumber}
        </Typography.Title>
        <StatusTag status={c.status} />
        <span>{label('kind', c.kind)}</span>
        {c.subject && (
          <Typography.Text type="secondary">
            {t('idNumber')}：<span data-testid="id-number">{c.subject.idNumber}</span>（{t('masked')}）
          </Typography.Text>
        )}
        <Button
          onClick={() => {
            setExportProblem(null);
            downloadExport(c.id, c.caseNumber).catch(setExportProblem);
          }}
        >
          {t('exportCase')}
        </Button>
      </Space>
      {exportProblem !== null && <ProblemAlert error={exportProblem} />}
      <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('eventChain')}</h2>} style={{ marginTop: 12 }}>
        <Table
          size="small"
          rowKey="seq"
          data-testid="event-chain"
          scroll={{ x: true }}
          pagination={list.length > 50 ? { pageSize: 50, size: 'small' } : false}
          dataSource={list}
          rowClassName={(e) => (badSeq != null && e.seq >= badSeq ? 'bad-seq' : '')}
          columns={[
            { title: t('seq'), dataIndex: 'seq', width: 60 },
            { title: t('type'), dataIndex: 'type' },
            { title: t('actor'), dataIndex: 'actor' },
            { title: t('time'), dataIndex: 'occurredAt', render: (v: string) => formatTime(v, lang) },
            { title: t('hash'), dataIndex: 'hash', render: (v: string) => <code>{v.slice(0, 12)}</code> },
          ]}
        />
      </Card>
      <TimeSlider id={id} events={list} />
      <Verification id={id} onBadSeq={setBadSeq} />
      <AccessLog id={id} />
    </div>
  );
}

export default function Audit() {
  const { t } = useI18n();
  const { id } = useParams();
  return (
    <section aria-labelledby="audit-title">
      <Typography.Title level={1} id="audit-title" style={{ fontSize: 20 }}>
        {t('audit')}
      </Typography.Title>
      <FindCase />
      {id ? <AuditCase key={id} id={id} /> : <EmptyState text={t('findCase')} />}
    </section>
  );
}
