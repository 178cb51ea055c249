import type { KeyObject } from 'node:crypto';
import type { AuditConfig } from '../config/config';
import { parseSigningKey, parseVerifyKey } from './checkpoint-signing';

// Which key signs checkpoints and which one they are trusted against, from configuration.

export function signingKeyOf(audit: AuditConfig | undefined): KeyObject | null {
  return audit?.signingKey ? parseSigningKey(audit.signingKey) : null;
}

/** The explicitly trusted public key, else the public half of the signing key, else none. */
export function trustedKeyOf(audit: AuditConfig | undefined): KeyObject | null {
  if (audit?.publicKey) return parseVerifyKey(audit.publicKey);
  return audit?.signingKey ? parseVerifyKey(audit.signingKey) : null;
}
