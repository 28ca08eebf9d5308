import { log } from '../messages/legacy-messages.js';
import type { ConfigFile } from './config-file.js';
import { parsePortList } from './port-list.js';
import { retrieve } from './settings.js';

/**
 * The port-list start of PortSentryModeTCP/UDP() and PortSentryStealthModeTCP/UDP(): TCP_PORTS or
 * UDP_PORTS as atoi'd numbers (at most 64), or null after 1.2's message when the option cannot be
 * read or lists no port.
 */
export const readModePorts = (
  config: ConfigFile,
  proto: 'TCP' | 'UDP',
  emit: (text: string) => void,
): number[] | null => {
  const key = proto === 'TCP' ? 'TCP_PORTS' : 'UDP_PORTS';
  const list = retrieve(config, key, emit);
  if (list === null) {
    emit(log.cannotReadPorts(key));
    return null;
  }
  const { ports } = parsePortList(list);
  if (ports.length === 0) {
    emit(log.noPorts(proto));
    return null;
  }
  return ports;
};
