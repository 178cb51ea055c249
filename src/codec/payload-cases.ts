import type { Payload } from '@temporalio/common';

// Which cases a decrypted Temporal payload is about. The codec protocol says nothing about the
// workflow a payload comes from, so the payload's own content must: the workflow contract puts the
// case id into every input, request and result (CaseWorkflowInput.open, CommandRequest.caseId, the
// state in results, the activity inputs), and a case number answers the number allocation.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WORKFLOW_ID = /^case-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const CASE_NUMBER = /^(?:MP|HS)-\d{6}-\d{4}-\d{6}$/;
const MAX_DEPTH = 12;

export interface PayloadCases {
  /** No data at all (a void result): nothing to withhold. */
  empty: boolean;
  caseIds: string[];
  caseNumbers: string[];
}

const text = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : '');

export function casesOfPayload(payload: Payload): PayloadCases {
  const encoding = text(payload.metadata?.encoding);
  const data = payload.data ?? new Uint8Array();
  if (encoding === 'binary/null' || data.length === 0) return { empty: true, caseIds: [], caseNumbers: [] };
  if (encoding !== 'json/plain') return { empty: false, caseIds: [], caseNumbers: [] };
  let value: unknown;
  try {
    value = JSON.parse(text(data));
  } catch {
    return { empty: false, caseIds: [], caseNumbers: [] };
  }
  const caseIds = new Set<string>();
  const caseNumbers = new Set<string>();
  const walk = (v: unknown, key: string | null, depth: number) => {
    if (depth > MAX_DEPTH) return;
    if (typeof v === 'string') {
      if (key === 'caseId' && UUID.test(v)) caseIds.add(v.toLowerCase());
      const workflow = WORKFLOW_ID.exec(v);
      if (workflow) caseIds.add(workflow[1].toLowerCase());
      if (CASE_NUMBER.test(v)) caseNumbers.add(v);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, null, depth + 1));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k, depth + 1);
  };
  walk(value, null, 0);
  return { empty: false, caseIds: [...caseIds], caseNumbers: [...caseNumbers] };
}
