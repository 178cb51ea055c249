// The signed-in principal and its token: in memory, mirrored to sessionStorage so a reload in the
// same tab keeps the session (never localStorage: it outlives the tab and is shared between tabs).

export interface Principal {
  id: string;
  roles: string[];
  division: string;
}

export interface Session {
  token: string;
  principal: Principal;
  expiresAt: number;
}

const KEY = 'casework.session';
let current: Session | null = null;
const listeners = new Set<() => void>();

function load(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    return s.expiresAt > Date.now() ? s : null;
  } catch {
    return null;
  }
}
current = load();

export function getSession(): Session | null {
  if (current && current.expiresAt <= Date.now()) setSession(null);
  return current;
}

export function setSession(s: Session | null): void {
  current = s;
  try {
    if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
    else sessionStorage.removeItem(KEY);
  } catch {
    // storage unavailable: memory only
  }
  listeners.forEach((l) => l());
}

export function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export const hasRole = (s: Session | null, role: string) => !!s?.principal.roles.includes(role);

/** The claims of a JWT, without verifying it (the API verifies every request). */
export function claimsOf(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(decodeURIComponent(escape(json))) as Record<string, unknown>;
}
