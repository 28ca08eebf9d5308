/**
 * Everything the linter asks of the machine, behind one interface so that tests (and golden
 * outputs) describe the machine instead of depending on the one they run on.
 */
export interface FileFacts {
  kind: 'file' | 'directory' | 'other';
  uid: number;
  gid: number;
  /** permission bits (mode & 0o7777) */
  mode: number;
  size: number;
}

export type ProbeResult = 'free' | 'in-use' | 'denied' | 'error';

export interface LintEnv {
  /** stat() (symlinks followed): the facts, or the errno code (ENOENT, EACCES...) */
  stat(path: string): FileFacts | { error: string };
  /** the file's bytes as latin1 (one character per byte), or the errno code */
  readFile(path: string): { content: string } | { error: string };
  /** the IPv4 addresses of this host's interfaces, loopback included */
  hostAddresses(): string[];
  /** bind(INADDR_ANY, port) without SO_REUSEADDR, as the daemon does, and close again */
  probePort(kind: 'tcp' | 'udp', port: number): ProbeResult;
  /** os.type() and os.release(): "Linux", "6.1.0-18-amd64" */
  kernel(): { type: string; release: string };
  /** an X server is running here (a socket in /tmp/.X11-unix) */
  xServerRunning(): boolean;
  /** PATH the daemon's commands run with (Debian's init script sets /bin:/usr/bin:/sbin:/usr/sbin) */
  commandPath: string;
}

/** the PATH of Debian's /etc/init.d/portsentry, which 1.2's system() calls inherit */
export const DAEMON_PATH = '/bin:/usr/bin:/sbin:/usr/sbin';

/** Larger than any config or ignore file; keeps the linter's memory bounded. */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

/**
 * Longer lines are not read at all: 1.2 (and fgetsChunks) would cut them into 1023-byte pieces,
 * a config never has one, and reading a 10 MB line piece by piece for every option is slow.
 */
export const MAX_LINE_BYTES = 64 * 1024;
