import { LAW_BOUNDS, valueAt, type Duration, type Policy, type Source } from '../src/domain';

// docs/law.md's tables, rendered from the shipped policy itself (its `sources` and the law's
// bounds), so the page cannot drift from the code: test/unit/law-doc.test.ts compares them.

function shown(value: unknown): string {
  if (value === undefined) return '—';
  if (value === null) return 'none';
  if (typeof value !== 'object') return JSON.stringify(value);
  const d = value as Partial<Duration> & Record<string, unknown>;
  if (typeof d.amount === 'number' && typeof d.unit === 'string') return `${d.amount} ${d.unit.replace('_', ' ')}`;
  if ('sla' in d && 'name' in d) {
    const next = d.next ? `; then ${shown(d.next)}` : '';
    return `${String(d.name)}: ${shown(d.sla)}${d.withinProcedure ? ' (within the whole)' : ''}${next}`;
  }
  if ('by' in d) {
    if (d.by === 'levels') return `decided at ${(d.levels as string[]).join(' or ')}`;
    if (d.by === 'delegation')
      return `${String(d.level)} confirms (${String(d.delegatedLevel)} where delegated: ${String(d.delegatedConfirmationToTownship)})`;
    return `up to ${String(d.multipleOfDibaoLine)} × dibao line: ${(d.upToThreshold as string[]).join('/')}, above: ${(d.above as string[]).join('/')}`;
  }
  if ('period' in d) {
    const required = d.required === true ? ', required before the decision' : '';
    return `${shown(d.period)} at the ${String(d.level)}${required}${d.objection ? `; objection → ${shown(d.objection)}` : ''}`;
  }
  if ('interval' in d) return `every ${shown(d.interval)}`;
  if ('upTo' in d) return `up to ${shown(d.upTo)} on: ${(d.grounds as string[]).join(', ')}`;
  if ('village' in d || 'township' in d || 'county' in d) {
    return Object.entries(d)
      .map(([level, step]) => `${level} ${shown(step)}`)
      .join('; ');
  }
  return '(see policy)';
}

const BASIS: Record<Source['basis'], string> = { law: 'law', default: 'DEFAULT', local_practice: 'local practice' };

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function lawTables(policy: Policy): string {
  const rows = Object.entries(policy.sources ?? {}).map(([path, source]) => {
    const where = source.basis === 'law' ? source.article : (source.note ?? '');
    return `| \`${path}\` | ${cell(shown(valueAt(policy, path)))} | ${BASIS[source.basis]} | ${cell(where)} |`;
  });
  const bounds = LAW_BOUNDS.map((b) => `| \`${b.path}\` | ${b.rule === 'atMost' ? 'at most' : 'exactly'} ${shown(b.limit)} | ${cell(b.article)} |`);
  return [
    `Policy version ${policy.version}.`,
    '',
    '| value (JSON path) | shipped | basis | source |',
    '|---|---|---|---|',
    ...rows,
    '',
    "The law's bounds (a published policy or an override outside them is refused with 422 naming it):",
    '',
    '| value | bound | article |',
    '|---|---|---|',
    ...bounds,
  ].join('\n');
}
