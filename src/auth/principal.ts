import type { Role } from '../domain';

/** Who is calling: from a verified token's `sub`, `roles`, `division` claims (SPEC §1). */
export interface Principal {
  id: string;
  roles: Role[];
  division: string;
}
