import { Tag } from 'antd';
import { useI18n } from '../i18n';
import { timeLeft, type WorkingCalendar } from './deadline';

const STATUS_COLOR: Record<string, string> = { open: 'blue', awaiting_approval: 'gold', decided: 'green', monitoring: 'cyan', closed: 'default' };
const RISK_COLOR: Record<string, string> = { low: 'default', medium: 'orange', high: 'volcano', critical: 'red' };

export function StatusTag({ status }: { status: string }) {
  const { label } = useI18n();
  return <Tag color={STATUS_COLOR[status]}>{label('status', status)}</Tag>;
}

export function RiskTag({ risk }: { risk: string | null | undefined }) {
  const { t, label } = useI18n();
  if (!risk) return null;
  return (
    <Tag color={RISK_COLOR[risk]}>
      {t('risk')}：{label('risk', risk)}
    </Tag>
  );
}

/** "剩 3 个工作日（71 小时）" / "已超期 5 小时"; red when overdue, orange when under a day. */
export function DeadlineText({ deadline, overdue, calendar }: { deadline: string | null; overdue: boolean; calendar: WorkingCalendar | null }) {
  const { t } = useI18n();
  const left = timeLeft(deadline, overdue, calendar);
  if (!left) return <span>{t('noDeadline')}</span>;
  const text = left.overdue
    ? left.hours < 0
      ? t('overdueBy', { h: -left.hours })
      : t('overdue')
    : left.hours < 24
      ? t('hoursLeft', { h: left.hours })
      : t('workingDaysLeft', { d: left.workingDays, h: left.hours });
  const color = left.urgency === 0 ? '#a8071a' : left.urgency === 1 ? '#ad4e00' : undefined;
  return (
    <span style={{ color, fontWeight: left.urgency <= 1 ? 600 : undefined }} title={deadline ?? undefined}>
      {text}
    </span>
  );
}

export function formatTime(iso: string | null | undefined, lang: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(
    new Date(iso),
  );
}
