import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Scenario } from '../lib/types.js';

/**
 * Every scenario group: each compiled file next to this one (argv.js, tcp.js, stealth-*.js, ...)
 * exports `scenarios: Scenario[]`. Groups are loaded in file-name order; names must be unique.
 */
export const loadScenarios = async (): Promise<Scenario[]> => {
  const dir = dirname(fileURLToPath(import.meta.url));
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.js') && f !== 'index.js')
    .sort();
  const all: Scenario[] = [];
  const seen = new Set<string>();
  for (const f of files) {
    const mod = (await import(pathToFileURL(`${dir}/${f}`).href)) as { scenarios?: Scenario[] };
    if (!Array.isArray(mod.scenarios))
      throw new Error(`${dir}/${f}: expected an exported "scenarios" array, found none`);
    for (const s of mod.scenarios) {
      if (seen.has(s.name)) throw new Error(`${dir}/${f}: scenario name "${s.name}" is used twice`);
      seen.add(s.name);
      all.push(s);
    }
  }
  return all;
};
