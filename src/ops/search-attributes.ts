import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { CASE_SEARCH_ATTRIBUTES } from '../../workflows/case.messages';

// The one-shot job that registers the search attributes CaseWorkflow sets (the keys and types of
// CASE_SEARCH_ATTRIBUTES in workflows/case.messages.ts) in a Temporal namespace. Idempotent: a key
// already registered with the same type is left alone; one with another type is an error.

const { IndexedValueType } = temporal.api.enums.v1;
const TYPES: Record<'Keyword', number> = { Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD };

export interface SearchAttributeResult {
  added: string[];
  present: string[];
}

export async function registerSearchAttributes(address: string, namespace: string): Promise<SearchAttributeResult> {
  const connection = await Connection.connect({ address });
  try {
    const listed = await connection.operatorService.listSearchAttributes({ namespace });
    const existing = { ...(listed.customAttributes ?? {}) } as Record<string, number>;
    const wanted = Object.entries(CASE_SEARCH_ATTRIBUTES).map(([name, type]) => ({ name, type: TYPES[type] }));
    const wrong = wanted.filter((w) => w.name in existing && existing[w.name] !== w.type);
    if (wrong.length) throw new Error(`search attributes registered with another type: ${wrong.map((w) => w.name).join(', ')}`);
    const missing = wanted.filter((w) => !(w.name in existing));
    if (missing.length) {
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(missing.map((m) => [m.name, m.type])),
      });
    }
    return { added: missing.map((m) => m.name), present: wanted.filter((w) => w.name in existing).map((w) => w.name) };
  } finally {
    await connection.close();
  }
}
