import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exited } from '../../test-support/child-output.js';
import { isRunning } from '../daemon/proc-stat.js';
import { runShell } from './run-shell.js';

const dir = mkdtempSync(join(tmpdir(), 'ps-run-shell-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string): string => join(dir, name);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('runShell', () => {
  it('waits for the command and ignores its exit status', async () => {
    expect(await runShell(`echo done > ${file('done')}; exit 3`, 5)).toBe('finished');
    expect(readFileSync(file('done'), 'utf8')).toBe('done\n');
  });

  it('kills a command that runs past its bound, with its children', async () => {
    expect(await runShell(`sleep 30 & echo $! > ${file('bg')}; sleep 30`, 0.3)).toBe('timed-out');
    const background = Number(readFileSync(file('bg'), 'utf8'));
    for (let i = 0; i < 200 && isRunning(background); i++) await sleep(10);
    expect(isRunning(background)).toBe(false);
  });

  it('gives the outcome at once, with no promise, for a command over within the wait in the call', async () => {
    // a loaded machine may take longer than the wait to run `true`: then a promise, which must finish
    const outcomes: ReturnType<typeof runShell>[] = [];
    for (let i = 0; i < 10; i++) outcomes.push(runShell('true', 5));
    expect(outcomes.filter((o) => o === 'finished').length).toBeGreaterThan(0);
    const settled = await Promise.all(outcomes.map((o) => Promise.resolve(o)));
    expect(settled).toEqual(Array(10).fill('finished'));
  });

  it('waits for a command that outlasts the wait in the call, and reports it finished', async () => {
    const outcome = runShell(`sleep 0.2; echo late > ${file('late')}`, 5);
    expect(outcome).toBeInstanceOf(Promise);
    expect(await outcome).toBe('finished');
    expect(readFileSync(file('late'), 'utf8')).toBe('late\n');
  });

  it('kills a command whose bound is shorter than the wait in the call', async () => {
    expect(await runShell(`sleep 5; echo missed > ${file('missed')}`, 0.005)).toBe('timed-out');
    expect(existsSync(file('missed'))).toBe(false);
  });

  it('runs the command in a session and process group of its own', async () => {
    await runShell(`cut -d' ' -f1,5,6 /proc/$$/stat > ${file('stat')}`, 5);
    const [pid, group, session] = readFileSync(file('stat'), 'utf8').trim().split(' ');
    expect(group).toBe(pid);
    expect(session).toBe(pid);
  });

  it('gives the command /dev/null as stdin, stdout and stderr', async () => {
    // read by a command substitution, so that the shell's own 0, 1 and 2 are not redirected yet
    await runShell(`echo $(readlink /proc/$$/fd/0 /proc/$$/fd/1 /proc/$$/fd/2) > ${file('stdio')}`, 5);
    expect(readFileSync(file('stdio'), 'utf8')).toBe('/dev/null /dev/null /dev/null\n');
  });

  it("passes the signal dispositions 1.2's system() passes: SIGHUP, SIGPIPE, SIGALRM and glibc's 32 and 33 ignored, none blocked", async () => {
    await runShell(`grep -E '^Sig(Blk|Ign)' /proc/self/status > ${file('signals')}`, 5);
    // bits 0, 12, 13, 31 and 32: SIGHUP (1), SIGPIPE (13), SIGALRM (14), and 32 and 33 as glibc's posix_spawn sets them
    expect(readFileSync(file('signals'), 'utf8')).toBe('SigBlk:\t0000000000000000\nSigIgn:\t0000000180003001\n');
  });

  it('passes the environment of process.env, with its changes', async () => {
    process.env.PS_RUN_SHELL_SET = 'set value';
    process.env.PS_RUN_SHELL_GONE = 'x';
    delete process.env.PS_RUN_SHELL_GONE;
    await runShell(`printf '%s|%s' "$PS_RUN_SHELL_SET" "\${PS_RUN_SHELL_GONE-unset}" > ${file('env')}`, 5);
    delete process.env.PS_RUN_SHELL_SET;
    expect(readFileSync(file('env'), 'utf8')).toBe('set value|unset');
  });

  it("passes the command's bytes as the configuration file has them (latin1), as 1.2 does", async () => {
    await runShell(`printf '%s' '\u00e9' > ${file('latin1')}`, 5);
    expect([...readFileSync(file('latin1'))]).toEqual([0xe9]);
  });

  it('reports a command with a NUL in it as not started, as Node refused it', async () => {
    expect(await runShell('true\0', 5)).toBe('spawn-failed');
  });

  it('runs commands one after the other in the order they are awaited', async () => {
    for (let i = 0; i < 20; i++) await runShell(`echo ${i} >> ${file('order')}`, 5);
    expect(readFileSync(file('order'), 'utf8')).toBe(Array.from({ length: 20 }, (_, i) => `${i}\n`).join(''));
  });
});

const MODULE = resolve(import.meta.dirname, '../../dist/src/responders/run-shell.js');

describe.skipIf(!existsSync(MODULE))(
  `runShell in a process like the daemon${existsSync(MODULE) ? '' : ' [SKIPPED: dist/ is not built]'}`,
  () => {
    it('leaks no descriptor of the process into the command, not even one without close-on-exec', async () => {
      // the shell tests its own descriptors 0 to 64, before any redirection of its own opens one
      const command =
        'open=; for n in $(seq 0 64); do [ -e /proc/$$/fd/$n ] && open="$open $n"; done; ' +
        `echo "open:$open" > ${file('fds')}; grep '^SigIgn' /proc/self/status > ${file('ign')}`;
      // fd 3 is the pipe given below: inherited, so without FD_CLOEXEC in that process; SIGHUP and
      // SIGALRM have handlers, as in the daemon (src/daemon/exit.ts)
      const script = `
      const { runShell } = await import(${JSON.stringify(MODULE)});
      const { fstatSync } = await import('node:fs');
      fstatSync(3);
      process.on('SIGHUP', () => undefined);
      process.on('SIGALRM', () => undefined);
      await runShell(${JSON.stringify(command)}, 5);`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        stdio: ['ignore', 'ignore', 'inherit', 'pipe'],
      });
      expect(await exited(child)).toEqual({ code: 0, signal: null });
      expect(readFileSync(file('fds'), 'utf8')).toBe('open: 0 1 2\n');
      expect(readFileSync(file('ign'), 'utf8')).toBe('SigIgn:\t0000000180003001\n');
    });
  },
);
