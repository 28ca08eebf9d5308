import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { nativeAddonPath } from './package-paths.js';

/** The compiled addon (native/portsentry_native.c); see that file for why each call exists. */
export interface NativeAddon {
  /**
   * socket+bind(INADDR_ANY, port) without SO_REUSEADDR (+listen(backlog) for tcp, 5 as in 1.2 when
   * not given): fd, 0 when not kept, or a negative code
   */
  bindPort(kind: 'tcp' | 'udp', port: number, keepOpen: boolean, backlog?: number): number;
  /** one datagram (a string goes as its latin1 bytes) on the socket kept connected to path: 0 or -errno */
  sendDatagram(path: string, data: Buffer | string): number;
  bindDatagram(path: string): number;
  recvDatagram(fd: number, timeoutMs: number): Buffer | null;
  closeFd(fd: number): number;
  /** SO_RCVBUFFORCE (SO_RCVBUF when refused): the buffer the kernel gives then, or -errno */
  setReceiveBuffer(fd: number, bytes: number): number;
  /** SO_RCVBUFFORCE + NETLINK_NO_ENOBUFS on libpcap's NFLOG socket: 0 or -errno */
  tuneNetlinkSocket(fd: number, bytes: number): number;
  /**
   * Accept every connection on a listening socket from Node's event loop: callback(fd, address)
   * with the source address accept(2) gave (dotted quad), or callback(-errno, null) when accept
   * failed. The accepted descriptor is non-blocking and the caller's to close. 0 or -errno.
   */
  watchAccept(fd: number, callback: (fd: number, address: string | null) => void): number;
  /**
   * One nft script through libnftables, in this process: null when libnftables.so.1 is not there,
   * else whether it applied and what nft would have printed on stdout (a listing) and stderr.
   */
  nftRun(script: string): { ok: boolean; output: string; error: string } | null;
  /** whether libnftables can be loaded (nftRun never returns null then); runs nothing */
  nftAvailable(): boolean;
  /** maps libpcap and libnftables on a background thread (a stealth daemon's start needs both): 0 or -errno */
  warmUp(): number;
  /** setsid(2): the new session id, or -errno (EPERM when already a session leader) */
  newSession(): number;
  /** /dev/null on descriptors 0, 1 and 2 (dup2): 0 or -errno */
  detachStdio(): number;
  /** sigaction(signo, SIG_DFL): 0 or -errno */
  defaultSignal(signo: number): number;
  /**
   * /bin/sh -c COMMAND by vfork+execve, COMMAND passed as latin1 (a byte a character): the child
   * has a session and process group of its own, stdio on /dev/null, no other descriptor, and the
   * signal dispositions of 1.2's system() child (SIGHUP, SIGPIPE, SIGALRM and glibc's 32 and 33
   * ignored), unblocked. It is waited for up to 20 ms (limitMs when shorter; a signal for us ends
   * that wait): 0 when it was over by then (reaped; onExit is not called). Else it is watched from
   * the event loop and its pid (also its process group) is returned; limitMs after its start its
   * whole process group is killed (SIGKILL), and onExit(wait status, whether the limit killed it)
   * comes once it has ended and been reaped. -errno when /bin/sh could not be started (-EINVAL for
   * a NUL in COMMAND).
   */
  spawnShell(command: string, limitMs: number, onExit: (status: number, timedOut: boolean) => void): number;
  /** write data without blocking, then close fd: 0 or the write's -errno */
  writeAndClose(fd: number, data: Buffer): number;
  /** bindPort on an AF_INET6 socket with IPV6_V6ONLY=1 on in6addr_any (ENABLE_IPV6) */
  bindPort6(kind: 'tcp' | 'udp', port: number, keepOpen: boolean, backlog?: number): number;
  /** watchAccept for an IPv6 listening socket: the address as inet_ntop(AF_INET6) writes it */
  watchAccept6(fd: number, callback: (fd: number, address: string | null) => void): number;
  /**
   * madvise(MADV_DONTNEED) on the Node executable's mappings that hold only the file's bytes
   * (private, read-only, no anonymous or swapped page): kB of resident pages given back, or -errno
   */
  releaseStartupPages(): number;
  /**
   * stat(2) of a path, fstat(2) of a descriptor, as one string: the kind ('f' regular file, 'd'
   * directory, 'p' FIFO, 'o' other), then device:inode:size:mtime:ctime; or -errno (-EINVAL for a
   * NUL in the path)
   */
  fileKey(pathOrFd: string | number): string | number;
  /** open(path, O_WRONLY|O_APPEND|O_CREAT|O_NONBLOCK|O_NOCTTY|O_CLOEXEC, 0666): fd or -errno */
  openAppend(path: string): number;
  /** one write(2) of the text's latin1 bytes: how many were written (fewer into a full pipe), or -errno */
  writeText(fd: number, text: string): number;
}

/** bindPort's code for a failed socket() call (as opposed to a failed bind()): -(errno + SOCKET_FAILED) */
export const SOCKET_FAILED = 10000;

const findAddon = (): string => {
  const path = nativeAddonPath();
  if (existsSync(path)) return path;
  throw new Error(`portsentry: native addon ${path} not found; expected it to be built by "npm install" (node-gyp)`);
};

let cached: NativeAddon | undefined;

export const native = (): NativeAddon => {
  cached ??= createRequire(import.meta.url)(findAddon()) as NativeAddon;
  return cached;
};
