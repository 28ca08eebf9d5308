import { native } from '../system/native.js';

/** LOG_DAEMON | LOG_NOTICE, as 1.2's SYSLOG_FACILITY and SYSLOG_LEVEL. */
const PRIORITY = 29;
/** vsnprintf into a MAXBUF (1024) buffer in Log(): at most 1023 bytes of text survive. */
const MAX_TEXT = 1023;
/**
 * Datagrams kept while the syslog reader is not keeping up (about 2 MB at most); beyond this the
 * oldest are dropped. 1.2 would block in syslog() instead and stop detecting.
 */
const MAX_PENDING = 16384;
/** retry delays while the reader's queue is full: from 1 ms, doubling while no datagram gets through */
const RETRY_MIN_MS = 1;
const RETRY_MAX_MS = 100;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/**
 * glibc's vsyslog() header: "<29>Mmm dd hh:mm:ss portsentry[pid]: ", the day padded with a space,
 * then at most MAX_TEXT bytes of text. The datagram is a string, sent as its latin1 bytes (one byte
 * a character, so the first MAX_TEXT characters are the first MAX_TEXT bytes): no Buffer a line.
 */
export const formatDatagram = (text: string, when: Date, pid: number): string => {
  const stamp = `${MONTHS[when.getMonth()]} ${String(when.getDate()).padStart(2, ' ')} ${p2(when.getHours())}:${p2(when.getMinutes())}:${p2(when.getSeconds())}`;
  return `<${PRIORITY}>${stamp} portsentry[${pid}]: ${text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text}`;
};

const EAGAIN = -11;

/**
 * Log(): one datagram per message to /dev/log, as glibc's syslog() sends it, except that sending
 * never blocks: while the reader is stalled, messages wait in a bounded queue (oldest dropped first)
 * and are retried. No socket: the message is dropped silently, as 1.2 does.
 */
export class Syslog {
  private readonly pending: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private delay = RETRY_MIN_MS;
  dropped = 0;
  /**
   * The pid each line carries: this process's, but while bin/portsentry's bash line waits as the
   * invoking process, the lines of main() before DaemonSeed() carry that process's pid, as 1.2's
   * parent logs them (legacy/cli.ts).
   */
  pid = process.pid;

  constructor(
    private readonly socketPath = '/dev/log',
    private readonly echo?: (text: string) => void,
  ) {}

  log = (text: string): void => {
    this.echo?.(text);
    const datagram = formatDatagram(text, new Date(), this.pid);
    if (this.pending.length > 0) this.enqueue(datagram);
    else if (native().sendDatagram(this.socketPath, datagram) === EAGAIN) this.enqueue(datagram);
  };

  /** true once everything queued has been handed to the socket (or dropped) */
  get idle(): boolean {
    return this.pending.length === 0;
  }

  /** try to hand over what is queued, waiting at most `ms` (used before exiting) */
  flush(ms: number): void {
    const until = Date.now() + ms;
    while (this.pending.length > 0 && Date.now() < until) this.sendPending();
  }

  private enqueue(datagram: string): void {
    if (this.pending.length >= MAX_PENDING) {
      this.pending.shift();
      this.dropped++;
    }
    this.pending.push(datagram);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined || this.pending.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.delay = this.sendPending() > 0 ? RETRY_MIN_MS : Math.min(this.delay * 2, RETRY_MAX_MS);
      this.schedule();
    }, this.delay);
  }

  /** sends what the reader takes now; returns how many datagrams went out (or were dropped for good) */
  private sendPending(): number {
    let sent = 0;
    while (this.pending.length > 0) {
      if (native().sendDatagram(this.socketPath, this.pending[0]!) === EAGAIN) break;
      this.pending.shift();
      sent++;
    }
    return sent;
  }
}
