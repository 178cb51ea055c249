import { useQuery } from '@tanstack/react-query';
import { api, ApiProblem, json, ok } from './client';
import type { CaseView, ConsoleConfig, DivisionDetail, EventPage, EventRow, Policy } from './types';

export const keys = {
  case: (id: string) => ['case', id] as const,
  events: (id: string) => ['events', id] as const,
  cases: ['cases'] as const,
  approvals: ['approvals'] as const,
};

export function useConsoleConfig() {
  return useQuery({ queryKey: ['console-config'], queryFn: () => json<ConsoleConfig>('/v1/console/config'), staleTime: Infinity });
}

export function useDivision(code: string | null | undefined) {
  return useQuery({
    queryKey: ['division', code],
    enabled: !!code,
    staleTime: Infinity,
    queryFn: () => ok<DivisionDetail>(api.GET('/v1/divisions/{code}', { params: { path: { code: code! } } })),
  });
}

export function usePolicy() {
  return useQuery({ queryKey: ['policy'], staleTime: 10 * 60_000, queryFn: () => ok<Policy>(api.GET('/v1/policies/current')) });
}

/**
 * The policy version a case is pinned to (its `policyVersion`): the rules it is decided under, which
 * may differ from the current one. Versions never change once published.
 */
export function usePinnedPolicy(version: string | null | undefined) {
  return useQuery({
    queryKey: ['policy', 'version', version],
    enabled: !!version,
    staleTime: Infinity,
    retry: (count, error) => count < 1 && !(error instanceof ApiProblem && error.status === 404),
    queryFn: () => ok<Policy>(api.GET('/v1/policies/{version}', { params: { path: { version: version! } } })),
  });
}

/** `opening`: the case was just accepted (202) and may not be readable yet — keep asking for a while. */
export function useCase(id: string, opening = false) {
  return useQuery({
    queryKey: keys.case(id),
    queryFn: () => ok<CaseView>(api.GET('/v1/cases/{id}', { params: { path: { id } } })),
    retry: (count, error) =>
      opening && error instanceof ApiProblem && error.status === 404 ? count < 15 : count < 1 && (error as ApiProblem).status >= 500,
    retryDelay: 2000,
  });
}

/** Every event of a case, page by page (the API pages by seq). */
export async function allEvents(id: string): Promise<EventRow[]> {
  const out: EventRow[] = [];
  for (let after = 0; ;) {
    const page = await ok<EventPage>(api.GET('/v1/cases/{id}/events', { params: { path: { id }, query: { after, limit: 500 } } }));
    out.push(...page.events);
    if (page.next === null || page.events.length === 0) return out;
    after = page.next;
  }
}

export function useEvents(id: string) {
  return useQuery({ queryKey: keys.events(id), queryFn: () => allEvents(id) });
}
