import type { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { caseAccess, type CaseAction, type CaseState } from '../domain';
import { forbidden, notFound } from '../http/problem';

/**
 * The read-model state of a case the principal may take `action` on, by the core's access rule:
 * 404 when it is missing or out of scope (they look the same), 403 when the role or unit may not.
 */
export async function authorizedCase(
  db: Pick<DataSource | EntityManager, 'query'>,
  principal: Principal,
  caseId: string,
  action: CaseAction,
  forbiddenDetail: string,
): Promise<CaseState> {
  const rows: { state: CaseState }[] = await db.query('SELECT state FROM cases WHERE case_id = $1', [caseId]);
  const state = rows[0]?.state;
  if (!state) throw notFound('case');
  const access = caseAccess(principal, action, state);
  if (access === 'not_found') throw notFound('case');
  if (access === 'forbidden') throw forbidden(forbiddenDetail);
  return state;
}
