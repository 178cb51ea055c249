import type { Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { badRequest, type FieldError } from '../http/problem';

// The body of Temporal's remote codec protocol: `{ payloads: [{ metadata: { k: base64 }, data:
// base64 }] }`, the proto3 JSON form of Payloads. Checked here so a malformed request answers 400
// naming the field, never an error that quotes its content.

/** A payload as the protocol carries it: metadata values and data in base64. */
export interface JsonPayload {
  metadata?: Record<string, string> | null;
  data?: string | null;
}

const ProtoPayload = temporal.api.common.v1.Payload;
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;
export const MAX_PAYLOADS_PER_REQUEST = 1000;

export function payloadsOf(body: unknown): Payload[] {
  const list = isRecord(body) ? body.payloads : undefined;
  if (!Array.isArray(list)) throw badRequest([{ field: 'payloads', message: 'must be an array of payloads' }]);
  const unknown = unknownKeys(body as Record<string, unknown>, ['payloads'], '');
  if (unknown.length) throw badRequest(unknown);
  if (list.length > MAX_PAYLOADS_PER_REQUEST) {
    throw badRequest([{ field: 'payloads', message: `must hold at most ${MAX_PAYLOADS_PER_REQUEST} payloads` }]);
  }
  const errors: FieldError[] = [];
  const payloads = list.map((item: unknown, i) => {
    const field = `payloads[${i}]`;
    if (!isRecord(item)) {
      errors.push({ field, message: 'must be an object' });
      return null;
    }
    errors.push(...unknownKeys(item, ['metadata', 'data'], `${field}.`));
    const { metadata, data } = item;
    if (data !== undefined && data !== null && !isBase64(data)) errors.push({ field: `${field}.data`, message: 'must be base64' });
    if (metadata !== undefined && metadata !== null) {
      if (!isRecord(metadata)) errors.push({ field: `${field}.metadata`, message: 'must map names to base64 values' });
      else {
        for (const [name, value] of Object.entries(metadata)) {
          if (!isBase64(value)) errors.push({ field: `${field}.metadata.${name}`, message: 'must be base64' });
        }
      }
    }
    return { metadata, data } as JsonPayload;
  });
  if (errors.length) throw badRequest(errors);
  return payloads.map((p) => {
    const { metadata, data } = ProtoPayload.fromObject(p!);
    return { metadata, data };
  });
}

export function jsonPayloadOf(payload: Payload): JsonPayload {
  const { metadata, data } = ProtoPayload.toObject(ProtoPayload.create(payload), { bytes: String });
  return { metadata: metadata as Record<string, string> | undefined, data: data as string | undefined };
}

/** The protocol has no other fields: any other is refused (and not echoed unless it is an identifier). */
function unknownKeys(value: Record<string, unknown>, known: string[], prefix: string): FieldError[] {
  return Object.keys(value)
    .filter((k) => !known.includes(k))
    .map((k) => ({ field: `${prefix}${/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(k) ? k : '(unknown field)'}`, message: 'is not a known field' }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBase64(value: unknown): value is string {
  return typeof value === 'string' && BASE64.test(value);
}
