import type { CaseView, Policy } from '../api/types';
import type { Principal } from '../session';

// Which actions this principal may take on this case: the API's rules (src/domain/access.ts and
// decide.ts's statuses) mirrored for display. The API decides again on every call.

export type ActionKey =
  | 'assess'
  | 'addNote'
  | 'followUp'
  | 'requestEscalation'
  | 'approveEscalation'
  | 'rejectEscalation'
  | 'requestTransfer'
  | 'acceptTransfer'
  | 'requestClosure'
  | 'approveClosure'
  | 'return'
  | 'decide'
  | 'startPublicNotice'
  | 'reopen';

export interface Available {
  key: ActionKey;
  /** Shown but not usable, with the reason (own request: separation of duties). */
  disabledReason?: 'own';
}

const ACTIVE = ['open', 'awaiting_approval', 'decided', 'monitoring'];

/** Levels that decide this kind: all that might (an amount rule names both sides of the threshold). */
export function decidingLevels(policy: Policy | undefined, kind: string): string[] | null {
  const rule = policy?.kinds[kind]?.decision;
  if (!rule) return null;
  if (rule.by === 'levels') return rule.levels ?? [];
  if (rule.by === 'delegation') return [rule.delegatedConfirmationToTownship ? rule.delegatedLevel! : rule.level!];
  return [...(rule.upToThreshold ?? []), ...(rule.above ?? [])];
}

export function availableActions(p: Principal, c: CaseView, policy: Policy | undefined): Available[] {
  const cw = p.roles.includes('caseworker');
  const sup = p.roles.includes('supervisor');
  const atHolder = p.division === c.holder;
  const s = c.status;
  const out: Available[] = [];
  const own = (by: string | undefined) => (by === p.id ? { disabledReason: 'own' as const } : {});
  if (atHolder && cw && ACTIVE.includes(s)) out.push({ key: 'assess' });
  if (atHolder && (cw || sup) && ACTIVE.includes(s)) out.push({ key: 'addNote' });
  if (atHolder && cw && ACTIVE.includes(s)) out.push({ key: 'followUp' });
  if (atHolder && cw && s === 'open' && c.level !== 'province' && !c.pendingTransfer) out.push({ key: 'requestEscalation' });
  if (sup && c.pendingEscalation && c.pendingEscalation.to === p.division && s === 'awaiting_approval') {
    out.push({ key: 'approveEscalation', ...own(c.pendingEscalation.requestedBy) });
    out.push({ key: 'rejectEscalation', ...own(c.pendingEscalation.requestedBy) });
  }
  if (atHolder && cw && (s === 'open' || s === 'monitoring') && !c.pendingTransfer && !c.pendingClosure) out.push({ key: 'requestTransfer' });
  if (sup && c.pendingTransfer && c.pendingTransfer.to === p.division && ['open', 'decided', 'monitoring'].includes(s)) {
    out.push({ key: 'acceptTransfer', ...own(c.pendingTransfer.requestedBy) });
  }
  if (atHolder && cw && (s === 'decided' || s === 'monitoring') && !c.pendingClosure && !c.pendingTransfer) out.push({ key: 'requestClosure' });
  if (atHolder && sup && c.pendingClosure && (s === 'decided' || s === 'monitoring'))
    out.push({ key: 'approveClosure', ...own(c.pendingClosure.requestedBy) });
  if (atHolder && sup && ['open', 'decided', 'monitoring'].includes(s) && c.holder !== c.origin && !c.pendingTransfer && !c.pendingClosure)
    out.push({ key: 'return' });
  // 公示 of the initial opinion (低保 第十九条, 特困 第十五条), where the kind has one; again after an objection.
  const notice = c.publicNotice?.purpose === 'initial' ? c.publicNotice.status : null;
  if (atHolder && cw && s === 'open' && policy?.kinds[c.kind]?.publicNotice && (notice === null || notice === 'objected'))
    out.push({ key: 'startPublicNotice' });
  const levels = decidingLevels(policy, c.kind);
  if (atHolder && sup && s === 'open' && !c.pendingTransfer && (levels === null || levels.includes(c.level))) out.push({ key: 'decide' });
  if (atHolder && (cw || sup) && s === 'closed') out.push({ key: 'reopen' });
  return out;
}
