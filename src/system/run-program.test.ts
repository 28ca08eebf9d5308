import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  expectSuccess,
  loadProgramRunner,
  ProgramError,
  runProgram,
  runProgramSync,
  type ProgramLimits,
  type ProgramResult,
} from './run-program.js';
import { nftOrThrow } from './run-nft.js';

const dir = mkdtempSync(join(tmpdir(), 'ps-run-program-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const script = (name: string, body: string, mode = 0o755): string => {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, mode);
  return path;
};
const LIMITS: ProgramLimits = { timeoutMs: 10_000, maxOutput: 1024 };

const ways: [string, (argv: string[], limits?: ProgramLimits, input?: string) => Promise<ProgramResult>][] = [
  ['runProgram', (argv, limits = LIMITS, input) => runProgram('tool', argv, limits, input)],
  // a throw in the executor becomes the promise's rejection, as in runProgram
  [
    'runProgramSync',
    async (argv, limits = LIMITS, input) => {
      await loadProgramRunner();
      return new Promise((resolve) => resolve(runProgramSync('tool', argv, limits, input)));
    },
  ],
];

describe.each(ways)('%s', (_, run) => {
  it('gives the exit status and the output as printed, final newline kept, with the input on stdin', async () => {
    const cat = script('cat', 'cat; echo warn >&2; exit 0');
    expect(await run([cat], LIMITS, 'one\ntwo\n')).toEqual({ code: 0, stdout: 'one\ntwo\n', stderr: 'warn\n' });
    expect(await run([script('three', 'echo out; exit 3')])).toEqual({ code: 3, stdout: 'out\n', stderr: '' });
  });

  it('closes stdin at once when there is no input', async () => {
    expect(await run([script('reads', 'cat; echo done')])).toEqual({ code: 0, stdout: 'done\n', stderr: '' });
  });

  it('names the file that cannot run and why', async () => {
    const missing = join(dir, 'no-such-tool');
    await expect(run([missing])).rejects.toThrow(
      new ProgramError('tool', [missing], null, `tool: cannot run ${missing}: ENOENT (no such file or directory)`),
    );
    const plain = script('not-executable', 'exit 0', 0o644);
    await expect(run([plain])).rejects.toThrow(`tool: cannot run ${plain}: EACCES (permission denied)`);
  });

  it('kills a program that runs past its time and says so', async () => {
    await expect(run([script('hangs', 'exec sleep 600')], { ...LIMITS, timeoutMs: 200 })).rejects.toThrow(
      'tool: did not finish within 0.2 s',
    );
  });

  it('kills a program that prints past its bound and says so', async () => {
    await expect(run([script('talks', 'exec yes')])).rejects.toThrow(
      'tool: expected at most 1 KiB on stdout or stderr, found more',
    );
    await expect(run([script('shouts', 'exec yes >&2')])).rejects.toThrow(
      'tool: expected at most 1 KiB on stdout or stderr, found more',
    );
  });

  it('says which signal ended a program', async () => {
    await expect(run([script('crashes', 'kill -SEGV $$')])).rejects.toThrow(
      'tool: expected exit status 0, found signal SIGSEGV',
    );
  });
});

describe('loadProgramRunner', () => {
  it('must be awaited before a synchronous run, which otherwise refuses and says so', async () => {
    vi.resetModules(); // a fresh copy of the module, with execa not loaded yet
    const fresh = await import('./run-program.js');
    expect(() => fresh.runProgramSync('tool', ['/bin/true'], LIMITS)).toThrow(
      new fresh.ProgramError(
        'tool',
        ['/bin/true'],
        null,
        'tool: cannot run /bin/true yet: loadProgramRunner() was not awaited',
      ),
    );
    await fresh.loadProgramRunner();
    expect(fresh.runProgramSync('tool', ['/bin/true'], LIMITS)).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('expectSuccess', () => {
  it("passes a success's output through, and turns any other status into a message with the program's own words", () => {
    expect(expectSuccess('nft', ['nft'], { code: 0, stdout: 'x\n', stderr: 'warning\n' })).toBe('x\n');
    expect(() =>
      expectSuccess('nft', ['nft'], { code: 1, stdout: 'out', stderr: 'Error: No such file or directory\n' }),
    ).toThrow('nft: expected exit status 0, found 1: Error: No such file or directory');
    expect(() => expectSuccess('nft', ['nft'], { code: 2, stdout: ' said on stdout \n', stderr: '' })).toThrow(
      'nft: expected exit status 0, found 2: said on stdout',
    );
    expect(() => expectSuccess('nft', ['nft'], { code: 1, stdout: '', stderr: '\n' })).toThrow(
      'nft: expected exit status 0, found 1, and no message',
    );
  });
});

describe('nftOrThrow', () => {
  it('runs the nft command with the arguments after it, and names nft when it fails', async () => {
    const fake = script('nft', 'echo "$@"; [ "$1" = list ] || { echo "Error: syntax error" >&2; exit 1; }');
    expect(await nftOrThrow([fake], ['list', 'tables'])).toBe('list tables\n');
    await expect(nftOrThrow([fake], ['-f', '-'], 'flush ruleset\n')).rejects.toThrow(
      new ProgramError(
        'nft',
        [fake, '-f', '-'],
        { code: 1, stdout: '-f -\n', stderr: 'Error: syntax error\n' },
        'nft: expected exit status 0, found 1: Error: syntax error',
      ),
    );
  });
});
