import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Mode } from '../config/settings.js';
import { fakeEnv } from '../../test-support/fake-env.js';
import { CORPUS_CONFIGS } from './corpus-files.js';
import { confJson, formatEffective, formatText } from './format.js';
import { lintConf } from './lint-conf.js';
import { lintIgnore } from './lint-ignore.js';

const corpus = join(dirname(fileURLToPath(import.meta.url)), 'corpus');
const read = (name: string) => readFileSync(join(corpus, name), 'latin1');
const update = process.env.UPDATE_GOLDEN === '1';

/** The machine every golden output is computed on: a Debian host with rpcbind on port 111. */
export const corpusMachine = () =>
  fakeEnv({
    files: {
      ...Object.fromEntries(
        [
          ...CORPUS_CONFIGS,
          'broken.ignore',
          'upstream-1.2.ignore',
          'debian-1.2-14.ignore.static',
        ].map((name) => [name, { content: read(name) }]),
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

const golden = (name: string, actual: string) => {
  const path = join(corpus, 'golden', name);
  if (update || !existsSync(path)) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, 'utf8'));
};

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

describe('the lint corpus', () => {
  for (const [name, mode] of CONFIGS) {
    const base = name.replace(/\.conf$/, '') + (mode === undefined ? '' : `.${mode}`);
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
  it('gives the JSON of the Debian config as golden/debian-1.2-14.json says', () => {
    golden('debian-1.2-14.json', confJson(lintConf('debian-1.2-14.conf', {}, corpusMachine())));
  });
  for (const name of ['broken.ignore', 'upstream-1.2.ignore', 'debian-1.2-14.ignore.static']) {
    it(`lints the ignore file ${name} as golden/${name}.txt says`, () => {
      const r = lintIgnore(name, corpusMachine());
      golden(`${name}.txt`, formatText(r.findings) + `exit status ${r.exitStatus}\n`);
    });
  }
});
