import { Inject, Injectable } from '@nestjs/common';
import type { Payload } from '@temporalio/common';
import { AccessLog } from '../access-log/access-log.service';
import type { Principal } from '../auth/principal';
import { CONFIG, type AppConfig } from '../config/config';
import { unprocessable } from '../http/problem';
import { ScopedDb } from '../persistence/scoped-db.repository';
import { PayloadDecryptionError, PayloadEncryptionCodec } from '../temporal/payload-codec';
import { casesShownByIdOrNumber } from './codec-scope.repository';
import { casesOfPayload } from './payload-cases';

export interface DecodeOutcome {
  payloads: Payload[];
  decodedCases: string[];
  withheld: number;
}

/**
 * Decrypting Temporal payloads for the Temporal UI and CLI, limited to the caller's scope: a
 * payload is answered decrypted only when what it holds names cases and every one of them is in
 * the caller's scope (or it holds nothing at all); any other is answered as it came, still
 * encrypted. Every call is in the access log, one row per case decoded, before anything leaves.
 */
@Injectable()
export class CodecService {
  private readonly codec: PayloadEncryptionCodec;

  constructor(
    @Inject(CONFIG) config: AppConfig,
    private readonly accessLog: AccessLog,
    private readonly scoped: ScopedDb,
  ) {
    this.codec = new PayloadEncryptionCodec(config.payloadCodec);
  }

  async decode(principal: Principal, payloads: Payload[], namespace: string): Promise<DecodeOutcome> {
    const decrypted = await Promise.all(
      payloads.map((payload, i) =>
        this.codec.decode([payload]).then(
          ([p]) => p,
          (e: unknown) => {
            if (e instanceof PayloadDecryptionError) {
              throw unprocessable([{ field: `payloads[${i}]`, message: 'could not be decrypted' }], 'A payload could not be decrypted.');
            }
            throw e;
          },
        ),
      ),
    );
    const about = decrypted.map((p, i) => (p === payloads[i] ? null : casesOfPayload(p)));
    const ids = [...new Set(about.flatMap((a) => a?.caseIds ?? []))];
    const numbers = [...new Set(about.flatMap((a) => a?.caseNumbers ?? []))];
    const shown = await this.scoped.read(principal, (db) => casesShownByIdOrNumber(db, ids, numbers));
    const shownIds = new Set(shown.map((c) => c.caseId));
    const shownNumbers = new Map(shown.map((c) => [c.caseNumber, c.caseId]));
    const decodedCases = new Set<string>();
    let withheld = 0;
    const answer = decrypted.map((p, i) => {
      const a = about[i];
      if (a === null || a.empty) return p; // never encrypted, or nothing in it
      const named = a.caseIds.length + a.caseNumbers.length;
      const inScope = named > 0 && a.caseIds.every((c) => shownIds.has(c)) && a.caseNumbers.every((n) => shownNumbers.has(n));
      if (!inScope) {
        withheld++;
        return payloads[i];
      }
      a.caseIds.forEach((c) => decodedCases.add(c));
      a.caseNumbers.forEach((n) => decodedCases.add(shownNumbers.get(n) ?? ''));
      return p;
    });
    // Recorded before anything decrypted leaves: a decode that cannot be logged is not answered.
    const cases = [...decodedCases];
    await this.accessLog.recordMany(principal, 'payload.decode', cases.length ? cases : [null], { namespace, payloads: payloads.length, withheld });
    return { payloads: answer, decodedCases: cases, withheld };
  }
}
