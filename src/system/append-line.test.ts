import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  constants,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendLine, linesWaiting, truncateFile } from './append-line.js';

const dir = mkdtempSync(join(tmpdir(), 'append-line-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fifo = (name: string): string => {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  return path;
};

describe('appendLine', () => {
  it('appends to a regular file and says so at once', () => {
    const path = join(dir, 'history');
    writeFileSync(path, 'old\n');
    expect(appendLine(path, 'new\n')).toBe(true);
    expect(readFileSync(path, 'latin1')).toBe('old\nnew\n');
  });

  it('creates a missing file with mode 0666 less the umask and writes each character as its latin1 byte', () => {
    const path = join(dir, 'created');
    const umask = process.umask(0o027);
    try {
      expect(appendLine(path, 'caf\u00e9 \u0141\n')).toBe(true);
    } finally {
      process.umask(umask);
    }
    expect(statSync(path).mode & 0o777).toBe(0o640);
    // é is 0xe9; a character past U+00FF keeps its low byte, as Buffer.from(line, 'latin1') has it
    expect([...readFileSync(path)]).toEqual([0x63, 0x61, 0x66, 0xe9, 0x20, 0x41, 0x0a]);
  });

  it('leaves no descriptor of the file open after the line is written', () => {
    const path = join(dir, 'closed');
    for (let i = 0; i < 3; i++) expect(appendLine(path, `line ${i}\n`)).toBe(true);
    const open = readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === path;
      } catch {
        return false;
      }
    });
    expect(open).toEqual([]);
    expect(readFileSync(path, 'latin1')).toBe('line 0\nline 1\nline 2\n');
  });

  it('fails at once where the file cannot be created', () => {
    expect(appendLine(join(dir, 'no-such-dir', 'history'), 'x\n')).toBe(false);
  });

  it('lets the lines for a FIFO without a reader wait, in order, and writes them once a reader opens it', async () => {
    const path = fifo('waiting');
    const first = appendLine(path, 'one\n');
    const second = appendLine(path, 'two\n');
    expect([first instanceof Promise, second instanceof Promise, linesWaiting(path)]).toEqual([true, true, 2]);
    const reader = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      expect(await Promise.all([first, second])).toEqual([true, true]);
      const buf = Buffer.alloc(64);
      const n = readSync(reader, buf, 0, 64, null);
      expect(buf.subarray(0, n).toString('latin1')).toBe('one\ntwo\n');
      expect(linesWaiting(path)).toBe(0);
    } finally {
      closeSync(reader);
    }
  });

  it('keeps the process able to handle SIGTERM while a line waits for a FIFO reader', async () => {
    const path = fifo('sigterm');
    const module = resolve('dist/src/system/append-line.js');
    // the child says "waiting" once appendLine() has returned, then must still run its SIGTERM handler
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { appendLine } from ${JSON.stringify(module)};
         process.on('SIGTERM', () => { process.stdout.write('shutting down\\n'); process.exit(15); });
         appendLine(${JSON.stringify(path)}, 'line\\n');
         setInterval(() => undefined, 1000);
         process.stdout.write('waiting\\n');`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    await new Promise<void>((done) =>
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('waiting\n')) done();
      }),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(15);
    expect(out).toBe('waiting\nshutting down\n');
  }, 20000);
});

describe('truncateFile', () => {
  it('empties a regular file and creates a missing one', () => {
    const path = join(dir, 'blocked');
    writeFileSync(path, 'x\n');
    expect(truncateFile(path)).toBe(true);
    expect(readFileSync(path, 'latin1')).toBe('');
    mkdirSync(join(dir, 'sub'));
    expect(truncateFile(join(dir, 'sub', 'new'))).toBe(true);
    expect(readFileSync(join(dir, 'sub', 'new'), 'latin1')).toBe('');
  });

  it('refuses a FIFO without a reader at once instead of waiting for one', () => {
    expect(truncateFile(fifo('blocked-fifo'))).toBe(false);
  });
});
