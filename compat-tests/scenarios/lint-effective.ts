import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../lib/types.js';
import { S1 } from '../lib/conf.js';
import { CORPUS_CONFIGS, corpusDir } from '../../src/lint/corpus-files.js';

/**
 * `portsentry lint conf --effective` checked against the 1.2 binary: 1.2 runs with a corpus config
 * as it is, ours runs with what `lint conf --effective --mode M` printed for that file. Identical
 * syslog lines, files and replies mean the linter's reading of the config is the daemon's.
 */
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const corpus = corpusDir();

const effective = (file: string, mode: string): string => {
  try {
    return execFileSync(
      process.execPath,
      [join(repo, 'bin', 'portsentry'), 'lint', 'conf', file, '--effective', '--mode', mode, '--no-probe'],
      {
        encoding: 'latin1',
      },
    );
  } catch (err) {
    // exit 1 (warnings) and 2 (errors) still print the effective configuration
    const out = (err as { stdout?: string }).stdout;
    if (typeof out === 'string' && out.length > 0) return out;
    throw new Error(`lint conf --effective ${file}: expected the effective configuration on stdout, found none`);
  }
};

export const scenarios: Scenario[] = CORPUS_CONFIGS.map((file) => file.replace(/\.conf$/, '')).flatMap((name) =>
  (['tcp', 'udp'] as const).map((mode): Scenario => {
    const file = join(corpus, `${name}.conf`);
    return {
      name: `lint-effective/${name}-${mode}`,
      about: `1.2 reading ${name}.conf and ours reading its lint --effective rendering behave the same in -${mode}`,
      argv: [`-${mode}`],
      config: readFileSync(file, 'latin1'),
      oursConfig: effective(file, mode),
      actions: [mode === 'tcp' ? { do: 'tcp', from: S1, port: 1 } : { do: 'udp', from: S1, port: 1 }],
    };
  }),
);
