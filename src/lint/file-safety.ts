import type { FileFacts, LintEnv } from './lint-env.js';

/**
 * Why a file that decides what runs as root could be changed by someone other than root, or
 * null. Counted as "anyone but root": an owner other than uid 0, the write bit for others, the
 * write bit for a group other than gid 0. Group-writable with gid 0 is root only: on Debian the
 * root group has no other members, and whoever is in it can become root anyway.
 */
const insecureReason = (facts: FileFacts): string | null => {
  const mode = facts.mode.toString(8).padStart(4, '0');
  if (facts.uid !== 0) return `owned by uid ${facts.uid}, not root`;
  if ((facts.mode & 0o002) !== 0) return `writable by everyone (mode ${mode})`;
  if ((facts.mode & 0o020) !== 0 && facts.gid !== 0) return `writable by group ${facts.gid} (mode ${mode})`;
  return null;
};

export const secureHint = (path: string): string => `chown root:root ${path} && chmod go-w ${path}`;

/**
 * insecureReason() for the file, then for each directory above an absolute path: whoever can
 * write to a directory can replace the files in it, unless its sticky bit is set (as on /tmp).
 */
export const insecurePathReason = (
  env: LintEnv,
  path: string,
  facts: FileFacts,
): { reason: string; fix: string } | null => {
  const own = insecureReason(facts);
  if (own !== null) return { reason: own, fix: path };
  if (!path.startsWith('/')) return null;
  for (let i = path.lastIndexOf('/'); i >= 0; i = i === 0 ? -1 : path.lastIndexOf('/', i - 1)) {
    const dir = i === 0 ? '/' : path.slice(0, i);
    const d = env.stat(dir);
    if ('error' in d || d.kind !== 'directory' || (d.mode & 0o1000) !== 0) continue;
    const reason = insecureReason(d);
    if (reason !== null) return { reason: `in ${dir}, a directory ${reason}`, fix: dir };
  }
  return null;
};
