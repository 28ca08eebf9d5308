import { readFileSync } from 'node:fs';

/**
 * The fields of /proc/PID/stat after the command name: [state, ppid, pgrp, session, ...] (proc(5)
 * numbers them from 3; utime is [11]). null when the process is gone. The command name is skipped
 * up to its last ")", since it may hold spaces and parentheses itself.
 */
export const procStatFields = (pid: number): string[] | null => {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return null;
  }
  return stat
    .slice(stat.lastIndexOf(')') + 2)
    .trimEnd()
    .split(' ');
};

/** a process that exists and is not a zombie */
export const isRunning = (pid: number): boolean => {
  const state = procStatFields(pid)?.[0];
  return state !== undefined && state !== 'Z' && state !== 'X';
};
