import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { expectGolden, expectGoldenSet } from '../../test-support/golden.js';
import type { Mode } from '../config/settings.js';
import { fakeEnv } from '../../test-support/fake-env.js';
import { CORPUS_CONFIGS } from './corpus-files.js';
import { confJson, formatEffective, formatText } from './format.js';
import { lintConf } from './lint-conf.js';
import { lintIgnore } from './lint-ignore.js';

const corpus = join(dirname(fileURLToPath(import.meta.url)), 'corpus');
const read = (name: string) => readFileSync(join(corpus, name), 'latin1');
const THIS = fileURLToPath(import.meta.url);

/** The machine every golden output is computed on: a Debian host with rpcbind on port 111. */
export const corpusMachine = () =>
  fakeEnv({
    files: {
      ...Object.fromEntries(
        [...CORPUS_CONFIGS, 'broken.ignore', 'upstream-1.2.ignore', 'debian-1.2-14.ignore.static'].map((name) => [
          name,
          { content: read(name) },
        ]),
      ),
      '/etc/portsentry/portsentry.ignore': { content: read('debian-1.2-14.ignore.static') },
      '/usr/local/psionic/portsentry/portsentry.ignore': { content: read('upstream-1.2.ignore') },
      '/usr/local/psionic/portsentry/portsentry.history': { content: '' },
      '/var/lib/portsentry/portsentry.history': { content: '' },
      '/sbin/route': { mode: 0o755 },
      '/sbin/iptables': { mode: 0o755 },
      '/usr/sbin/iptables': { mode: 0o755 },
      '/bin/echo': { mode: 0o755 },
      '/root/portsentry.sh': { mode: 0o700 },
      '/home/admin/portsentry.sh': { uid: 1000, gid: 1000, mode: 0o755 },
    },
    hostAddresses: ['127.0.0.1', '192.0.2.10'],
    portsInUse: ['tcp/111', 'udp/111'],
    kernel: { type: 'Linux', release: '6.1.0-18-amd64' },
  });

/** the golden files this test compares with, to find those no test reads */
const goldenNames: string[] = [];
const golden = (name: string, actual: string) => expectGolden(join(corpus, 'golden', name), actual, THIS);

const CONFIGS: [string, Mode | undefined][] = [
  ['upstream-1.2.conf', undefined],
  ['debian-1.2-14.conf', undefined],
  ['debian-1.2-14.conf', 'atcp'],
  ['tutorial-aldarias.conf', undefined],
  ['tutorial-aldarias.conf', 'atcp'],
  ['tutorial-ocr.conf', undefined],
  ['broken-syntax.conf', undefined],
  ['broken-ports.conf', undefined],
  ['broken-ports.conf', 'stcp'],
  ['broken-responses.conf', undefined],
  ['broken-legacy.conf', 'tcp'],
  ['broken-mandatory.conf', undefined],
  ['broken-mandatory.conf', 'udp'],
  ['broken-crlf.conf', 'tcp'],
];

const IGNORE_FILES = ['broken.ignore', 'upstream-1.2.ignore', 'debian-1.2-14.ignore.static'];

describe('the lint corpus', () => {
  for (const [name, mode] of CONFIGS) {
    const base = name.replace(/\.conf$/, '') + (mode === undefined ? '' : `.${mode}`);
    goldenNames.push(`${base}.txt`, ...(mode === undefined ? [`${base}.effective.txt`] : []));
    it(`lints ${name}${mode === undefined ? '' : ` for -${mode}`} as golden/${base}.txt says`, () => {
      const r = lintConf(name, { mode }, corpusMachine());
      golden(`${base}.txt`, formatText(r.findings) + `exit status ${r.exitStatus}\n`);
    });
    if (mode === undefined) {
      it(`prints the effective configuration of ${name} as golden/${base}.effective.txt says`, () => {
        const r = lintConf(name, {}, corpusMachine());
        golden(`${base}.effective.txt`, formatEffective(r.effective!));
      });
    }
  }
  goldenNames.push('debian-1.2-14.json', ...IGNORE_FILES.map((name) => `${name}.txt`));
  it('has a golden file for each output above and none that no test reads', () => {
    expectGoldenSet(join(corpus, 'golden'), readdirSync(join(corpus, 'golden')), goldenNames, THIS);
  });
  it('gives the JSON of the Debian config as golden/debian-1.2-14.json says', () => {
    golden('debian-1.2-14.json', confJson(lintConf('debian-1.2-14.conf', {}, corpusMachine())));
  });
  for (const name of IGNORE_FILES) {
    it(`lints the ignore file ${name} as golden/${name}.txt says`, () => {
      const r = lintIgnore(name, corpusMachine());
      golden(`${name}.txt`, formatText(r.findings) + `exit status ${r.exitStatus}\n`);
    });
  }
});
