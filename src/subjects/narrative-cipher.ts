import { mapEventNarratives, type CaseEvent, type NarrativeMap } from '../domain';
import { isSealed, type CaseCipher, type CaseKeyLookup } from './case-keys';

// Narratives at the two edges: sealed under the case's key where they are written (the event
// append), opened or masked where they are read (the case reader). Which fields are narrative is
// the core's table (src/domain/narrative.ts), never decided here.

/**
 * Seal a narrative once: a value already sealed under this case's key (a state rebuilt from the
 * log and carried into a new run, then copied by `decide`) stays as it is instead of being sealed twice.
 */
export function sealOnce(cipher: CaseCipher, text: string): string {
  if (isSealed(text)) {
    try {
      cipher.openText(text);
      return text;
    } catch {
      // Text that merely looks sealed is sealed like any other.
    }
  }
  return cipher.sealText(text);
}

export function sealEvent<E extends CaseEvent>(cipher: CaseCipher, event: E): E {
  return mapEventNarratives(event, (t) => sealOnce(cipher, t));
}

/** What a reader gets of a case's narratives. */
export type NarrativeView = 'full' | 'masked' | 'destroyed' | 'unavailable';

export interface NarrativeReading {
  view: NarrativeView;
  /** Applied to each narrative value (with the core's mapEventNarratives / mapStateNarratives). */
  map: NarrativeMap;
}

const HIDDEN = () => '';

/**
 * How to present a case's narratives: destroyed once shredded, masked when the reader may not see
 * them, else opened with the case's key (a case from before issue 12 has no key and plaintext).
 */
export function narrativeReading(key: CaseKeyLookup | undefined, opts: { shredded: boolean; disclosed: boolean }): NarrativeReading {
  if (opts.shredded || key === 'destroyed') return { view: 'destroyed', map: HIDDEN };
  if (!opts.disclosed) return { view: 'masked', map: HIDDEN };
  if (key === undefined || key === 'unavailable') {
    return { view: key === undefined ? 'full' : 'unavailable', map: (t) => (isSealed(t) ? '' : t) };
  }
  return {
    view: 'full',
    map: (t) => {
      try {
        return key.openText(t);
      } catch {
        return '';
      }
    },
  };
}
