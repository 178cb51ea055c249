import { useQuery } from '@tanstack/react-query';
import { Button, Card, List, Select, Space, Switch, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, ok } from '../api/client';
import { usePolicy } from '../api/queries';
import type { CasePage, CaseView } from '../api/types';
import { KINDS_BY_FAMILY, useI18n } from '../i18n';
import { timeLeft } from '../lib/deadline';
import { significant } from '../lib/divisions';
import { DeadlineText, RiskTag, StatusTag } from '../lib/labels';
import { getSession } from '../session';
import { EmptyState, Loading, ProblemAlert } from '../ui/states';
import { UnitName } from '../ui/UnitName';

const STATUSES = ['open', 'awaiting_approval', 'decided', 'monitoring', 'closed'] as const;
const RISKS = ['critical', 'high', 'medium', 'low'] as const;
const RISK_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };
const MAX_CASES = 5000;
const band = (x: { c: CaseView; left: { overdue: boolean } | null }) => (x.left?.overdue ? 0 : x.c.risk === 'critical' ? 1 : 2);

type Filters = { kind?: string; status?: string; risk?: string; overdue?: string };

/** Every case the unit holds (the API pages newest first; the queue orders by deadline). */
async function loadQueue(division: string, f: Filters): Promise<CaseView[]> {
  const out: CaseView[] = [];
  let cursor: string | undefined;
  do {
    const page = await ok<CasePage>(
      api.GET('/v1/cases', {
        params: { query: { division, limit: 200, ...(cursor ? { cursor } : {}), ...f } as never },
      }),
    );
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && out.length < MAX_CASES);
  return out;
}

export default function Queue() {
  const { t, label } = useI18n();
  const session = getSession()!;
  const [params, setParams] = useSearchParams();
  const filters: Filters = {
    ...(params.get('kind') ? { kind: params.get('kind')! } : {}),
    ...(params.get('status') ? { status: params.get('status')! } : {}),
    ...(params.get('risk') ? { risk: params.get('risk')! } : {}),
    ...(params.get('overdue') === '1' ? { overdue: 'true' } : {}),
  };
  const includeClosed = params.get('closed') === '1';
  // A supervisor's drill-down names a unit of the subtree; anything else is the principal's own unit.
  const asked = params.get('unit');
  const division = asked && /^\d{12}$/.test(asked) && asked.startsWith(significant(session.principal.division)) ? asked : session.principal.division;
  const policy = usePolicy();
  const cases = useQuery({ queryKey: ['cases', 'queue', division, filters], queryFn: () => loadQueue(division, filters) });

  const sorted = useMemo(() => {
    const cal = policy.data?.calendar ?? null;
    const now = Date.now();
    return (
      (cases.data ?? [])
        .filter((c) => includeClosed || filters.status === 'closed' || c.status !== 'closed')
        .map((c) => ({ c, left: timeLeft(c.deadline ?? null, c.overdue, cal, now) }))
        // Overdue first, then critical (an emergency), then by how soon the deadline falls.
        .sort(
          (a, b) =>
            band(a) - band(b) ||
            (a.left?.urgency ?? 4) - (b.left?.urgency ?? 4) ||
            (a.c.deadline ? Date.parse(a.c.deadline) : Infinity) - (b.c.deadline ? Date.parse(b.c.deadline) : Infinity) ||
            (RISK_RANK[a.c.risk ?? ''] ?? 9) - (RISK_RANK[b.c.risk ?? ''] ?? 9),
        )
        .map((x) => x.c)
    );
  }, [cases.data, policy.data, includeClosed, filters.status]);

  const setFilter = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  const kinds = [...KINDS_BY_FAMILY.minor_protection, ...KINDS_BY_FAMILY.hardship];
  return (
    <section aria-labelledby="queue-title">
      <Space style={{ width: '100%', justifyContent: 'space-between', flexWrap: 'wrap' }}>
        <Typography.Title level={1} id="queue-title" style={{ fontSize: 20, margin: '8px 0' }}>
          {t('queue')} · <UnitName code={division} />
        </Typography.Title>
        <Space wrap>
          {/* 主动发现 and 转介服务 (issue 14): linked here, not in the header, which must fit a phone. */}
          <Link to="/alerts">{t('alerts')}</Link>
          <Link to="/referrals">{t('referrals')}</Link>
          {session.principal.roles.includes('caseworker') && (
            <Link to="/cases/new">
              <Button type="primary">{t('openCase')}</Button>
            </Link>
          )}
        </Space>
      </Space>
      <Space wrap style={{ marginBottom: 12 }} aria-label={t('filters')} role="group">
        <Select
          aria-label={t('kind')}
          style={{ minWidth: 140 }}
          value={filters.kind ?? ''}
          onChange={(v) => setFilter('kind', v || undefined)}
          options={[{ value: '', label: `${t('kind')}：${t('all')}` }, ...kinds.map((k) => ({ value: k, label: label('kind', k) }))]}
        />
        <Select
          aria-label={t('status')}
          style={{ minWidth: 120 }}
          value={filters.status ?? ''}
          onChange={(v) => setFilter('status', v || undefined)}
          options={[{ value: '', label: `${t('status')}：${t('all')}` }, ...STATUSES.map((s) => ({ value: s, label: label('status', s) }))]}
        />
        <Select
          aria-label={t('risk')}
          style={{ minWidth: 110 }}
          value={filters.risk ?? ''}
          onChange={(v) => setFilter('risk', v || undefined)}
          options={[{ value: '', label: `${t('risk')}：${t('all')}` }, ...RISKS.map((r) => ({ value: r, label: label('risk', r) }))]}
        />
        {filters.overdue && (
          <Tag closable onClose={() => setFilter('overdue', undefined)}>
            {t('overdueOnly')}
          </Tag>
        )}
        <label>
          <Switch size="small" checked={includeClosed} onChange={(v) => setFilter('closed', v ? '1' : undefined)} /> {t('includeClosed')}
        </label>
      </Space>
      {cases.isLoading && <Loading />}
      {cases.isError && <ProblemAlert error={cases.error} onRetry={() => cases.refetch()} />}
      {cases.isSuccess && sorted.length === 0 && <EmptyState />}
      {cases.isSuccess && sorted.length > 0 && (
        <List
          aria-label={t('queue')}
          data-testid="queue"
          dataSource={sorted}
          pagination={sorted.length > 50 ? { pageSize: 50, showSizeChanger: false, size: 'small', showTotal: (n) => t('casesShown', { n }) } : false}
          renderItem={(c) => (
            <List.Item key={c.id} style={{ padding: '6px 0' }}>
              <Card size="small" className="case-card" style={{ width: '100%' }} data-testid="queue-item" data-case-id={c.id}>
                <Space direction="vertical" size={2} style={{ width: '100%' }}>
                  <Space wrap size={6}>
                    <Link to={`/cases/${c.id}`} style={{ fontWeight: 600 }}>
                      {c.caseNumber}
                    </Link>
                    <StatusTag status={c.status} />
                    <RiskTag risk={c.risk} />
                  </Space>
                  <Typography.Text>{label('kind', c.kind)}</Typography.Text>
                  <Space wrap size={6}>
                    <span>
                      {t('deadline')}：<DeadlineText deadline={c.deadline ?? null} overdue={c.overdue} calendar={policy.data?.calendar ?? null} />
                    </span>
                    <Typography.Text type="secondary">
                      {t('holder')}：<UnitName code={c.holder} />
                    </Typography.Text>
                  </Space>
                </Space>
              </Card>
            </List.Item>
          )}
        />
      )}
    </section>
  );
}
