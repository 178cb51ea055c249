import type { ReactNode } from 'react';
import type { EventRow } from '../api/types';
import type { I18n } from '../i18n';
import { UnitName } from '../ui/UnitName';

const STEPS: Record<string, [string, string]> = {
  acceptance_and_review: ['受理审核', 'acceptance and review'],
  aid_first: ['先行救助', 'aid first'],
  application_intake: ['受理申请', 'application intake'],
  application_review: ['审核申请', 'application review'],
  assistance_plan: ['制定帮扶方案', 'assistance plan'],
  confirmation: ['审批确认', 'confirmation'],
  decision: ['作出决定', 'decision'],
  disability_grade_review: ['残联审核残疾等级', 'disability grade review (残联)'],
  emergency_acknowledgement: ['紧急接报确认', 'emergency acknowledgement'],
  emergency_action: ['紧急处置', 'emergency action'],
  first_visit: ['首次走访', 'first visit'],
  follow_up_visit: ['定期走访', 'follow-up visit'],
  guardianship_arrangement: ['监护安排', 'guardianship arrangement'],
  initial_review: ['初审', 'initial review'],
  investigation: ['调查核实', 'investigation'],
  investigation_start: ['启动家庭经济状况调查', 'start of the household investigation'],
  re_investigation: ['公示异议重新调查', 're-investigation after an objection'],
  objection_decision: ['异议处理', 'decision on the objection'],
  refusal_notice: ['告知不予批准理由', 'refusal notice'],
  self_care_reassessment: ['自理能力复核评估', 'self-care re-assessment'],
  review: ['定期复核', 'periodic review'],
  review_and_decision: ['审核并决定', 'review and decision'],
  supervision: ['督导', 'supervision'],
  verification: ['核实', 'verification'],
  escalation_approval: ['等待上级审批', 'awaiting escalation approval'],
};

export function stepName(name: string | null | undefined, lang: string): string {
  if (!name) return '—';
  const s = STEPS[name];
  return s ? s[lang === 'zh' ? 0 : 1] : name;
}

/** One event of a case in plain words. */
export function eventWords(e: EventRow, { lang, label }: I18n): ReactNode {
  const d = e.data as Record<string, unknown>;
  const s = (k: string) => String(d[k] ?? '');
  const u = (k: string) => <UnitName code={s(k)} />;
  const zh = lang === 'zh';
  switch (e.type) {
    case 'CaseOpened':
      return zh ? (
        <>
          在 {u('origin')} 立案（{label('kind', s('kind'))}）
        </>
      ) : (
        <>
          Case opened at {u('origin')} ({label('kind', s('kind'))})
        </>
      );
    case 'AssessmentRecorded':
      return zh ? (
        <>
          记录评估{d.risk ? `，风险：${label('risk', s('risk'))}` : ''}：{s('findings')}
        </>
      ) : (
        <>
          Assessment recorded{d.risk ? `, risk ${label('risk', s('risk'))}` : ''}: {s('findings')}
        </>
      );
    case 'NoteAdded':
      return zh ? <>添加备注：{s('text')}</> : <>Note: {s('text')}</>;
    case 'EscalationRequested':
      return zh ? (
        <>
          申请由 {u('from')} 上报至 {u('to')}：{s('reason')}
        </>
      ) : (
        <>
          Escalation requested from {u('from')} to {u('to')}: {s('reason')}
        </>
      );
    case 'EscalationApproved':
      return zh ? <>上级批准上报申请</> : <>Escalation approved</>;
    case 'EscalationRejected':
      return zh ? <>上级驳回上报申请：{s('reason')}</> : <>Escalation rejected: {s('reason')}</>;
    case 'CaseEscalated':
      return zh ? (
        <>
          案件由 {u('from')} 移交 {u('to')}（{label('cause', s('cause'))}）
        </>
      ) : (
        <>
          Case moved up from {u('from')} to {u('to')} ({label('cause', s('cause'))})
        </>
      );
    case 'CaseReturned':
      return zh ? (
        <>
          案件由 {u('from')} 退回 {u('to')}：{s('reason')}
        </>
      ) : (
        <>
          Case returned from {u('from')} to {u('to')}: {s('reason')}
        </>
      );
    case 'DecisionRecorded':
      return zh ? (
        <>
          {label('level', s('level'))}作出决定：{d.outcome === 'approved' ? '批准' : '不予批准'}
          {d.benefit ? `（${s('benefit')}${d.monthlyAmount != null ? `，每月 ${s('monthlyAmount')} 元` : ''}）` : ''}。{s('reason')}
        </>
      ) : (
        <>
          Decision at {label('level', s('level'))}: {s('outcome')}
          {d.benefit ? ` (${s('benefit')}${d.monthlyAmount != null ? `, ${s('monthlyAmount')} yuan a month` : ''})` : ''}. {s('reason')}
        </>
      );
    case 'FollowUpRecorded':
      return zh ? (
        <>
          记录{d.kind === 'review' ? '复核' : '走访'}：{s('notes')}
        </>
      ) : (
        <>
          {d.kind === 'review' ? 'Review' : 'Visit'} recorded: {s('notes')}
        </>
      );
    case 'ReviewDue':
      return zh ? <>定期复核到期</> : <>Periodic review due</>;
    case 'SlaBreached':
      return zh ? (
        <>
          环节“{stepName(s('step'), lang)}”超过期限{d.overdue ? '（已无上级可督办，标记为超期）' : ''}
        </>
      ) : (
        <>
          Deadline of “{stepName(s('step'), lang)}” passed{d.overdue ? ' (flagged overdue)' : ''}
        </>
      );
    case 'CaseClosed':
      return zh ? <>结案：{s('reason')}</> : <>Closed: {s('reason')}</>;
    case 'CaseReopened':
      return zh ? <>重新开启：{s('reason')}</> : <>Reopened: {s('reason')}</>;
    case 'ClosureRequested':
      return zh ? <>申请结案：{s('reason')}</> : <>Closure requested: {s('reason')}</>;
    case 'TransferRequested':
      return zh ? (
        <>
          申请由 {u('from')} 转至 {u('to')}：{s('reason')}
        </>
      ) : (
        <>
          Transfer requested from {u('from')} to {u('to')}: {s('reason')}
        </>
      );
    case 'TransferAccepted':
      return zh ? <>{u('to')} 接收了转移</> : <>Transfer accepted by {u('to')}</>;
    default:
      return e.type;
  }
}
