import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { knownDifferences, type KnownDifference } from '../known-differences.js';
import type { Scenario } from './types.js';
import { coveredBy, uncoveredEntries, uncoveredLine } from './known.js';

const entry = (id: string, scenario: RegExp): KnownDifference => ({
  id,
  scenario,
  field: /^syslog$/,
  what: 'w',
  reason: 'r',
});
const DOCUMENTED: KnownDifference = { id: 'doc', documentationOnly: 'a hang in 1.2', what: 'w', reason: 'r' };

describe('uncoveredEntries: the known differences whose scenario ran and no longer differs', () => {
  const known = [
    entry('shown', /^tcp\/(a|b)$/),
    entry('gone', /^udp\/c$/),
    entry('filtered', /^stealth\//),
    DOCUMENTED,
  ];

  it('names an entry whose scenario ran without a difference it covered, and no other', () => {
    const runs = [
      { name: 'tcp/a', known: ['shown'] },
      { name: 'udp/c', known: [] },
    ];
    expect(uncoveredEntries(runs, known).map((k) => k.id)).toEqual(['gone']);
  });

  it('is satisfied by one covered difference in any of the scenarios an entry matches', () => {
    const runs = [
      { name: 'tcp/a', known: [] },
      { name: 'tcp/b', known: ['shown'] },
    ];
    expect(uncoveredEntries(runs, known)).toEqual([]);
  });

  it('does not judge an entry none of whose scenarios ran (filtered out), nor a documentation-only one', () => {
    expect(uncoveredEntries([{ name: 'tcp/a', known: ['shown'] }], known)).toEqual([]);
    expect(uncoveredEntries([], known)).toEqual([]);
  });

  it('does not count a difference covered by another entry', () => {
    expect(uncoveredEntries([{ name: 'udp/c', known: ['shown'] }], known).map((k) => k.id)).toEqual(['gone']);
  });

  it('prints the FAIL line the runner counts as a failed test', () => {
    expect(uncoveredLine(entry('gone', /^udp\/c$/))).toBe(
      'FAIL known-differences: gone covered nothing: its scenario no longer differs (remove the entry or fix the regression)',
    );
  });
});

describe('coveredBy and documentation-only entries', () => {
  it('never covers a difference with an entry that has no scenario', () => {
    expect(coveredBy('tcp/a', { field: 'syslog', text: '- "x"' }, [DOCUMENTED])).toBeUndefined();
    expect(coveredBy('tcp/a', { field: 'syslog', text: '- "x"' }, [DOCUMENTED, entry('shown', /^tcp\//)])?.id).toBe(
      'shown',
    );
  });
});

/** every scenario name, as run.js loads them: from dist/ (some scenarios run bin/portsentry from there) */
const scenarioNames = async (): Promise<string[]> => {
  const index = join(import.meta.dirname, '..', '..', 'dist', 'compat-tests', 'scenarios', 'index.js');
  if (!existsSync(index)) throw new Error(`${index} is missing: build first (npx tsc -p tsconfig.json)`);
  const { loadScenarios } = (await import(pathToFileURL(index).href)) as { loadScenarios: () => Promise<Scenario[]> };
  return (await loadScenarios()).map((s) => s.name);
};

describe('compat-tests/known-differences.ts', () => {
  it('ties every entry to a scenario that exists, or says why no scenario can show it', async () => {
    const names = await scenarioNames();
    const untied = knownDifferences.flatMap((k) => {
      if (k.documentationOnly !== undefined)
        return k.documentationOnly.trim() === '' ? [`${k.id}: documentationOnly is empty`] : [];
      return names.some((n) => k.scenario.test(n)) ? [] : [`${k.id}: ${String(k.scenario)} matches no scenario`];
    });
    expect(untied).toEqual([]);
  });

  it('gives each entry an id of its own', () => {
    const ids = knownDifferences.map((k) => k.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });
});
