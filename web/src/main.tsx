import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { StrictMode, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { I18nContext, makeI18n, type Lang } from './i18n';
import { Routes } from './routes';
import { ApiProblem } from './api/client';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // 4xx are answers, not glitches: retry only network errors and 5xx, once.
      retry: (count, error) => count < 1 && (!(error instanceof ApiProblem) || error.status === 0 || error.status >= 500),
      refetchOnWindowFocus: false,
      staleTime: 5_000,
    },
  },
});

// Colours that keep WCAG AA contrast (4.5:1) on white: antd's defaults for links, secondary and
// tertiary text are lighter than that.
// People who ask their system for less motion get none (antd animates help texts, panels, lists).
const reducedMotion = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
const THEME = {
  motion: !reducedMotion,
  colorPrimary: '#1456b8',
  colorLink: '#0b4fa8',
  colorInfo: '#1456b8',
  colorError: '#c41d1f',
  colorSuccess: '#237804',
  colorWarning: '#ad6800',
  colorTextSecondary: 'rgba(0,0,0,0.68)',
  colorTextTertiary: 'rgba(0,0,0,0.64)',
  colorTextDescription: 'rgba(0,0,0,0.68)',
  colorTextPlaceholder: 'rgba(0,0,0,0.58)',
};

function Root() {
  const [lang, setLangState] = useState<Lang>(() => {
    const l = sessionStorage.getItem('casework.lang') === 'en' ? 'en' : 'zh';
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
    return l;
  });
  const i18n = useMemo(
    () =>
      makeI18n(lang, (l) => {
        sessionStorage.setItem('casework.lang', l);
        document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
        setLangState(l);
      }),
    [lang],
  );
  return (
    <I18nContext.Provider value={i18n}>
      <ConfigProvider button={{ autoInsertSpace: false }} locale={lang === 'zh' ? zhCN : enUS} theme={{ token: THEME }}>
        <AntApp>
          <QueryClientProvider client={queryClient}>
            <BrowserRouter>
              <Routes />
            </BrowserRouter>
          </QueryClientProvider>
        </AntApp>
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
