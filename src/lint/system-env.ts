import { readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import { native } from '../system/native.js';
import { DAEMON_PATH, MAX_INPUT_BYTES, type FileFacts, type LintEnv, type ProbeResult } from './lint-env.js';
import { readBounded } from '../system/read-bounded.js';

const EADDRINUSE = 98;
const EACCES = 13;

const errorCode = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? String(err);

/** The linter's view of this machine. */
export const systemEnv = (): LintEnv => ({
  stat(path: string): FileFacts | { error: string } {
    try {
      const s = statSync(path);
      return {
        kind: s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other',
        uid: s.uid,
        gid: s.gid,
        mode: s.mode & 0o7777,
        size: s.size,
      };
    } catch (err) {
      return { error: errorCode(err) };
    }
  },
  /**
   * The daemon's own bounded reader: the opened descriptor must be a regular file (so a path
   * swapped after stat() cannot hand us a FIFO or /dev/zero) of at most MAX_INPUT_BYTES. The error
   * is the errno code when the open fails, else the reason ("expected a regular file, found a FIFO").
   */
  readFile(path: string): { content: string } | { error: string } {
    const r = readBounded(path, { maxBytes: MAX_INPUT_BYTES, excess: 'refuse' });
    return r.ok ? { content: r.content } : { error: r.code ?? r.why };
  },
  hostAddresses(): string[] {
    return Object.values(os.networkInterfaces())
      .flatMap((list) => list ?? [])
      .filter((a) => a.family === 'IPv4')
      .map((a) => a.address);
  },
  probePort(kind: 'tcp' | 'udp', port: number): ProbeResult {
    try {
      const r = native().bindPort(kind, port, false);
      if (r >= 0) return 'free';
      if (r === -EADDRINUSE) return 'in-use';
      if (r === -EACCES) return 'denied';
      return 'error';
    } catch {
      return 'error';
    }
  },
  kernel: () => ({ type: os.type(), release: os.release() }),
  xServerRunning(): boolean {
    try {
      return readdirSync('/tmp/.X11-unix').some((name) => /^X\d+$/.test(name));
    } catch {
      return false;
    }
  },
  commandPath: DAEMON_PATH,
});
