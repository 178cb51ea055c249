import { createHash, randomUUID } from 'node:crypto';

// Ids a command creates (an escalation request, a transfer, a closure request). With an
// Idempotency-Key the id is derived from the principal and the key (a name-based UUID, RFC 9562
// version 5), so a retry of the request creates the same id and is the same command.

/** RFC 9562 name-based UUID namespace for Casework command ids (itself a random v4 UUID). */
const NAMESPACE = Buffer.from('6f1c2b7e94d84c1fa0b35d2e8c7a9e41', 'hex');

export function commandIdFor(principalId: string, key: string | null): string {
  if (key === null) return randomUUID();
  const hash = createHash('sha1').update(NAMESPACE).update(`${principalId}\u0000${key}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
