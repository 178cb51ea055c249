import type { components } from './schema';

// Response shapes the API's OpenAPI document does not describe yet (its controllers return
// interfaces without @ApiResponse types). Kept here, beside the generated schema, until it does.

export type CaseView = components['schemas']['CaseView'] & {
  step: { name: string; startedAt: string; dueAt: string | null; escalateOnBreach?: boolean } | null;
  pendingEscalation: { requestId: string; requestedBy: string; requestedAt: string; from: string; to: string; reason: string; dueAt: string } | null;
  pendingClosure: { requestId: string; requestedBy: string; requestedAt: string; reason: string } | null;
  pendingTransfer: { transferId: string; requestedBy: string; from: string; to: string; reason: string } | null;
  decision: {
    outcome: 'approved' | 'denied';
    benefit: string | null;
    monthlyAmount: number | null;
    level: string;
    decidedBy: string;
    decidedAt: string;
  } | null;
};

export interface CasePage {
  items: CaseView[];
  nextCursor: string | null;
}

/** A request waiting for the supervisor's unit; `mine`: they made it themself and may not decide it. */
export type PendingApproval = components['schemas']['PendingApprovalView'];

export interface Division {
  code: string;
  name: string;
  level: string;
}
export interface DivisionDetail extends Division {
  parents: Division[];
  children: Division[];
}

export interface EventRow {
  caseId: string;
  seq: number;
  type: string;
  data: Record<string, unknown>;
  actor: string;
  occurredAt: string;
  policyVersion: string;
  prevHash: string;
  hash: string;
  recordedAt: string;
}
export interface EventPage {
  caseId: string;
  events: EventRow[];
  next: number | null;
}

export interface StateAt {
  caseId: string;
  at: string;
  version: number;
  state: {
    status: string;
    holder: string;
    level: string;
    risk: string | null;
    step: { name: string; dueAt: string | null } | null;
    overdue: boolean;
    version: number;
    pendingEscalation: { to: string } | null;
    decision: { outcome: string } | null;
  };
}

export interface VerificationReport {
  caseId: string;
  chain: { valid: boolean; firstBadSeq: number | null; fault: unknown; events: number; head: { seq: number; hash: string } | null };
  checkpoint: { checked: boolean; reason?: string; signatureValid?: boolean; checkpointId?: string };
  readModel: { equalsFold: boolean; differingFields: string[]; readModelVersion: number | null; foldVersion: number | null };
  workflowState: { checked: boolean; equalsFold?: boolean; reason?: string; differingFields?: string[] };
  /** The record of the worker's replays of the case's Temporal history (the API never replays). */
  temporal: {
    checked: boolean;
    replays: boolean | null;
    runs: number;
    pending: boolean;
    lastReplayedAt: string | null;
    codeDigest: string | null;
    error?: string;
  };
}

export interface AccessLogEntry {
  id: string;
  at: string;
  principal: { id: string; roles: string[]; division: string };
  action: string;
  caseId: string | null;
  requestId: string | null;
  detail: Record<string, unknown>;
}

export interface DecisionRule {
  by: 'levels' | 'delegation' | 'amount';
  levels?: string[];
  level?: string;
  delegatedLevel?: string;
  delegatedConfirmationToTownship?: boolean;
  multipleOfDibaoLine?: number;
  upToThreshold?: string[];
  above?: string[];
}
export interface Policy {
  version: string;
  calendar: { holidays: string[]; workingWeekends: string[] };
  /** Monthly dibao lines in yuan: the most specific division entry, else the default. */
  dibaoLine: { defaultMonthly: number; byDivision: Record<string, number> };
  kinds: Record<string, { decision: DecisionRule; closureRequiresApproval: boolean; publicNotice?: { required?: boolean } | null }>;
}

export interface ConsoleConfig {
  devSignIn: boolean;
  oidc: { issuer: string; clientId: string; scope: string } | null;
}

/** RFC 9457 problem details as the API sends them. */
export interface ProblemBody {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { field: string; message: string }[];
  code?: string;
  currentVersion?: number;
  decidesAt?: string;
  [extra: string]: unknown;
}
