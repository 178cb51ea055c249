import { useQuery } from '@tanstack/react-query';
import { Checkbox, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, ok } from '../api/client';
import type { components } from '../api/schema';
import { useI18n } from '../i18n';
import { formatTime, ToneTag } from '../lib/labels';
import { Loading, ProblemAlert } from '../ui/states';
import { UnitName } from '../ui/UnitName';

// 物质 + 服务: the referrals of cases in the unit's scope, soonest answer first; overdue ones marked.

type Referral = components['schemas']['ReferralView'];

export default function Referrals() {
  const { t, lang } = useI18n();
  const [overdue, setOverdue] = useState(false);
  const referrals = useQuery({
    queryKey: ['referrals', overdue],
    queryFn: () => ok<{ items: Referral[] }>(api.GET('/v1/referrals', { params: { query: { overdue, limit: 200 } } })),
  });
  return (
    <section aria-labelledby="referrals-title">
      <Typography.Title level={1} id="referrals-title" style={{ fontSize: 20 }}>
        {t('referralsQueue')}
      </Typography.Title>
      <Checkbox checked={overdue} onChange={(e) => setOverdue(e.target.checked)}>
        {t('overdueOnly')}
      </Checkbox>
      {referrals.isLoading && <Loading />}
      {referrals.isError && <ProblemAlert error={referrals.error} onRetry={() => referrals.refetch()} />}
      {referrals.data && (
        <Table<Referral>
          data-testid="referrals"
          rowKey="referralId"
          size="small"
          pagination={false}
          dataSource={referrals.data.items}
          columns={[
            { title: t('caseNumber'), dataIndex: 'caseId', render: (id: string) => <Link to={`/cases/${id}`}>{id.slice(0, 8)}</Link> },
            { title: t('provider'), dataIndex: 'providerId' },
            { title: t('service'), dataIndex: 'service' },
            { title: t('status'), dataIndex: 'status' },
            { title: t('holder'), dataIndex: 'holder', render: (code: string) => <UnitName code={code} /> },
            {
              title: t('respondBy'),
              dataIndex: 'respondBy',
              render: (at: string, r: Referral) => (
                <>
                  {formatTime(at, lang)} {r.overdue && <ToneTag tone="red">{t('overdue')}</ToneTag>}
                </>
              ),
            },
          ]}
        />
      )}
    </section>
  );
}
