import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json';

// Signed checkpoints: the head (last seq, hash) of every case at one moment, signed with the
// operator's Ed25519 key and kept outside the database too. Whoever rewrites the log (and even
// recomputes its hashes) cannot produce a matching signature without the key.

export const CHECKPOINT_FORMAT = 'casework-checkpoint/1';

export interface CaseHead {
  caseId: string;
  seq: number;
  hash: string;
}

export interface CheckpointDocument {
  format: typeof CHECKPOINT_FORMAT;
  checkpointId: string;
  createdAt: string;
  caseCount: number;
  /** sha256 of the canonical JSON of `heads` (sorted by caseId). */
  headsDigest: string;
  heads: CaseHead[];
  /** Base64 SPKI DER of the key that signed; informative — verify against a key you trust. */
  publicKey: string;
  /** Base64 Ed25519 signature over the canonical statement (everything above but heads/publicKey). */
  signature: string;
}

export class CheckpointKeyError extends Error {}

function fromText(text: string, kind: 'private' | 'public'): KeyObject {
  const trimmed = text.trim();
  try {
    if (trimmed.includes('-----BEGIN')) return kind === 'private' ? createPrivateKey(trimmed) : createPublicKey(trimmed);
    const der = Buffer.from(trimmed, 'base64');
    return kind === 'private'
      ? createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
      : createPublicKey({ key: der, format: 'der', type: 'spki' });
  } catch {
    // The key material itself never goes into a message.
    throw new CheckpointKeyError(`the ${kind} key is neither PEM nor base64 ${kind === 'private' ? 'PKCS8' : 'SPKI'} DER`);
  }
}

/** AUDIT_SIGNING_KEY: base64 PKCS8 DER or PEM of an Ed25519 private key. */
export function parseSigningKey(text: string): KeyObject {
  const key = fromText(text, 'private');
  if (key.asymmetricKeyType !== 'ed25519') throw new CheckpointKeyError('the signing key must be an Ed25519 key');
  return key;
}

/** A trusted public key: base64 SPKI DER or PEM; a private key is accepted and its public half used. */
export function parseVerifyKey(text: string): KeyObject {
  let key: KeyObject;
  try {
    key = fromText(text, 'public');
  } catch {
    key = createPublicKey(parseSigningKey(text));
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new CheckpointKeyError('the verification key must be an Ed25519 key');
  return key;
}

export function publicKeyText(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return pub.export({ type: 'spki', format: 'der' }).toString('base64');
}

export function headsDigest(heads: readonly CaseHead[]): string {
  return createHash('sha256').update(canonicalJson(heads)).digest('hex');
}

function statement(doc: Pick<CheckpointDocument, 'format' | 'checkpointId' | 'createdAt' | 'caseCount' | 'headsDigest'>): Buffer {
  return Buffer.from(
    canonicalJson({
      format: doc.format,
      checkpointId: doc.checkpointId,
      createdAt: doc.createdAt,
      caseCount: doc.caseCount,
      headsDigest: doc.headsDigest,
    }),
  );
}

export function signCheckpoint(checkpointId: string, createdAt: string, heads: CaseHead[], key: KeyObject): CheckpointDocument {
  const sorted = [...heads].sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  const unsigned = { format: CHECKPOINT_FORMAT, checkpointId, createdAt, caseCount: sorted.length, headsDigest: headsDigest(sorted) } as const;
  // Ed25519 signs the message itself: no digest algorithm is named.
  const signature = sign(null, statement(unsigned), key).toString('base64');
  return { ...unsigned, heads: sorted, publicKey: publicKeyText(key), signature };
}

export type CheckpointCheck = { valid: true } | { valid: false; reason: 'bad_format' | 'heads_digest_mismatch' | 'bad_signature' };

/** Is the document intact and signed by `trusted`? */
export function verifyCheckpoint(doc: CheckpointDocument, trusted: KeyObject): CheckpointCheck {
  if (doc.format !== CHECKPOINT_FORMAT || !Array.isArray(doc.heads) || doc.heads.length !== doc.caseCount)
    return { valid: false, reason: 'bad_format' };
  if (headsDigest(doc.heads) !== doc.headsDigest) return { valid: false, reason: 'heads_digest_mismatch' };
  let signature: Buffer;
  try {
    signature = Buffer.from(doc.signature, 'base64');
  } catch {
    return { valid: false, reason: 'bad_signature' };
  }
  return verify(null, statement(doc), trusted, signature) ? { valid: true } : { valid: false, reason: 'bad_signature' };
}
