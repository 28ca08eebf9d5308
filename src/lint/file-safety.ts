import type { FileFacts } from './lint-env.js';

/**
 * Why a file that decides what runs as root could be changed by someone other than root, or
 * null. Counted as "anyone but root": an owner other than uid 0, the write bit for others, the
 * write bit for a group other than gid 0. Group-writable with gid 0 is root only: on Debian the
 * root group has no other members, and whoever is in it can become root anyway.
 */
export const insecureReason = (facts: FileFacts): string | null => {
  const mode = facts.mode.toString(8).padStart(4, '0');
  if (facts.uid !== 0) return `owned by uid ${facts.uid}, not root`;
  if ((facts.mode & 0o002) !== 0) return `writable by everyone (mode ${mode})`;
  if ((facts.mode & 0o020) !== 0 && facts.gid !== 0) return `writable by group ${facts.gid} (mode ${mode})`;
  return null;
};

export const secureHint = (path: string): string => `chown root:root ${path} && chmod go-w ${path}`;
