import type { ProblemBody } from '../api/types';

/** The problem's field errors as antd form fields (beside their inputs); unmapped ones stay in the alert. */
export function fieldErrors(p: ProblemBody, map: Record<string, (string | number)[]>): { name: (string | number)[]; errors: string[] }[] {
  const byField = new Map<string, string[]>();
  for (const e of p.errors ?? []) {
    const name = map[e.field] ?? (/^[a-zA-Z]+$/.test(e.field) ? [e.field] : null);
    if (!name) continue;
    const k = JSON.stringify(name);
    byField.set(k, [...(byField.get(k) ?? []), e.message]);
  }
  return [...byField].map(([k, errors]) => ({ name: JSON.parse(k) as (string | number)[], errors }));
}
