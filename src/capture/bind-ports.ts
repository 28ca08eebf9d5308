import { log } from '../messages/legacy-messages.js';
import { native, SOCKET_FAILED } from '../system/native.js';
import { boundPortNumber } from '../config/port-list.js';

export interface BoundSocket {
  fd: number;
  /** index among the sockets that did bind: 1.2 names ports[index] in its messages for this socket */
  index: number;
  /** the configured port this socket is bound to */
  port: number;
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
    const fd = native().bindPort(proto === 'TCP' ? 'tcp' : 'udp', boundPortNumber(port), true);
    if (fd <= -SOCKET_FAILED) {
      emit(log.cannotOpenSocket(proto));
      return null;
    }
    if (fd < 0) emit(log.cannotBind(proto, port));
    else bound.push({ fd, index: bound.length, port });
  }
  if (bound.length === 0) {
    emit(log.bindNone(proto));
    return null;
  }
  return bound;
};
