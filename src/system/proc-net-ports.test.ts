import { describe, expect, it } from 'vitest';
import { boundPorts6 } from './proc-net-ports.js';

const HEAD =
  '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
const row = (local: string, st: string) =>
  `   0: ${local} 00000000000000000000000000000000:0000 ${st} 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0\n`;

describe('boundPorts6', () => {
  it('takes the listening rows of /proc/net/tcp6 and passes over connections', () => {
    const table =
      HEAD +
      row('00000000000000000000000000000000:0016', '0A') +
      row('000000000000000000000000010000FD:01BB', '01') +
      row('00000000000000000000000001000000:1F90', '0A');
    expect([...boundPorts6(table, 'TCP')].sort((a, b) => a - b)).toEqual([22, 8080]);
  });
  it('takes every row of /proc/net/udp6, whatever its state', () => {
    const table =
      HEAD + row('00000000000000000000000000000000:0035', '07') + row('000000000000000000000000010000FD:0007', '01');
    expect([...boundPorts6(table, 'UDP')].sort((a, b) => a - b)).toEqual([7, 53]);
  });
  it('passes over lines that are not rows of the table', () => {
    expect([...boundPorts6(HEAD + 'garbage\n   1: 0000:0016 x 0A\n\n', 'TCP')]).toEqual([]);
    expect([...boundPorts6('', 'UDP')]).toEqual([]);
  });
});
