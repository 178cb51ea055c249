import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Select, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ApiProblem, json } from '../api/client';
import { useConsoleConfig } from '../api/queries';
import type { DivisionDetail } from '../api/types';
import { useI18n } from '../i18n';
import { PROVINCES } from '../lib/divisions';
import { completeOidcSignIn, startOidcSignIn } from '../lib/oidc';
import { setSession, type Principal } from '../session';
import { Loading, ProblemAlert } from '../ui/states';

const ROLES = ['caseworker', 'supervisor', 'auditor'] as const;
const LEVEL_KEYS = ['city', 'county', 'township', 'village'] as const;

interface DevToken {
  token: string;
  expiresIn: number;
  principal: Principal;
}

async function devToken(body: { role: string; division: string; sub?: string }): Promise<DevToken> {
  return json<DevToken>('/v1/console/dev-token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

/** Development sign-in: a demo principal picked from the imported division tree. */
function DevSignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const { t, label } = useI18n();
  const [role, setRole] = useState<string>('caseworker');
  const [province, setProvince] = useState<string>(PROVINCES[0].code);
  const [path, setPath] = useState<string[]>([]); // chosen codes below the province
  const [sub, setSub] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // A token only for browsing the registry while choosing (admin of the province): memory only.
  const browse = useRef<{ province: string; token: string } | null>(null);

  const fetchDivision = async (code: string): Promise<DivisionDetail> => {
    if (browse.current?.province !== province) browse.current = { province, token: (await devToken({ role: 'admin', division: province })).token };
    return json<DivisionDetail>(`/v1/divisions/${code}`, { headers: { Authorization: `Bearer ${browse.current.token}` } });
  };
  const chain = [province, ...path];
  const levels = useQuery({
    queryKey: ['dev-divisions', ...chain],
    queryFn: async () => Promise.all(chain.map((c) => fetchDivision(c))),
    staleTime: Infinity,
  });
  const unit = chain[chain.length - 1];

  const signIn = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await devToken({ role, division: unit, ...(sub.trim() ? { sub: sub.trim() } : {}) });
      setSession({ token: r.token, principal: r.principal, expiresAt: Date.now() + r.expiresIn * 1000 });
      onSignedIn();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form layout="vertical" onFinish={signIn} requiredMark={false}>
      <Typography.Paragraph type="secondary">{t('devSignInHint')}</Typography.Paragraph>
      <Form.Item label={t('role')} htmlFor="role">
        <Select id="role" value={role} onChange={setRole} options={ROLES.map((r) => ({ value: r, label: label('role', r) }))} />
      </Form.Item>
      <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
        <legend style={{ fontSize: 14, marginBottom: 8 }}>{t('chooseUnit')}</legend>
        <Form.Item label={t('province')} htmlFor="level-province">
          <Select
            id="level-province"
            showSearch={{ optionFilterProp: 'label' }}
            value={province}
            onChange={(v) => {
              setProvince(v);
              setPath([]);
            }}
            options={PROVINCES.map((p) => ({ value: p.code, label: p.name }))}
          />
        </Form.Item>
        {levels.isError && <ProblemAlert error={levels.error} onRetry={() => levels.refetch()} />}
        {levels.data?.map((d, i) =>
          d.children.length === 0 || i >= LEVEL_KEYS.length ? null : (
            <Form.Item key={d.code} label={label('level', LEVEL_KEYS[i])} htmlFor={`level-${LEVEL_KEYS[i]}`}>
              <Select
                id={`level-${LEVEL_KEYS[i]}`}
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                value={path[i] ?? null}
                onChange={(v: string | undefined) => setPath([...path.slice(0, i), ...(v ? [v] : [])])}
                options={d.children.map((c) => ({ value: c.code, label: c.name }))}
              />
            </Form.Item>
          ),
        )}
        {levels.isFetching && <Loading />}
      </fieldset>
      <Form.Item label={t('userId')} htmlFor="sub" extra={`${role}-${unit}`}>
        <Input id="sub" value={sub} onChange={(e) => setSub(e.target.value)} autoComplete="off" placeholder={`${role}-${unit}`} />
      </Form.Item>
      <div style={{ marginBottom: 12 }} data-testid="chosen-unit">
        {t('unit')}：{levels.data?.[levels.data.length - 1]?.name ?? unit}（{unit}）
      </div>
      {error !== null && <ProblemAlert error={error} />}
      <Button type="primary" htmlType="submit" loading={busy} block>
        {t('signIn')}
      </Button>
    </Form>
  );
}

export default function SignIn() {
  const { t, lang, setLang } = useI18n();
  const config = useConsoleConfig();
  const navigate = useNavigate();
  const location = useLocation();
  const [oidcError, setOidcError] = useState<unknown>(null);
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  const done = () => navigate(from.startsWith('/') && !from.startsWith('//') ? from : '/', { replace: true });

  // Back from the identity provider: exchange the code (PKCE) for tokens.
  useEffect(() => {
    if (location.pathname !== '/auth/callback' || !config.data?.oidc) return;
    completeOidcSignIn(config.data.oidc)
      .then((to) => navigate(to, { replace: true }))
      .catch((e: unknown) =>
        setOidcError(e instanceof ApiProblem ? e : new ApiProblem({ title: 'Sign-in failed', status: 401, detail: String((e as Error).message) })),
      );
  }, [location.pathname, config.data, navigate]);

  return (
    <main id="main" style={{ maxWidth: 480, margin: '0 auto', padding: 16 }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {t('app')}
        </Typography.Title>
        <Button size="small" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
          {t('language')}
        </Button>
      </Space>
      {config.isLoading && <Loading />}
      {config.isError && <ProblemAlert error={config.error} onRetry={() => config.refetch()} />}
      {oidcError !== null && <ProblemAlert error={oidcError} />}
      {config.data?.oidc && (
        <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('oidcSignIn')}</h2>} style={{ marginBottom: 16 }}>
          <Button type="primary" block onClick={() => startOidcSignIn(config.data!.oidc!, from)}>
            {t('oidcSignIn')}
          </Button>
        </Card>
      )}
      {config.data?.devSignIn && (
        <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('devSignIn')}</h2>}>
          <DevSignIn onSignedIn={done} />
        </Card>
      )}
      {config.data && !config.data.devSignIn && !config.data.oidc && (
        <Alert type="warning" title="No sign-in is configured (OIDC_ISSUER, OIDC_CLIENT_ID)." />
      )}
    </main>
  );
}
