import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isRunning, procStatFields } from './proc-stat.js';

describe('procStatFields', () => {
  it('gives the state, parent, process group and session of a process', () => {
    const f = procStatFields(process.pid)!;
    expect(f[0]).toMatch(/^[RS]$/);
    expect(f[1]).toBe(String(process.ppid));
    expect(Number(f[2])).toBeGreaterThan(0);
    expect(Number(f[3])).toBeGreaterThan(0);
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
    // the shell's child exits after the shell has become `sleep 5`, which never reaps it (the shell
    // itself would, had the child exited before the exec)
    const parent = spawn('/bin/sh', ['-c', 'sleep 0.5 & echo $!; exec sleep 5'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const pid = Number(await new Promise<string>((resolve) => parent.stdout.once('data', (b: Buffer) => resolve(b.toString()))));
    expect(isRunning(pid)).toBe(true);
    const until = Date.now() + 4000;
    while (procStatFields(pid)?.[0] !== 'Z' && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    expect(procStatFields(pid)?.[0]).toBe('Z');
    expect(isRunning(pid)).toBe(false);
    parent.kill('SIGKILL');
  });
});
