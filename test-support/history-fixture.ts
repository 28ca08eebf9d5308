/**
 * A small history for the report's tests: the current file, FILE.1 and FILE.2.gz as logrotate leaves
 * them, with a torn line, junk, a PortSentry 2.x line and a line out of order, and the config naming it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface HistoryFixture {
  dir: string;
  config: string;
  history: string;
}

const line = (epoch: number, when: string, name: string, address: string, port: number, proto: 'TCP' | 'UDP'): string =>
  `${epoch} - ${when} Host: ${name}/${address} Port: ${port} ${proto} Blocked\n`;

/** the oldest generation (compressed) */
export const OLDEST =
  line(1767340800, '01/02/2026 08:00:00', '127.0.0.2', '127.0.0.2', 23, 'TCP') +
  line(1767344400, '01/02/2026 09:00:00', 'scanner.example', '127.0.0.3', 111, 'UDP');

/** FILE.1: a junk line and a torn last line (a write cut short) */
const MIDDLE =
  line(1767430800, '01/03/2026 09:00:00', '127.0.0.2', '127.0.0.2', 80, 'TCP') +
  'Dec  1 10:00:00 host sshd[123]: Failed password for root\n' +
  '1767430900 - 01/03/2026 09:01:40 Host: 127.0.0.4/127.0.0.4 Port: 80 TCP Blo';

/** the current file: binary junk, a PortSentry 2.x line, a line earlier than the one before it, a hostile name */
const CURRENT =
  line(1767600000, '01/05/2026 08:00:00', '127.0.0.2', '127.0.0.2', 80, 'TCP') +
  '\x00\x01\x02\xff junk\n' +
  // PortSentry 2.x's history line: an ISO time, then "Scan from: [ADDRESS] (NAME) protocol: ..."
  '2026-01-05T08:01:40.000+0000 Scan from: [127.0.0.6] (127.0.0.6) protocol: [TCP] port: [22] type: [Connect] IP opts: [unknown] ignored: [false] triggered: [true] noblock: [unset] blocked: [true]\n' +
  line(1767500000, '01/04/2026 04:13:20', '<b>x</b>\x1b[31m', '127.0.0.5', 22, 'TCP');

export const makeHistory = (configExtra = 'BLOCK_TCP="1"\nBLOCK_UDP="0"\n'): HistoryFixture => {
  const dir = mkdtempSync(join(tmpdir(), 'ps-report-'));
  const history = join(dir, 'portsentry.history');
  const config = join(dir, 'portsentry.conf');
  writeFileSync(
    config,
    `BLOCKED_FILE="${dir}/portsentry.blocked"\nHISTORY_FILE="${history}"\nIGNORE_FILE="${dir}/portsentry.ignore"\n${configExtra}`,
  );
  writeFileSync(`${history}.2.gz`, gzipSync(Buffer.from(OLDEST, 'latin1')));
  writeFileSync(`${history}.1`, Buffer.from(MIDDLE, 'latin1'));
  writeFileSync(history, Buffer.from(CURRENT, 'latin1'));
  return { dir, config, history };
};
