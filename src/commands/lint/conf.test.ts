import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** files the test creates belong to whoever runs it: one more error (insecure-file) unless root */
const notRoot = process.getuid?.() === 0 ? 0 : 1;
const dir = mkdtempSync(join(tmpdir(), 'ps-lint-cli-'));

/** `portsentry ARGS` through bin/portsentry and the compiled dist/ (npm run build first). */
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(root, 'bin/portsentry'), ...args], { encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
};

describe('portsentry lint conf on bad input', () => {
  it('names a missing file and exits 2', () => {
    const file = join(dir, 'missing.conf');
    expect(cli('lint', 'conf', file)).toEqual({
      stdout: `${file}: error: cannot open ${file}: no such file or directory; 1.2 exits with "Cannot open config file" [unreadable-file]\nsummary: 1 error, 0 warnings, 0 info\n`,
      stderr: '',
      status: 2,
    });
  });
  it('names a directory and exits 2', () => {
    const file = join(dir, 'a-directory');
    mkdirSync(file);
    expect(cli('lint', 'conf', file)).toEqual({
      stdout: `${file}: error: ${file} is a directory; 1.2 reads a directory as an empty file and refuses to start [unreadable-file]\nsummary: 1 error, 0 warnings, 0 info\n`,
      stderr: '',
      status: 2,
    });
  });
  it('says binary garbage is not a text file, without a stack trace', () => {
    const file = join(dir, 'garbage.conf');
    writeFileSync(file, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0xff, 0x9c, 0x0a, 0x42, 0x4c]));
    const r = cli('lint', 'conf', '--no-probe', file);
    expect(r.stdout.split('\n')[0]).toBe(
      `${file}: error: ${file} is not a text file (a NUL byte at offset 6): 1.2 would still read it, but finds no options in it [not-text]`,
    );
    expect(r.stdout.endsWith(`summary: ${4 + notRoot} errors, 1 warning, 2 info\n`)).toBe(true);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(2);
  });
  it('refuses a 10 MB line with the path and the line number', () => {
    const file = join(dir, 'long.conf');
    writeFileSync(file, `# fine\n${'A'.repeat(10 * 1024 * 1024)}\n`);
    expect(cli('lint', 'conf', file)).toEqual({
      stdout: `${file}:2:1: error: ${file} is not a config file: line 2 is 10485760 bytes long (1.2 would read it in 10251 pieces of 1023 bytes); not reading further [not-text]\nsummary: 1 error, 0 warnings, 0 info\n`,
      stderr: '',
      status: 2,
    });
  });
  it('names an unreadable file and exits 2', () => {
    // root reads any file: as root, lint runs as nobody (uid 65534) on a file of mode 0
    const open = mkdtempSync(join(tmpdir(), 'ps-lint-unreadable-'));
    chmodSync(open, 0o755);
    const file = join(open, 'secret.conf');
    writeFileSync(file, 'SCAN_TRIGGER="0"\n');
    chmodSync(file, 0);
    const asNobody =
      process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'] : [];
    const r = spawnSync(
      asNobody[0] ?? process.execPath,
      [
        ...asNobody.slice(1),
        ...(asNobody.length > 0 ? [process.execPath] : []),
        join(root, 'bin/portsentry'),
        'lint',
        'conf',
        file,
      ],
      { encoding: 'utf8' },
    );
    expect({ stdout: r.stdout, stderr: r.stderr, status: r.status }).toEqual({
      stdout: `${file}: error: cannot read ${file}: permission denied; 1.2 exits with "Cannot open config file" [unreadable-file]\nsummary: 1 error, 0 warnings, 0 info\n`,
      stderr: '',
      status: 2,
    });
  });
  it('rejects an unknown mode with a message and no stack trace', () => {
    const r = cli('lint', 'conf', '--mode', 'xyz', join(dir, 'x.conf'));
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Expected --mode=xyz to be one of: tcp, udp, stcp, sudp, atcp, audp');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('portsentry lint conf output', () => {
  // a copy in the temporary directory (sticky /tmp above it): the repository's directories may
  // belong to another user, which would add an insecure-file error
  const config = join(dir, 'broken-mandatory.conf');
  copyFileSync(join(root, 'src/lint/corpus/broken-mandatory.conf'), config);
  it('documents the exit status in --help', () => {
    const r = cli('lint', 'conf', '--help');
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(
      'Exit status: 0 no problems (info only), 1 warnings, 2 errors (or the file cannot be read).',
    );
    expect(r.status).toBe(0);
  });
  it('prints findings and the effective configuration with --json', () => {
    const r = cli('lint', 'conf', '--json', '--mode', 'udp', config);
    const json = JSON.parse(r.stdout) as {
      exitStatus: number;
      summary: unknown;
      findings: { rule: string }[];
      effective: { startsUp: boolean; options: { key: string }[] };
    };
    expect(r.status).toBe(2);
    expect(json.exitStatus).toBe(2);
    expect(json.summary).toEqual({ errors: 4 + notRoot, warnings: 1, info: 0 });
    expect(json.findings.find((f: { rule: string }) => f.rule === 'missing-mandatory')).toEqual({
      file: config,
      line: null,
      column: null,
      severity: 'error',
      rule: 'missing-mandatory',
      message:
        'BLOCKED_FILE is not set: 1.2 refuses to start ("InitConfig: Cannot retrieve BLOCKED_FILE option! Aborting")',
      hint: 'add BLOCKED_FILE="/path/to/file"',
    });
    expect(json.effective.startsUp).toBe(false);
    expect(json.effective.options.find((o: { key: string }) => o.key === 'SCAN_TRIGGER')).toEqual({
      key: 'SCAN_TRIGGER',
      status: 'set',
      value: '0',
      line: 3,
      column: 15,
      stoppedBy: 'quote',
    });
  });
  it('prints the effective configuration alone with --effective, keeping the exit status', () => {
    const r = cli('lint', 'conf', '--effective', '--mode', 'tcp', config);
    expect(r.stdout.split('\n').slice(0, 4)).toEqual([
      `# ${config} as portsentry 1.2 reads it (mode -tcp)`,
      '# 1.2 refuses to start: InitConfig: Cannot retrieve BLOCKED_FILE option! Aborting',
      '# BLOCK_TCP: not set (0: TCP scans are logged, not blocked)',
      '# BLOCK_UDP: not set (0: UDP scans are logged, not blocked)',
    ]);
    expect(r.status).toBe(2);
  });
});

describe('portsentry lint ignore', () => {
  it('names a missing ignore file and exits 2', () => {
    const file = join(dir, 'missing.ignore');
    expect(cli('lint', 'ignore', file)).toEqual({
      stdout: `${file}: error: cannot open ${file}: no such file or directory; 1.2 logs "cannot open ignore file. Blocking host anyway." and can block any host [unreadable-file]\nsummary: 1 error, 0 warnings, 0 info\n`,
      stderr: '',
      status: 2,
    });
  });
  it('gives the entries as 1.2 reads them with --json', () => {
    const file = join(dir, 'p.ignore');
    writeFileSync(file, '127.0.0.1/32\n10.0.0.0/33\n');
    const json = JSON.parse(cli('lint', 'ignore', '--json', file).stdout) as { entries: unknown };
    expect(json.entries).toEqual([
      { line: 1, address: '127.0.0.1', bits: 32, valid: true },
      { line: 2, address: '10.0.0.0', bits: 33, valid: false },
    ]);
  });
});
