import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { native } from '../system/native.js';
import { log, stdout } from '../messages/legacy-messages.js';
import { Netns } from '../../test-support/netns-fixture.js';
import { needsMountNs, needsNetns, nftPath, titled } from '../../test-support/guards.js';

const BIN = resolve(import.meta.dirname, '../../bin/portsentry');

const SKIP = needsNetns() ?? needsMountNs();

/** where a descriptor points ('' when it closed meanwhile: readdir's own) */
const linkOf = (path: string): string => {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
};

/**
 * `bin/portsentry -tcp` as an init script runs it, in a namespace of its own with a private mount
 * namespace that puts the test's folders over /etc/portsentry and /var/lib/portsentry (on overlays
 * of /etc and /var/lib, so that the mount points need not exist on the machine). The
 * invocation is inside $(...), as `out=$(portsentry -tcp)` would be: it only ends when every holder
 * of its stdout has closed it.
 */
describe.skipIf(SKIP !== null)(titled('bin/portsentry -MODE run as a program', SKIP), () => {
  let ns: Netns | undefined;
  let dir: string | undefined;
  let logFd = -1;
  afterEach(() => {
    ns?.destroy();
    ns = undefined;
    if (logFd >= 0) native().closeFd(logFd);
    logFd = -1;
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  /** runs the invocation; returns what the script printed: invoker=PID, then the output, then rc=STATUS */
  const invoke = (config: string | null): { invoker: number; output: string; status: number } => {
    ns = Netns.create(nftPath());
    dir = mkdtempSync(join(tmpdir(), 'ps-daemonize-'));
    mkdirSync(join(dir, 'etc'));
    mkdirSync(join(dir, 'var'));
    if (config !== null) writeFileSync(join(dir, 'etc', 'portsentry.conf'), config);
    logFd = native().bindDatagram(join(dir, 'log'));
    // overlays on /etc and /var/lib make the mount points where the machine has none, without touching it
    const script = [
      'for d in /etc /var/lib; do',
      '  mkdir -p "$1/ov/upper$d" "$1/ov/work$d"',
      '  mount -t overlay overlay -o "lowerdir=$d,upperdir=$1/ov/upper$d,workdir=$1/ov/work$d" "$d" || exit 89',
      'done',
      'mkdir -p /etc/portsentry /var/lib/portsentry',
      'mount --bind "$1/etc" /etc/portsentry || exit 90',
      'mount --bind "$1/var" /var/lib/portsentry || exit 91',
      'cd "$1/var" || exit 92',
      'out=$("$2" -tcp & echo "invoker=$!"; wait $!; echo "rc=$?")',
      'printf %s "$out"',
    ].join('\n');
    // a daemon that kept the output open would keep $(...) waiting: killed after 20 s, and its pipe closed
    const r = spawnSync(
      ns.exec[0]!,
      [...ns.exec.slice(1), 'unshare', '-m', '--propagation', 'private', 'bash', '-c', script, 'test', dir, BIN],
      {
        encoding: 'utf8',
        timeout: 20_000,
        env: { PATH: process.env.PATH, PORTSENTRY_SYSLOG_SOCKET: join(dir, 'log'), PORTSENTRY_RUN_DIR: ns.runDir },
      },
    );
    expect(r.status).toBe(0);
    const m = /^invoker=(\d+)\n([\s\S]*)rc=(\d+)$/.exec(r.stdout);
    expect(m).not.toBeNull();
    return { invoker: Number(m![1]), output: m![2]!, status: Number(m![3]) };
  };

  /** the syslog datagrams received until one ends with `last` (at most 10 s) */
  const linesUntil = async (last: string): Promise<string[]> => {
    const got: string[] = [];
    const until = Date.now() + 10_000;
    while (Date.now() < until && !(got.at(-1) ?? '').endsWith(last)) {
      const b = native().recvDatagram(logFd, 0);
      if (b === null) await new Promise((r) => setTimeout(r, 5));
      else got.push(b.toString('latin1').replace(/^<29>\w{3} [ \d]\d \d\d:\d\d:\d\d /, ''));
    }
    return got;
  };

  it('logs "is starting" under the invoking process, which exits 0 at once, and becomes the daemon in the process it started', async () => {
    const { invoker, output, status } = invoke(
      'TCP_PORTS="4001"\nBLOCKED_FILE="/var/lib/portsentry/blocked"\nHISTORY_FILE="/var/lib/portsentry/history"\nIGNORE_FILE="/etc/portsentry/ignore"\nSCAN_TRIGGER="0"\n',
    );
    expect({ output, status }).toEqual({ output: '', status: 0 });
    const lines = await linesUntil(log.active);
    const daemon = Number(/^portsentry\[(\d+)\]/.exec(lines.at(-1)!)?.[1]);
    expect(daemon).not.toBe(invoker);
    expect(lines).toEqual([
      `portsentry[${invoker}]: ${log.starting}`,
      `portsentry[${daemon}]: ${log.listenOn('TCP', 4001)}`,
      `portsentry[${daemon}]: ${log.active}`,
    ]);
    // DaemonSeed(): a session of its own, / as its directory, umask 077, stdio on /dev/null, and
    // none of the bash line's pipes left open
    const stat = readFileSync(`/proc/${daemon}/stat`, 'latin1');
    expect(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3])).toBe(daemon);
    expect(readlinkSync(`/proc/${daemon}/cwd`)).toBe('/');
    expect(/^Umask:\s+(\d+)$/m.exec(readFileSync(`/proc/${daemon}/status`, 'latin1'))?.[1]).toBe('0077');
    // (a descriptor the running daemon closed between the listing and its readlink is left out:
    // it opens /proc/self/smaps for a moment once its mode runs, src/system/startup-pages.ts)
    const fds = readdirSync(`/proc/${daemon}/fd`)
      .map((fd) => [Number(fd), linkOf(`/proc/${daemon}/fd/${fd}`)] as const)
      .filter(([, target]) => target !== '');
    expect(fds.filter(([fd]) => fd <= 2).map(([, target]) => target)).toEqual(['/dev/null', '/dev/null', '/dev/null']);
    // a pipe with only one end here is shared with another process: none but those this test's own
    // process passed down (a descriptor it inherited without close-on-exec); Node's own have both ends
    const inherited = new Set(readdirSync('/proc/self/fd').map((fd) => linkOf(`/proc/self/fd/${fd}`)));
    const pipes = fds.map(([, target]) => target).filter((target) => target.startsWith('pipe:'));
    expect(pipes.filter((p) => pipes.indexOf(p) === pipes.lastIndexOf(p) && !inherited.has(p))).toEqual([]);
  });

  it("prints 1.2's message and exits 255 when the config is missing, logging under the invoking process, and leaves no daemon", async () => {
    const { invoker, output, status } = invoke(null);
    expect({ output, status }).toEqual({ output: stdout.configMissing, status: 255 });
    const lines = await linesUntil(log.shuttingDown.at(-1)!);
    expect(lines.every((l) => l.startsWith(`portsentry[${invoker}]: `))).toBe(true);
    expect(lines[0]).toBe(`portsentry[${invoker}]: ${log.starting}`);
    const left = spawnSync('ip', ['netns', 'pids', ns!.name], { encoding: 'utf8' }).stdout.trim();
    expect(left).toBe('');
  });
});
