import { expect } from '@jest/globals';
import type { Role } from '../../src/domain';
import type { TestApp } from './test-app';

// Drives one case through HTTP as different people, always sending the ETag it last saw.

export interface Person {
  token: string;
  id: string;
}

export async function person(
  t: TestApp,
  role: Role,
  division: string,
  id = `${role}-${division}-${Math.random().toString(36).slice(2, 8)}`,
): Promise<Person> {
  return { id, token: await t.token({ id, roles: [role], division }) };
}

export class CaseDriver {
  version = 0;
  view: Record<string, unknown> & { id: string; pendingEscalation?: { requestId: string } | null; pendingClosure?: { requestId: string } | null } = {
    id: '',
  };

  constructor(private readonly t: TestApp) {}

  get id(): string {
    return this.view.id;
  }

  async open(by: Person, body: object): Promise<this> {
    const res = await this.t.http().post('/v1/cases').set('Authorization', `Bearer ${by.token}`).send(body);
    expect(res.status).toBe(201);
    this.view = res.body;
    this.version = res.body.version;
    return this;
  }

  /** POST a command; expects `status` (200 by default) and keeps the new version. */
  async act(by: Person, path: string, body: object = {}, status = 200) {
    const res = await this.t
      .http()
      .post(`/v1/cases/${this.id}/${path}`)
      .set('Authorization', `Bearer ${by.token}`)
      .set('If-Match', `"${this.version}"`)
      .send(body);
    if (res.status !== status) throw new Error(`${path}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    if (res.status === 200) {
      this.view = res.body;
      this.version = res.body.version;
      expect(res.headers.etag).toBe(`"${res.body.version}"`);
    }
    return res;
  }

  async escalate(requester: Person, approver: Person, reason = '需上级审核') {
    await this.act(requester, 'escalations', { reason });
    const rid = this.view.pendingEscalation!.requestId;
    return this.act(approver, `escalations/${rid}/approve`);
  }

  /** Read the case again (after the workflow's own timer moved it) and keep its version. */
  async refresh(by: Person): Promise<this> {
    const res = await this.t.http().get(`/v1/cases/${this.id}`).set('Authorization', `Bearer ${by.token}`);
    expect(res.status).toBe(200);
    this.view = res.body;
    this.version = res.body.version;
    return this;
  }

  async events(): Promise<string[]> {
    const rows: { type: string; data: { cause?: string } }[] = await this.t.db.query(
      'SELECT type, data FROM case_events WHERE case_id = $1 ORDER BY seq',
      [this.id],
    );
    return rows.map((r) => (r.type === 'CaseEscalated' ? `CaseEscalated:${r.data.cause}` : r.type));
  }
}
