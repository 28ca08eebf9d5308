import { blockedLine, log } from '../messages/legacy-messages.js';
import { appendLine, truncateFile, type AppendWatch } from '../system/append-line.js';
import { whenKnown, type NowOrLater } from '../system/now-or-later.js';

export { appendLine } from '../system/append-line.js';

/**
 * InitConfig(): the blocked file is emptied (and created with the invoker's umask) at start. A FIFO
 * without a reader is refused at once (1.2 waits in fopen() for one).
 */
export const truncateBlockedFile = (file: string): boolean => truncateFile(file);

/**
 * WriteBlocked(): the same line to the blocked file, then to the history file. When the blocked
 * file is a FIFO waiting for a reader, the history line waits behind it, as in 1.2; the daemon goes
 * on meanwhile (the returned promise settles once both are written or refused).
 */
export const writeBlocked = (
  target: string,
  resolved: string,
  port: number,
  blockedFile: string,
  historyFile: string,
  proto: 'TCP' | 'UDP',
  emit: (text: string) => void,
  /** told about the line appended to the blocked file (its index) */
  watch?: AppendWatch,
): NowOrLater<void> => {
  const line = blockedLine(new Date(), resolved, target, port, proto);
  const history = (): NowOrLater<void> =>
    whenKnown(appendLine(historyFile, line), (ok) => {
      if (!ok) emit(log.cannotOpenHistory(historyFile));
    });
  return whenKnown(appendLine(blockedFile, line, watch), (ok) => {
    if (!ok) emit(log.cannotOpenBlocked(blockedFile));
    return history();
  });
};
