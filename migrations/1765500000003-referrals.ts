import { MigrationInterface, QueryRunner } from 'typeorm';

// Referrals (issue 14, 物质 + 服务): a projection of the Referral* events, written by the append in
// the events' transaction. Referring units read it in scope (row-level security); a provider reads
// only its own referrals' minimum fields, through one SECURITY DEFINER function.
const SCOPE = `nullif(current_setting('casework.scope', true), '')`;
const inScope = (column: string) => `(${column} BETWEEN rpad(${SCOPE}, 12, '0') AND rpad(${SCOPE}, 12, '9'))`;

export class Referrals1765500000003 implements MigrationInterface {
  name = 'Referrals1765500000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE referrals (
        referral_id  uuid        NOT NULL,
        case_id      uuid        NOT NULL,
        provider_id  text        NOT NULL,
        service      text        NOT NULL,
        status       text        NOT NULL,
        made_at      timestamptz NOT NULL,
        respond_by   timestamptz NOT NULL,
        holder       char(12)    NOT NULL,
        origin       char(12)    NOT NULL,
        updated_at   timestamptz NOT NULL,
        CONSTRAINT referrals_pk PRIMARY KEY (referral_id),
        CONSTRAINT referrals_status_ck CHECK (status IN ('pending', 'accepted', 'declined', 'delivered'))
      )`);
    await q.query(`CREATE INDEX referrals_provider_ix ON referrals (provider_id, status, respond_by)`);
    await q.query(`CREATE INDEX referrals_holder_ix ON referrals (holder, status, respond_by)`);
    await q.query(`GRANT SELECT ON referrals TO casework_api`);
    await q.query(`ALTER TABLE referrals ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY referrals_in_scope ON referrals FOR SELECT TO casework_api USING (${inScope('holder')} OR ${inScope('origin')})`);
    await q.query(`
      CREATE FUNCTION casework_referrals_of_provider(provider text, one uuid)
      RETURNS TABLE (referral_id uuid, case_id uuid, service text, status text, made_at timestamptz, respond_by timestamptz, referred_by char(12))
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT r.referral_id, r.case_id, r.service, r.status, r.made_at, r.respond_by, r.holder
          FROM referrals r
         WHERE r.provider_id = provider AND (one IS NULL OR r.referral_id = one)
         ORDER BY r.respond_by
         LIMIT 500
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION casework_referrals_of_provider(text, uuid) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION casework_referrals_of_provider(text, uuid) TO casework_api`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS casework_referrals_of_provider(text, uuid)`);
    await q.query(`DROP TABLE IF EXISTS referrals`);
  }
}
