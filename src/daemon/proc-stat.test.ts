import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { isRunning, procStatFields } from './proc-stat.js';

/**
 * `FILE 5` (a sleep) in a session of its own (detached: setsid). Node reports 'spawn' once the
 * exec has succeeded, so its /proc entry already shows the new session and command name.
 */
const detachedSleep = async (file: string): Promise<ChildProcess> => {
  const child = spawn(file, ['5'], { detached: true, stdio: 'ignore' });
  await new Promise((r) => child.once('spawn', r));
  return child;
};

describe('procStatFields', () => {
  it('gives the state, parent, process group and session of a process', async () => {
    // the child's group and session are its own pid wherever the tests run; the test process's may be
    // 0 (in a pid namespace whose session leader is outside it)
    const child = await detachedSleep('/bin/sleep');
    try {
      expect(procStatFields(child.pid!)?.slice(0, 4)).toEqual([
        expect.stringMatching(/^[RS]$/),
        String(process.pid),
        String(child.pid),
        String(child.pid),
      ]);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('skips a command name that holds spaces and parentheses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'proc-stat-'));
    const name = join(dir, 'a) b (c');
    symlinkSync('/bin/sleep', name);
    const child = await detachedSleep(name);
    try {
      expect(readFileSync(`/proc/${child.pid}/stat`, 'latin1')).toContain(`${child.pid} (a) b (c) `);
      expect(procStatFields(child.pid!)?.slice(1, 4)).toEqual([
        String(process.pid),
        String(child.pid),
        String(child.pid),
      ]);
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is null for a process that does not exist', () => {
    expect(procStatFields(2 ** 22 + 1)).toBeNull();
  });
});

describe('isRunning', () => {
  it('is true for a live process and false for one that is gone', () => {
    expect(isRunning(process.pid)).toBe(true);
    expect(isRunning(2 ** 22 + 1)).toBe(false);
  });

  it('is false for a zombie (exited, not yet reaped by its parent)', async () => {
    // the shell's child waits for a byte on fd 3, which the test sends once the shell has become
    // `sleep 5` (its /proc comm says so): the child then exits under a parent that never reaps it
    // (the shell itself would, had the child exited before the exec)
    const parent = spawn('/bin/sh', ['-c', 'head -c 1 <&3 >/dev/null & echo $!; exec sleep 5 3<&-'], {
      stdio: ['ignore', 'pipe', 'ignore', 'pipe'],
    });
    const pid = Number(
      await new Promise<string>((resolve) => parent.stdout!.once('data', (b: Buffer) => resolve(b.toString()))),
    );
    expect(isRunning(pid)).toBe(true);
    const comm = () => {
      try {
        return readFileSync(`/proc/${parent.pid}/comm`, 'latin1').trimEnd();
      } catch {
        return null;
      }
    };
    const until = Date.now() + 4000;
    while (comm() !== 'sleep' && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    expect(comm()).toBe('sleep');
    (parent.stdio[3] as Writable).end('x');
    while (procStatFields(pid)?.[0] !== 'Z' && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    expect(procStatFields(pid)?.[0]).toBe('Z');
    expect(isRunning(pid)).toBe(false);
    parent.kill('SIGKILL');
  });
});
