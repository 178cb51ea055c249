import { Button, Layout, Menu, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../i18n';
import { getSession, setSession } from '../session';
import { UnitName } from './UnitName';

export function Shell({ children }: { children: ReactNode }) {
  const { t, label, lang, setLang } = useI18n();
  const session = getSession();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const roles = session?.principal.roles ?? [];
  const items = [
    ...(roles.includes('caseworker') ? [{ key: '/queue', label: <Link to="/queue">{t('queue')}</Link> }] : []),
    ...(roles.includes('caseworker') ? [{ key: '/cases/new', label: <Link to="/cases/new">{t('openCase')}</Link> }] : []),
    ...(roles.includes('supervisor') ? [{ key: '/approvals', label: <Link to="/approvals">{t('approvals')}</Link> }] : []),
    ...(roles.includes('supervisor') ? [{ key: '/dashboard', label: <Link to="/dashboard">{t('dashboard')}</Link> }] : []),
    // A caseworker who is also a supervisor has the queue once.
    ...(roles.includes('supervisor') && !roles.includes('caseworker') ? [{ key: '/queue', label: <Link to="/queue">{t('queue')}</Link> }] : []),
    ...(roles.includes('auditor') ? [{ key: '/audit', label: <Link to="/audit">{t('audit')}</Link> }] : []),
  ];
  const selected = items.map((i) => i.key).filter((k) => location.pathname.startsWith(k));
  const signOut = () => {
    setSession(null);
    queryClient.clear();
    navigate('/sign-in');
  };
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <Layout.Header
        style={{ display: 'flex', alignItems: 'center', gap: 12, paddingInline: 12, flexWrap: 'wrap', height: 'auto', lineHeight: '48px' }}
      >
        <Link to="/" style={{ color: '#fff', fontWeight: 600, whiteSpace: 'nowrap' }}>
          Casework
        </Link>
        <nav aria-label={t('app')} style={{ flex: '1 1 160px', minWidth: 0 }}>
          <Menu theme="dark" mode="horizontal" selectedKeys={selected} items={items} style={{ minWidth: 0, lineHeight: '46px' }} />
        </nav>
        <Space size={4} wrap>
          <Button size="small" ghost onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} lang={lang === 'zh' ? 'en' : 'zh-CN'}>
            {t('language')}
          </Button>
          <Button size="small" ghost onClick={signOut}>
            {t('signOut')}
          </Button>
        </Space>
      </Layout.Header>
      {session && (
        <div style={{ background: '#f0f4fa', padding: '4px 12px' }}>
          <Typography.Text type="secondary" data-testid="principal">
            {session.principal.id} · {session.principal.roles.map((r) => label('role', r)).join('、')} ·{' '}
            <UnitName code={session.principal.division} />
          </Typography.Text>
        </div>
      )}
      <Layout.Content id="main" tabIndex={-1} style={{ padding: 12, maxWidth: 1200, width: '100%', margin: '0 auto', outline: 'none' }}>
        {children}
      </Layout.Content>
    </Layout>
  );
}
