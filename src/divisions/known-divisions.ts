import { unprocessable } from '../http/problem';
import type { Queryable } from '../persistence/queryable';
import { knownDivisionCodes } from './divisions.repository';

/**
 * SPEC §2: an unknown division code anywhere in a request — body, path or list filter — answers
 * 422 naming the field. `fields` pairs the field's name with its value (absent ones are skipped).
 */
export async function requireKnownDivisions(db: Queryable, fields: [string, string | undefined][]): Promise<void> {
  const wanted = fields.filter((f): f is [string, string] => f[1] !== undefined);
  if (wanted.length === 0) return;
  const known = await knownDivisionCodes(
    db,
    wanted.map(([, c]) => c),
  );
  const unknown = wanted.filter(([, code]) => !known.has(code));
  if (unknown.length) {
    throw unprocessable(
      unknown.map(([field]) => ({ field, message: 'is not a known division code' })),
      'The request names a division that is not in the registry.',
    );
  }
}
