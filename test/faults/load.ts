import { randomBytes } from 'node:crypto';
import { openCaseBody } from '../support/builders';

// A steady load of mixed case commands with a client-side ledger. Every request carries an
// Idempotency-Key; a request that got no answer, a connection error or a 503 is sent again with
// the same key (and the same If-Match) until it is answered — so an acknowledged command is one
// the server said it durably applied, and the ledger is what the suite checks the database against.

export interface Ack {
  caseId: string;
  /** The Idempotency-Key of the acknowledged request. */
  key: string;
  /** The case version the answer carried (the command's events end there). */
  version: number;
  what: string;
}

export interface LoadReport {
  sent: number;
  acknowledged: Ack[];
  /** Answers with another status than the one hoped for, by status, or `refused`/`dropped` for none (each one retried). */
  otherAnswers: Record<string, number>;
  /** 5xx answers that were not 503 with Retry-After: each one a defect. */
  badServerErrors: { status: number; retryAfter: string | null; path: string }[];
  /** Requests given up (still unanswered at the end): none may be acknowledged-then-lost. */
  unanswered: number;
}

/** `status` 0: no answer — the connection refused (never accepted) or dropped (accepted, then lost). */
interface Answer {
  status: number;
  body: Record<string, unknown> | null;
  noAnswer?: 'refused' | 'dropped';
}

const COMMANDS = [
  { what: 'note', path: 'notes', body: (i: number) => ({ text: `第 ${i} 次记录` }) },
  { what: 'assessment', path: 'assessments', body: (i: number) => ({ findings: `第 ${i} 次评估`, householdSize: 3 }) },
  { what: 'follow-up', path: 'follow-ups', body: (i: number) => ({ kind: 'visit', notes: `第 ${i} 次走访` }) },
] as const;

export class Load {
  private stopping = false;
  private readonly report: LoadReport = { sent: 0, acknowledged: [], otherAnswers: {}, badServerErrors: [], unanswered: 0 };
  private running: Promise<void>[] = [];

  constructor(
    private readonly apiUrl: string,
    private readonly token: string,
  ) {}

  /** Starts `clients` loops, each with a case of its own. */
  start(clients: number): void {
    this.running = Array.from({ length: clients }, (_, c) => this.client(c));
  }

  /** Lets every loop finish its request in hand (answered, however long that takes), then stops. */
  async stop(): Promise<LoadReport> {
    this.stopping = true;
    await Promise.all(this.running);
    return this.report;
  }

  get acknowledgedSoFar(): number {
    return this.report.acknowledged.length;
  }

  private async client(c: number): Promise<void> {
    const openKey = `fault-open-${c}-${randomBytes(6).toString('hex')}`;
    const opened = await this.untilAnswered('POST', '/v1/cases', openCaseBody({ summary: `故障测试 ${c}` }), openKey, null, [201]);
    if (!opened) return;
    const caseId = String(opened.body?.id);
    let version = Number(opened.body?.version);
    this.report.acknowledged.push({ caseId, key: openKey, version, what: 'open' });
    for (let i = 0; !this.stopping; i++) {
      const command = COMMANDS[i % COMMANDS.length];
      const key = `fault-${c}-${i}-${randomBytes(6).toString('hex')}`;
      const answer = await this.untilAnswered('POST', `/v1/cases/${caseId}/${command.path}`, command.body(i), key, version, [200]);
      if (!answer) return;
      version = Number(answer.body?.version);
      this.report.acknowledged.push({ caseId, key, version, what: command.what });
    }
  }

  /** Sends until answered with one of `expected` (retrying with the same key), or null if given up after 3 minutes. */
  private async untilAnswered(
    method: string,
    path: string,
    body: unknown,
    key: string,
    ifMatch: number | null,
    expected: number[],
  ): Promise<Answer | null> {
    const giveUp = Date.now() + 180_000;
    for (;;) {
      this.report.sent++;
      const answer = await this.send(method, path, body, key, ifMatch);
      if (expected.includes(answer.status)) return answer;
      const seen = answer.noAnswer ?? String(answer.status);
      this.report.otherAnswers[seen] = (this.report.otherAnswers[seen] ?? 0) + 1;
      if (Date.now() > giveUp) {
        this.report.unanswered++;
        return null;
      }
      // 202 (the case opens when a worker is back), 503 (a part is down), no answer: the same again.
      await new Promise((r) => setTimeout(r, answer.status === 503 ? 500 : 250));
    }
  }

  private async send(method: string, path: string, body: unknown, key: string, ifMatch: number | null): Promise<Answer> {
    try {
      const res = await fetch(`${this.apiUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          'content-type': 'application/json',
          'idempotency-key': key,
          ...(ifMatch === null ? {} : { 'if-match': `"${ifMatch}"` }),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      if (res.status >= 500 && !(res.status === 503 && res.headers.get('retry-after'))) {
        this.report.badServerErrors.push({ status: res.status, retryAfter: res.headers.get('retry-after'), path });
      }
      return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> | null };
    } catch (e) {
      const code = (e as { cause?: { code?: unknown } }).cause?.code;
      return { status: 0, body: null, noAnswer: code === 'ECONNREFUSED' ? 'refused' : 'dropped' };
    }
  }
}
