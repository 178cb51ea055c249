import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, ok } from '../api/client';
import type { components } from '../api/schema';
import { useI18n } from '../i18n';
import { formatTime, ToneTag } from '../lib/labels';
import { getSession } from '../session';
import { EmptyState, Loading, ProblemAlert } from '../ui/states';
import { UnitName } from '../ui/UnitName';

// 主动发现: the alerts a village or township verifies — dismissed with a reason, or made a case.

type Alert = components['schemas']['AlertView'];
const ALERTS_KEY = ['alerts'] as const;

function AlertItem({ alert }: { alert: Alert }) {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<null | 'dismiss' | 'open'>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const own = [alert.village, alert.township].includes(getSession()?.principal.division ?? '');

  const submit = async (values: { text: string }) => {
    setBusy(true);
    setProblem(null);
    try {
      const path = { id: alert.id };
      if (mode === 'dismiss') {
        await ok(api.POST('/v1/alerts/{id}/dismiss', { params: { path }, body: { reason: values.text } }));
        void message.success(`${t('dismissed')} ✓`);
      } else {
        const opened = await ok<{ case: { id: string } }>(
          api.POST('/v1/alerts/{id}/open-case', { params: { path }, body: { summary: values.text } }),
        );
        navigate(`/cases/${opened.case.id}`);
      }
      await queryClient.invalidateQueries({ queryKey: ALERTS_KEY });
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <List.Item style={{ padding: '6px 0' }}>
      <Card size="small" style={{ width: '100%' }} data-testid="alert" data-alert-id={alert.id}>
        <Space direction="vertical" size={4} style={{ width: '100%' }}>
          <Space wrap>
            <strong>{alert.subject.name ?? '—'}</strong>
            <span>{alert.subject.idNumber ?? ''}</span>
            <ToneTag tone={alert.score >= 90 ? 'red' : 'gold'}>
              {t('alertScore')} {alert.score}
            </ToneTag>
            {alert.overdue && <ToneTag tone="red">{t('overdue')}</ToneTag>}
            {alert.knownPerson && <ToneTag tone="grey">{t('knownPerson')}</ToneTag>}
          </Space>
          <div>
            {t('signalType')}：{alert.type} · {t('kind')}：{label('kind', alert.suggestedKind)} · <UnitName code={alert.village} /> · {t('verifyBy')}
            ：{formatTime(alert.verifyDueAt, lang)}
          </div>
          {own && (
            <Space wrap>
              <Button type="primary" disabled={busy} onClick={() => setMode(mode === 'open' ? null : 'open')} aria-expanded={mode === 'open'}>
                {t('openFromAlert')}
              </Button>
              <Button disabled={busy} onClick={() => setMode(mode === 'dismiss' ? null : 'dismiss')} aria-expanded={mode === 'dismiss'}>
                {t('dismiss')}
              </Button>
            </Space>
          )}
          {mode !== null && (
            <Form layout="vertical" onFinish={submit} aria-label={mode === 'open' ? t('openFromAlert') : t('dismiss')}>
              <Form.Item
                name="text"
                label={mode === 'open' ? t('summary') : t('reason')}
                rules={[{ required: true, whitespace: true, message: t('required') }]}
              >
                <Input.TextArea rows={2} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy}>
                {t('submit')}
              </Button>
            </Form>
          )}
          {problem !== null && <ProblemAlert error={problem} />}
        </Space>
      </Card>
    </List.Item>
  );
}

export default function Alerts() {
  const { t } = useI18n();
  const session = getSession()!;
  const alerts = useQuery({
    queryKey: ALERTS_KEY,
    queryFn: () => ok<{ items: Alert[] }>(api.GET('/v1/alerts', { params: { query: { limit: 200 } } })),
  });
  return (
    <section aria-labelledby="alerts-title">
      <Typography.Title level={1} id="alerts-title" style={{ fontSize: 20 }}>
        {t('alertsInbox')} · <UnitName code={session.principal.division} />
      </Typography.Title>
      {alerts.isLoading && <Loading />}
      {alerts.isError && <ProblemAlert error={alerts.error} onRetry={() => alerts.refetch()} />}
      {alerts.data && alerts.data.items.length === 0 && <EmptyState />}
      {alerts.data && alerts.data.items.length > 0 && (
        <List data-testid="alerts" dataSource={alerts.data.items} renderItem={(a) => <AlertItem key={a.id} alert={a} />} />
      )}
    </section>
  );
}
