import { constants } from 'node:os';
import { log } from '../messages/legacy-messages.js';
import { native, SOCKET_FAILED } from '../system/native.js';
import { boundPortNumber } from '../config/port-list.js';

/**
 * The listen backlog of -tcp's sockets (1.2: 5). When more connections arrive at once than the
 * kernel's accept queue holds (backlog + 1), Linux drops the SYN, or the ACK that completes the
 * handshake (the client then believes it is connected), and the connection waits for TCP's
 * retransmission (1, 3, 7, 15, 31 s): at 16 or 64 connections at once, both daemons sat almost
 * idle while clients waited (bench/classic-flood.ts). Ours accepts every queued connection at each
 * wake-up and holds up to 256 while their hits wait (held-connections.ts), so the kernel queue
 * may as well hold as many (known-differences: classic-tcp-backlog).
 */
export const TCP_BACKLOG = 256;

export interface BoundSocket {
  fd: number;
  /** index among the sockets that did bind: 1.2 names ports[index] in its messages for this socket */
  index: number;
  /** the configured port this socket is bound to */
  port: number;
}

/** ENABLE_IPV6: a v6-only socket beside an IPv4 one, named by its own configured port */
export interface BoundSocket6 {
  fd: number;
  port: number;
}

interface BoundSockets {
  bound: BoundSocket[];
  /** empty unless ENABLE_IPV6 */
  bound6: BoundSocket6[];
}

/**
 * The bind loop of PortSentryModeTCP()/PortSentryModeUDP(): announce each port, bind it (ports in
 * use are logged and skipped), fail when no socket can be opened at all or none binds.
 *
 * With `ipv6` (ENABLE_IPV6), each port whose IPv4 socket bound gets a v6-only IPv6 socket too; a
 * port held on IPv6 only is logged as a port in use is (1.2's "Could not bind" line) and watched
 * on IPv4. A port in use on IPv4 is logged once, as by 1.2, and not tried on IPv6; whether the
 * mode starts is decided by the IPv4 sockets alone, as in 1.2. When the kernel has no IPv6 at
 * all, that is said once and the IPv4 sockets go on alone.
 */
export const bindClassicPorts = (
  proto: 'TCP' | 'UDP',
  ports: number[],
  emit: (text: string) => void,
  ipv6 = false,
): BoundSockets | null => {
  const kind = proto === 'TCP' ? 'tcp' : 'udp';
  const bound: BoundSocket[] = [];
  const bound6: BoundSocket6[] = [];
  let try6 = ipv6;
  for (const port of ports) {
    emit(log.listenOn(proto, port));
    const fd = native().bindPort(kind, boundPortNumber(port), true, TCP_BACKLOG);
    if (fd <= -SOCKET_FAILED) {
      emit(log.cannotOpenSocket(proto));
      closeAll(bound6);
      return null;
    }
    if (fd < 0) {
      emit(log.cannotBind(proto, port));
      continue;
    }
    bound.push({ fd, index: bound.length, port });
    if (!try6) continue;
    const fd6 = native().bindPort6(kind, boundPortNumber(port), true, TCP_BACKLOG);
    if (fd6 <= -SOCKET_FAILED) {
      emit(log.ours.ipv6SocketsUnavailable(proto, errnoName(-fd6 - SOCKET_FAILED)));
      try6 = false;
    } else if (fd6 < 0) emit(log.cannotBind(proto, port));
    else bound6.push({ fd: fd6, port });
  }
  if (bound.length === 0) {
    emit(log.bindNone(proto));
    closeAll(bound6);
    return null;
  }
  return { bound, bound6 };
};

const closeAll = (sockets: BoundSocket6[]): void => {
  for (const s of sockets) native().closeFd(s.fd);
};

/** the errno name of a number (EAFNOSUPPORT), for the log */
const errnoName = (errno: number): string =>
  Object.entries(constants.errno).find(([, n]) => n === errno)?.[0] ?? `errno ${errno}`;
