import { useQuery } from '@tanstack/react-query';
import { Breadcrumb, Card, Table, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { api, ok } from '../api/client';
import type { components } from '../api/schema';
import { useI18n } from '../i18n';
import { parentOf } from '../lib/divisions';
import { getSession } from '../session';
import { EmptyState, Loading, ProblemAlert } from '../ui/states';
import { UnitName } from '../ui/UnitName';

type Counts = components['schemas']['CaseCounts'];
const STATUSES = ['open', 'awaiting_approval', 'decided', 'monitoring', 'closed'] as const;

interface Row {
  unit: string;
  byStatus: Record<string, number>;
  total: number;
  overdue: number;
  critical: number;
}

function rows(c: Counts): Row[] {
  const by = new Map<string, Row>();
  for (const r of c.rows) {
    const row = by.get(r.unit) ?? { unit: r.unit, byStatus: {}, total: 0, overdue: 0, critical: 0 };
    row.byStatus[r.status] = (row.byStatus[r.status] ?? 0) + r.cases;
    row.total += r.cases;
    if (r.status !== 'closed') {
      row.overdue += r.overdue;
      row.critical += r.critical;
    }
    by.set(r.unit, row);
  }
  // Overdue and critical on top.
  return [...by.values()].sort((a, b) => b.overdue - a.overdue || b.critical - a.critical || b.total - a.total);
}

/** The supervisor's subtree: cases per child unit × status; every number drills down into the list. */
export default function Dashboard() {
  const { t, label } = useI18n();
  const session = getSession()!;
  const [params, setParams] = useSearchParams();
  const division = params.get('unit') ?? session.principal.division;
  const counts = useQuery({
    queryKey: ['case-counts', division],
    queryFn: () => ok<Counts>(api.GET('/v1/case-counts', { params: { query: { division } } })),
  });
  const trail: string[] = [];
  for (let c: string | null = division; c && c !== parentOf(session.principal.division); c = parentOf(c)) trail.unshift(c);
  const drill = (unit: string, extra = '') => `/queue?unit=${unit}${extra}`;
  return (
    <section aria-labelledby="dashboard-title">
      <Typography.Title level={1} id="dashboard-title" style={{ fontSize: 20 }}>
        {t('dashboard')}
      </Typography.Title>
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={trail.map((code) => ({
          title:
            code === division ? (
              <UnitName code={code} />
            ) : (
              <a href={`?unit=${code}`} onClick={(e) => (e.preventDefault(), setParams({ unit: code }))}>
                <UnitName code={code} />
              </a>
            ),
        }))}
      />
      <Card size="small">
        {counts.isLoading && <Loading />}
        {counts.isError && <ProblemAlert error={counts.error} onRetry={() => counts.refetch()} />}
        {counts.data && counts.data.rows.length === 0 && <EmptyState />}
        {counts.data && counts.data.rows.length > 0 && (
          <Table<Row>
            size="small"
            rowKey="unit"
            data-testid="dashboard"
            scroll={{ x: true }}
            pagination={false}
            dataSource={rows(counts.data)}
            columns={[
              {
                title: t('unit'),
                dataIndex: 'unit',
                render: (unit: string) =>
                  unit === division ? (
                    <UnitName code={unit} />
                  ) : (
                    <a href={`?unit=${unit}`} onClick={(e) => (e.preventDefault(), setParams({ unit }))}>
                      <UnitName code={unit} />
                    </a>
                  ),
              },
              {
                title: t('overdue'),
                dataIndex: 'overdue',
                render: (n: number, r) =>
                  n ? (
                    <Link to={drill(r.unit, '&overdue=1')} style={{ color: '#a8071a', fontWeight: 600 }}>
                      {n}
                    </Link>
                  ) : (
                    0
                  ),
              },
              {
                title: label('risk', 'critical'),
                dataIndex: 'critical',
                render: (n: number, r) => (n ? <Link to={drill(r.unit, '&risk=critical')}>{n}</Link> : 0),
              },
              ...STATUSES.map((s) => ({
                title: label('status', s),
                key: s,
                render: (_: unknown, r: Row) => (r.byStatus[s] ? <Link to={drill(r.unit, `&status=${s}`)}>{r.byStatus[s]}</Link> : 0),
              })),
            ]}
          />
        )}
      </Card>
    </section>
  );
}
