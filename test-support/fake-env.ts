import { DAEMON_PATH, type FileFacts, type LintEnv, type ProbeResult } from '../src/lint/lint-env.js';

/** A file of a described machine: its bytes (latin1) and its stat() facts. */
export interface FakeFile {
  content?: string;
  kind?: FileFacts['kind'];
  uid?: number;
  gid?: number;
  mode?: number;
}

export interface FakeMachine {
  files: Record<string, FakeFile>;
  hostAddresses?: string[];
  /** "tcp/111" style keys of ports a service holds; "tcp/*" denies every probe (not root) */
  portsInUse?: string[];
  kernel?: { type: string; release: string };
  xServer?: boolean;
}

/**
 * A machine described in a test (or a golden output) instead of the one the test runs on.
 * Files default to root:root 0644 regular files; directories holding a listed file exist.
 */
export const fakeEnv = (machine: FakeMachine): LintEnv => {
  const dirs = new Set<string>();
  for (const path of Object.keys(machine.files)) {
    for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) dirs.add(path.slice(0, i));
  }
  const facts = (path: string): FileFacts | { error: string } => {
    const f = machine.files[path];
    if (f === undefined) {
      return dirs.has(path) ? { kind: 'directory', uid: 0, gid: 0, mode: 0o755, size: 4096 } : { error: 'ENOENT' };
    }
    return {
      kind: f.kind ?? 'file',
      uid: f.uid ?? 0,
      gid: f.gid ?? 0,
      mode: f.mode ?? 0o644,
      size: f.content?.length ?? 0,
    };
  };
  return {
    stat: facts,
    readFile(path) {
      const f = machine.files[path];
      if (f === undefined) return { error: dirs.has(path) ? 'EISDIR' : 'ENOENT' };
      if (f.kind === 'directory') return { error: 'EISDIR' };
      if (f.mode !== undefined && (f.mode & 0o444) === 0) return { error: 'EACCES' };
      return { content: f.content ?? '' };
    },
    hostAddresses: () => machine.hostAddresses ?? ['127.0.0.1'],
    probePort(kind, port): ProbeResult {
      const used = machine.portsInUse ?? [];
      if (used.includes(`${kind}/*`)) return 'denied';
      return used.includes(`${kind}/${port}`) ? 'in-use' : 'free';
    },
    kernel: () => machine.kernel ?? { type: 'Linux', release: '6.1.0-18-amd64' },
    xServerRunning: () => machine.xServer ?? false,
    commandPath: DAEMON_PATH,
  };
};
