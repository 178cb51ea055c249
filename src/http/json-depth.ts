// A JSON body nested deeper than any request of ours needs is refused before it is parsed (a deep
// enough one overflows the parser's stack; every route would answer 500, even without a token).

/** The deepest our bodies go is a handful of levels; codec requests carry flat payload lists. */
export const MAX_JSON_DEPTH = 32;

/** Does the JSON text nest arrays/objects deeper than `max`? One linear pass; strings are skipped. */
export function nestsDeeperThan(text: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** body-parser `verify` hook: throws a 400 error of type `entity.too.deep`. */
export function refuseDeepJson(_req: unknown, _res: unknown, buf: Buffer): void {
  if (nestsDeeperThan(buf, MAX_JSON_DEPTH)) {
    throw Object.assign(new Error('JSON body nested too deeply'), { status: 400, type: 'entity.too.deep' });
  }
}
