import { describe, expect, it } from 'vitest';
import { runShell } from './run-shell.js';

describe('runShell', () => {
  it('waits for the command and ignores its exit status', async () => {
    expect(await runShell('exit 3', 5)).toBe('finished');
  });
  it('kills a command that runs past its bound, with its children', async () => {
    expect(await runShell('sleep 30 & sleep 30', 0.3)).toBe('timed-out');
  });
});
