/** What the history can and cannot say, in the words every rendering and portsentry-report(8) use. */

/** 1.2's WriteBlocked() is called after a detection past SCAN_TRIGGER whose response did not fail */
export const WHAT_A_LINE_IS =
  'Each history line is a host 1.2 found past SCAN_TRIGGER, not already in the blocked file, whose response did not fail. It reads "Blocked" whatever BLOCK_TCP/BLOCK_UDP were when it was written: with 0 the host was only detected, with 2 only KILL_RUN_CMD ran. The history does not record which.';

export const NOT_IN_HISTORY =
  'Not in the history, so not counted: hits below SCAN_TRIGGER, hosts in the ignore file, hits from hosts already blocked, and failed responses (syslog has those).';

/** BLOCK_TCP / BLOCK_UDP's value, as DisposeTCP()/DisposeUDP() act on it */
export const blockingWords = (flag: number): string =>
  flag === 1
    ? 'block: KILL_ROUTE, KILL_HOSTS_DENY and KILL_RUN_CMD run'
    : flag === 2
      ? 'KILL_RUN_CMD only'
      : 'detect only, no response';
