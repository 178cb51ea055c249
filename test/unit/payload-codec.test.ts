import { randomBytes } from 'node:crypto';
import { ApplicationFailure, defaultPayloadConverter, type Payload } from '@temporalio/common';
import { encodeErrorToFailure, encodeFailure, loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import { createDataConverter } from '../../src/temporal/data-converter';
import { ENCRYPTED_ENCODING, KEY_ID_METADATA_KEY, PayloadDecryptionError, PayloadEncryptionCodec } from '../../src/temporal/payload-codec';

// Issue 4: every Temporal payload leaves the process encrypted; keys rotate without losing history.

const key = () => randomBytes(32);
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');
const SECRET = { name: '张小明', idNumber: '330106201501010014', summary: '疑似遭受家庭暴力' };

function plainPayload(value: unknown = SECRET): Payload {
  return defaultPayloadConverter.toPayload(value);
}

describe('PayloadEncryptionCodec', () => {
  it('round-trips a payload, metadata included, through binary/encrypted ciphertext', async () => {
    const codec = new PayloadEncryptionCodec({ keys: { k1: key() }, activeKeyId: 'k1' });
    const original = plainPayload();
    const [encoded] = await codec.encode([original]);
    expect(text(encoded.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(encoded.metadata?.[KEY_ID_METADATA_KEY])).toBe('k1');
    for (const plaintext of Object.values(SECRET)) expect(text(encoded.data)).not.toContain(plaintext);
    expect(text(encoded.data)).not.toContain('json/plain');
    const [decoded] = await codec.decode([encoded]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual(SECRET);
    expect(text(decoded.metadata?.encoding)).toBe('json/plain');
  });

  it('uses a fresh IV each time: the same value never encrypts to the same bytes', async () => {
    const codec = new PayloadEncryptionCodec({ keys: { k1: key() }, activeKeyId: 'k1' });
    const [a, b] = await codec.encode([plainPayload(), plainPayload()]);
    expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);
  });

  it('after a rotation encrypts with the new key and still decrypts what the old key wrote', async () => {
    const old = key();
    const fresh = key();
    const before = new PayloadEncryptionCodec({ keys: { k1: old }, activeKeyId: 'k1' });
    const after = new PayloadEncryptionCodec({ keys: { k1: old, k2: fresh }, activeKeyId: 'k2' });
    const [written] = await before.encode([plainPayload()]);
    expect(defaultPayloadConverter.fromPayload((await after.decode([written]))[0])).toEqual(SECRET);
    const [rewritten] = await after.encode([plainPayload()]);
    expect(text(rewritten.metadata?.[KEY_ID_METADATA_KEY])).toBe('k2');
    // The old ring cannot read what the new key wrote, and says why without quoting anything.
    await expect(before.decode([rewritten])).rejects.toThrow(new PayloadDecryptionError('payload key k2 is not configured'));
  });

  it('detects a changed ciphertext byte, a cut payload and a relabelled key id', async () => {
    const codec = new PayloadEncryptionCodec({ keys: { k1: key(), k2: key() }, activeKeyId: 'k1' });
    const [sealed] = await codec.encode([plainPayload()]);
    const flipped = Buffer.from(sealed.data!);
    flipped[flipped.length - 1] ^= 0x01;
    await expect(codec.decode([{ ...sealed, data: flipped }])).rejects.toThrow(PayloadDecryptionError);
    await expect(codec.decode([{ ...sealed, data: sealed.data!.subarray(0, 20) }])).rejects.toThrow(PayloadDecryptionError);
    const relabelled = { ...sealed, metadata: { ...sealed.metadata, [KEY_ID_METADATA_KEY]: Buffer.from('k2') } };
    await expect(codec.decode([relabelled])).rejects.toThrow(PayloadDecryptionError);
    const error = await codec.decode([{ ...sealed, data: flipped }]).catch((e: Error) => e);
    expect((error as Error).message).not.toMatch(/张小明|330106/);
  });

  it('leaves a payload written before encryption was switched on as it is', async () => {
    const codec = new PayloadEncryptionCodec({ keys: { k1: key() }, activeKeyId: 'k1' });
    const legacy = plainPayload({ caseId: 'x' });
    expect(await codec.decode([legacy])).toEqual([legacy]);
  });

  it('refuses a key ring whose active key is missing', () => {
    expect(() => new PayloadEncryptionCodec({ keys: { k1: key() }, activeKeyId: 'k9' })).toThrow(/active payload key k9/);
  });
});

describe('the data converter', () => {
  it('encrypts failure messages and stack traces too', async () => {
    const converter = loadDataConverter(createDataConverter({ keys: { k1: key() }, activeKeyId: 'k1', uiOrigin: null }));
    const failure = await encodeErrorToFailure(converter, ApplicationFailure.create({ message: `cannot open case for ${SECRET.name}` }));
    const encoded = await encodeFailure(converter.payloadCodecs, failure);
    expect(encoded.message).toBe('Encoded failure');
    expect(encoded.stackTrace).toBe('');
    expect(text(encoded.encodedAttributes?.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(JSON.stringify(encoded)).not.toContain(SECRET.name);
    expect(text(encoded.encodedAttributes?.data)).not.toContain(SECRET.name);
  });
});
