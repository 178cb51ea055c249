import { addHours, checkIdNumber, isCalendarDate, isDivisionCode, utcInstantOf, type SignalRules } from '../domain';
import type { FieldError } from '../http/problem';

// One signal of a batch, checked on its own: a bad signal is refused with its index and the
// rest go on. Errors name fields, never values (a value may be a person's name or ID number).

export interface SignalInput {
  source: string;
  signalId: string;
  type: string;
  occurredAt: string;
  subject: { idNumber?: string; name?: string };
  division: string;
  detail: Record<string, unknown>;
}

export const MAX_SIGNALS_PER_BATCH = 10_000;
const FIELDS = new Set(['source', 'signalId', 'type', 'occurredAt', 'subject', 'division', 'detail']);
const TOKEN = /^[A-Za-z0-9_.:-]{1,100}$/;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The signal, or the errors of its fields (dotted paths). `now`: ID numbers are checked against it. */
export function checkSignal(raw: unknown, rules: SignalRules, now: string): { ok: true; signal: SignalInput } | { ok: false; errors: FieldError[] } {
  if (!isRecord(raw)) return { ok: false, errors: [{ field: '', message: 'must be an object' }] };
  const errors: FieldError[] = [];
  const err = (field: string, message: string) => errors.push({ field, message });
  for (const key of Object.keys(raw)) if (!FIELDS.has(key)) err(/^[A-Za-z]\w{0,63}$/.test(key) ? key : '(unknown field)', 'is not a known field');
  const { source, signalId, type, occurredAt, subject, division, detail } = raw;
  if (typeof source !== 'string' || !TOKEN.test(source)) err('source', 'must be a code (letters, digits, _ . : -)');
  if (typeof signalId !== 'string' || !TOKEN.test(signalId)) err('signalId', 'must be an id (letters, digits, _ . : -, at most 100)');
  const rule = typeof type === 'string' ? rules.types[type] : undefined;
  if (!rule) err('type', `must be one of ${Object.keys(rules.types).join(', ')}`);
  else if (typeof source === 'string' && rule.source !== source) err('source', `signals of type ${String(type)} come from ${rule.source}`);
  // Normalised to UTC; a day that does not exist, a year before 1900 or a time a day ahead is refused.
  const at = typeof occurredAt === 'string' ? utcInstantOf(occurredAt) : null;
  const real = at !== null && typeof occurredAt === 'string' && isCalendarDate(occurredAt.slice(0, 10));
  if (at === null || !real || at < '1900-01-01' || at > addHours(now, 24)) err('occurredAt', 'must be an ISO 8601 instant, not in the future');
  if (typeof division !== 'string' || !isDivisionCode(division)) err('division', 'must be a 12-digit division code');
  if (detail !== undefined && !isRecord(detail)) err('detail', 'must be an object');
  else if (isRecord(detail) && JSON.stringify(detail).length > 2000) err('detail', 'must be at most 2000 characters of JSON');
  if (!isRecord(subject)) err('subject', 'must be an object with idNumber or name');
  else {
    for (const key of Object.keys(subject)) if (key !== 'idNumber' && key !== 'name') err('subject.(unknown field)', 'is not a known field');
    const { idNumber, name } = subject;
    if (idNumber === undefined && name === undefined) err('subject', 'must have idNumber or name');
    if (idNumber !== undefined && (typeof idNumber !== 'string' || !checkIdNumber(idNumber, now).ok)) {
      err('subject.idNumber', 'is not a valid citizen ID number');
    }
    if (name !== undefined && (typeof name !== 'string' || name.trim() === '' || name.length > 50)) err('subject.name', 'must be 1–50 characters');
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, signal: { ...(raw as unknown as SignalInput), occurredAt: at as string, detail: isRecord(detail) ? detail : {} } };
}
