import { Alert, Button, Empty, Spin } from 'antd';
import { ApiProblem } from '../api/client';
import { useI18n } from '../i18n';

export function Loading() {
  const { t } = useI18n();
  return (
    <div role="status" aria-live="polite" style={{ padding: 32, textAlign: 'center' }}>
      <Spin />
      <div style={{ marginTop: 8 }}>{t('loading')}</div>
    </div>
  );
}

export function EmptyState({ text }: { text?: string }) {
  const { t } = useI18n();
  return <Empty description={text ?? t('empty')} />;
}

/** A problem detail in words: title, detail, field errors; 404 says "not found or outside your scope". */
export function ProblemAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const p = error instanceof ApiProblem ? error.problem : { title: t('problem'), status: 0, detail: String((error as Error)?.message ?? error) };
  const detail = p.status === 404 ? t('notFound') : p.detail;
  return (
    <Alert
      type="error"
      role="alert"
      showIcon
      title={`${t('problem')}${p.status ? ` (${p.status} ${p.title})` : ''}`}
      description={
        <>
          {detail && <div>{detail}</div>}
          {p.decidesAt && <div>{t('authority', { who: String(p.decidesAt) })}</div>}
          {p.errors?.length ? (
            <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
              {p.errors.map((e) => (
                <li key={e.field + e.message}>
                  {e.field}: {e.message}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      }
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
