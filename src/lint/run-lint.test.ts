import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseLintArgv } from './run-lint.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('parseLintArgv', () => {
  it('reads lint conf with its flags in any order', () => {
    expect(parseLintArgv(['conf', '--json', 'a.conf', '--mode', 'stcp', '--no-probe'])).toEqual({
      topic: 'conf',
      req: { file: 'a.conf', mode: 'stcp', json: true, effective: false, probe: false },
    });
    expect(parseLintArgv(['conf', '--mode=audp', '--effective'])).toEqual({
      topic: 'conf',
      req: { file: '/etc/portsentry/portsentry.conf', mode: 'audp', json: false, effective: true, probe: true },
    });
  });
  it('reads lint ignore with its default file', () => {
    expect(parseLintArgv(['ignore'])).toEqual({
      topic: 'ignore',
      req: { file: '/etc/portsentry/portsentry.ignore', json: false },
    });
  });
  it('leaves help, unknown flags, bad modes and extra files to oclif', () => {
    for (const argv of [
      ['conf', '--help'],
      ['conf', '-h'],
      ['conf', '--mode', 'xyz'],
      ['conf', '--mode'],
      ['conf', 'a', 'b'],
      ['ignore', '--effective'],
      ['conf', '--verbose'],
      ['lint'],
      [],
    ]) {
      expect(parseLintArgv(argv)).toBeNull();
    }
  });
});

/** The fast path (from the bundle bin/portsentry loads) and oclif print the same bytes and exit the same way. */
describe('lint without oclif', () => {
  const fast = (argv: string[]) =>
    spawnSync(
      process.execPath,
      [
        '-e',
        `const m = require(${JSON.stringify(join(root, 'dist/bundle/lint.cjs'))}); if (!m.lintFastPath(JSON.parse(process.argv[1]))) process.exit(99);`,
        JSON.stringify(argv),
      ],
      { encoding: 'utf8', cwd: root },
    );
  const oclif = (argv: string[]) =>
    spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { execute } = await import('@oclif/core'); await execute({ args: ['lint', ...JSON.parse(process.argv[1])], dir: ${JSON.stringify(root)} });`,
        JSON.stringify(argv),
      ],
      { encoding: 'utf8', cwd: root },
    );
  const corpus = (name: string) => join(root, 'src/lint/corpus', name);
  for (const argv of [
    ['conf', '--no-probe', corpus('broken-syntax.conf')],
    ['conf', '--json', '--mode', 'udp', '--no-probe', corpus('broken-mandatory.conf')],
    ['conf', '--effective', corpus('tutorial-aldarias.conf')],
    ['ignore', corpus('broken.ignore')],
    ['conf', corpus('no-such.conf')],
  ]) {
    it(`prints what oclif prints for lint ${argv.map((a) => a.replace(root, '.')).join(' ')}`, () => {
      const a = fast(argv);
      const b = oclif(argv);
      expect(a.stderr).toBe('');
      expect({ stdout: a.stdout, status: a.status }).toEqual({ stdout: b.stdout, status: b.status });
    });
  }
});
