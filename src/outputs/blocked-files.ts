import { closeSync, openSync, writeSync } from 'node:fs';
import { blockedLine, log } from '../legacy/messages.js';

/**
 * Appends one whole line with a single write(2) on an O_APPEND descriptor, so that the TCP and UDP
 * daemons writing the same history file never interleave bytes of two lines.
 */
export const appendLine = (file: string, line: string): void => {
  const fd = openSync(file, 'a');
  try {
    const data = Buffer.from(line, 'latin1');
    let off = 0;
    while (off < data.length) off += writeSync(fd, data, off, data.length - off);
  } finally {
    closeSync(fd);
  }
};

/** InitConfig(): the blocked file is emptied (and created with the invoker's umask) at start. */
export const truncateBlockedFile = (file: string): boolean => {
  try {
    closeSync(openSync(file, 'w'));
    return true;
  } catch {
    return false;
  }
};

/** WriteBlocked(): the same line to the blocked file, then to the history file. */
export const writeBlocked = (
  target: string,
  resolved: string,
  port: number,
  blockedFile: string,
  historyFile: string,
  proto: 'TCP' | 'UDP',
  emit: (text: string) => void,
): void => {
  const line = blockedLine(new Date(), resolved, target, port, proto);
  try {
    appendLine(blockedFile, line);
  } catch {
    emit(log.cannotOpenBlocked(blockedFile));
  }
  try {
    appendLine(historyFile, line);
  } catch {
    emit(log.cannotOpenHistory(historyFile));
  }
};
