import { Tag } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import { timeLeft, type WorkingCalendar } from './deadline';

// Tag colours with dark text on a light ground (contrast ≥ 4.5:1); antd's presets are lighter.
const TONES = {
  blue: ['#003a8c', '#e6f4ff', '#91caff'],
  gold: ['#613400', '#fffbe6', '#ffe58f'],
  green: ['#135200', '#f6ffed', '#b7eb8f'],
  cyan: ['#00474f', '#e6fffb', '#87e8de'],
  grey: ['#262626', '#fafafa', '#d9d9d9'],
  orange: ['#612500', '#fff7e6', '#ffd591'],
  red: ['#820014', '#fff1f0', '#ffa39e'],
} as const;
export type Tone = keyof typeof TONES;

export function ToneTag({ tone, children }: { tone: Tone; children: ReactNode }) {
  const [color, background, borderColor] = TONES[tone];
  return <Tag style={{ color, background, borderColor }}>{children}</Tag>;
}

const STATUS_COLOR: Record<string, Tone> = { open: 'blue', awaiting_approval: 'gold', decided: 'green', monitoring: 'cyan', closed: 'grey' };
const RISK_COLOR: Record<string, Tone> = { low: 'grey', medium: 'orange', high: 'orange', critical: 'red' };

export function StatusTag({ status }: { status: string }) {
  const { label } = useI18n();
  return <ToneTag tone={STATUS_COLOR[status] ?? 'grey'}>{label('status', status)}</ToneTag>;
}

export function RiskTag({ risk }: { risk: string | null | undefined }) {
  const { t, label } = useI18n();
  if (!risk) return null;
  return (
    <ToneTag tone={RISK_COLOR[risk] ?? 'grey'}>
      {t('risk')}：{label('risk', risk)}
    </ToneTag>
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
