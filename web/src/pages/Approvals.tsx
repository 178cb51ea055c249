import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, ifMatch, ok } from '../api/client';
import { keys } from '../api/queries';
import type { CaseView, PendingApproval } from '../api/types';
import { useI18n } from '../i18n';
import { formatTime, ToneTag } from '../lib/labels';
import { getSession } from '../session';
import { EmptyState, Loading, ProblemAlert } from '../ui/states';
import { UnitName } from '../ui/UnitName';

async function decide(item: PendingApproval, verdict: 'approve' | 'reject', reason: string): Promise<CaseView> {
  // Every command says which version it acts on: read the case as it is now.
  const c = await ok<CaseView>(api.GET('/v1/cases/{id}', { params: { path: { id: item.caseId } } }));
  const header = ifMatch(c.version);
  const path = { id: item.caseId, rid: item.requestId };
  if (item.type === 'escalation' && verdict === 'approve')
    return ok(api.POST('/v1/cases/{id}/escalations/{rid}/approve', { params: { path, header } }));
  if (item.type === 'escalation') return ok(api.POST('/v1/cases/{id}/escalations/{rid}/reject', { params: { path, header }, body: { reason } }));
  if (item.type === 'closure') return ok(api.POST('/v1/cases/{id}/close/{rid}/approve', { params: { path, header } }));
  return ok(api.POST('/v1/cases/{id}/transfers/{tid}/accept', { params: { path: { id: item.caseId, tid: item.requestId }, header } }));
}

function ApprovalItem({ item }: { item: PendingApproval }) {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [rejecting, setRejecting] = useState(false);
  const [busy, setBusy] = useState<null | 'approve' | 'reject'>(null);
  const [problem, setProblem] = useState<unknown>(null);
  // Listed so the supervisor sees it waits, but decided by someone else (separation of duties).
  const own = item.mine;
  const reasonId = `own-${item.caseId}-${item.requestId}`;

  const act = async (verdict: 'approve' | 'reject', reason = '') => {
    setBusy(verdict);
    setProblem(null);
    try {
      const after = await decide(item, verdict, reason);
      queryClient.setQueryData(keys.case(item.caseId), after);
      void message.success(`${item.caseNumber}: ${t(verdict)} ✓`);
      await Promise.all([queryClient.invalidateQueries({ queryKey: keys.approvals }), queryClient.invalidateQueries({ queryKey: ['cases'] })]);
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(null);
    }
  };

  const typeLabel = item.type === 'escalation' ? t('escalation') : item.type === 'closure' ? t('closure') : t('transfer');
  return (
    <List.Item style={{ padding: '6px 0' }}>
      <Card size="small" style={{ width: '100%' }} className="case-card" data-testid="approval" data-case-id={item.caseId}>
        <Space direction="vertical" size={4} style={{ width: '100%' }}>
          <Space wrap>
            <Link to={`/cases/${item.caseId}`} style={{ fontWeight: 600 }}>
              {item.caseNumber}
            </Link>
            <ToneTag tone="gold">{typeLabel}</ToneTag>
            <span>{label('kind', item.kind)}</span>
            {own && <ToneTag tone="grey">{t('ownRequestTag')}</ToneTag>}
          </Space>
          <div>
            {t('holder')}：<UnitName code={item.holder} /> · {t('requestedBy')}：{item.requestedBy} · {t('dueAt')}：{formatTime(item.dueAt, lang)}
          </div>
          <div>
            {t('reason')}：{item.reason}
          </div>
          <Space wrap>
            <Button
              type="primary"
              loading={busy === 'approve'}
              disabled={own || busy !== null}
              aria-describedby={own ? reasonId : undefined}
              onClick={() => act('approve')}
            >
              {item.type === 'transfer' ? t('acceptTransfer') : t('approve')}
            </Button>
            {item.type === 'escalation' && (
              <Button
                danger
                disabled={own || busy !== null}
                aria-describedby={own ? reasonId : undefined}
                onClick={() => setRejecting(!rejecting)}
                aria-expanded={rejecting}
              >
                {t('reject')}
              </Button>
            )}
          </Space>
          {own && (
            <Typography.Text type="secondary" id={reasonId} data-testid="own-reason">
              {t('ownRequest')}
            </Typography.Text>
          )}
          {rejecting && !own && (
            <Form layout="vertical" onFinish={(v: { reason: string }) => act('reject', v.reason)} aria-label={t('reject')}>
              <Form.Item name="reason" label={t('reason')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
              <Button danger htmlType="submit" loading={busy === 'reject'}>
                {t('reject')}
              </Button>
            </Form>
          )}
          {problem !== null && <ProblemAlert error={problem} />}
        </Space>
      </Card>
    </List.Item>
  );
}

export default function Approvals() {
  const { t } = useI18n();
  const session = getSession()!;
  // Own requests too (marked `mine`): shown disabled, with the reason, rather than missing.
  const approvals = useQuery({
    queryKey: keys.approvals,
    queryFn: () => ok<{ items: PendingApproval[] }>(api.GET('/v1/approvals', { params: { query: { includeOwn: true } } })),
  });
  return (
    <section aria-labelledby="approvals-title">
      <Typography.Title level={1} id="approvals-title" style={{ fontSize: 20 }}>
        {t('approvalsInbox')} · <UnitName code={session.principal.division} />
      </Typography.Title>
      {approvals.isLoading && <Loading />}
      {approvals.isError && <ProblemAlert error={approvals.error} onRetry={() => approvals.refetch()} />}
      {approvals.data && approvals.data.items.length === 0 && <EmptyState />}
      {approvals.data && approvals.data.items.length > 0 && (
        <List
          data-testid="approvals"
          dataSource={approvals.data.items}
          renderItem={(item) => <ApprovalItem key={`${item.caseId}-${item.requestId}`} item={item} />}
        />
      )}
    </section>
  );
}
