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
}

/**
 * The bind loop of PortSentryModeTCP()/PortSentryModeUDP(): announce each port, bind it (ports in
 * use are logged and skipped), fail when no socket can be opened at all or none binds.
 */
export const bindClassicPorts = (
  proto: 'TCP' | 'UDP',
  ports: number[],
  emit: (text: string) => void,
): BoundSocket[] | null => {
  const bound: BoundSocket[] = [];
  for (const port of ports) {
    emit(log.listenOn(proto, port));
    const fd = native().bindPort(proto === 'TCP' ? 'tcp' : 'udp', boundPortNumber(port), true, TCP_BACKLOG);
    if (fd <= -SOCKET_FAILED) {
      emit(log.cannotOpenSocket(proto));
      return null;
    }
    if (fd < 0) emit(log.cannotBind(proto, port));
    else bound.push({ fd, index: bound.length });
  }
  if (bound.length === 0) {
    emit(log.bindNone(proto));
    return null;
  }
  return bound;
};
