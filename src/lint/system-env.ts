import { readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import { native } from '../native/index.js';
import { DAEMON_PATH, type FileFacts, type LintEnv, type ProbeResult } from './lint-env.js';

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
  readFile(path: string): { content: string } | { error: string } {
    try {
      return { content: readFileSync(path, 'latin1') };
    } catch (err) {
      return { error: errorCode(err) };
    }
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
