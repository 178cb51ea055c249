import { randomBytes } from 'node:crypto';
import { AesCaseCipher, type CaseCipher, type CaseCrypto, type CaseKeyLookup } from '../../src/subjects/case-keys';

// The benchmarks' baseline without envelope encryption — the system as it was before issue 12:
// narratives stored as written (no data key fetched, unwrapped or used), subjects under one key
// held by the process (as PII_KEYS was). Never wired into the API or the worker outside benchmarks.

class PlaintextNarratives implements CaseCipher {
  private readonly bytes: AesCaseCipher;

  constructor(
    readonly caseId: string,
    processKey: Buffer,
  ) {
    this.bytes = new AesCaseCipher(caseId, processKey);
  }

  sealText(text: string): string {
    return text;
  }

  openText(value: string): string {
    return value;
  }

  sealBytes(purpose: string, data: Buffer): Buffer {
    return this.bytes.sealBytes(purpose, data);
  }

  openBytes(purpose: string, data: Buffer): Buffer {
    return this.bytes.openBytes(purpose, data);
  }
}

export class PlaintextCaseCrypto implements CaseCrypto {
  private readonly processKey = randomBytes(32);

  create(_tx: unknown, caseId: string): Promise<CaseCipher> {
    return Promise.resolve(new PlaintextNarratives(caseId, this.processKey));
  }

  forWriting(_tx: unknown, caseId: string): Promise<CaseCipher> {
    return Promise.resolve(new PlaintextNarratives(caseId, this.processKey));
  }

  forReading(_db: unknown, caseIds: readonly string[]): Promise<Map<string, CaseKeyLookup>> {
    return Promise.resolve(new Map(caseIds.map((id) => [id, new PlaintextNarratives(id, this.processKey)])));
  }

  destroy(): Promise<void> {
    return Promise.resolve();
  }
}
