import type { FileSpec } from './types.js';

/** Directories bound over their system paths in each run (fresh, empty, mode 0755). */
export const SYSTEM_DIRS = ['/etc/portsentry', '/var/lib/portsentry'];

/** Single files a scenario may lay out (replaced in the /etc overlay, never written through a link). */
export const SYSTEM_FILES = ['/etc/hosts.deny', '/etc/hosts', '/etc/resolv.conf'];

/** Laid out unless a scenario says otherwise. */
export const DEFAULT_FILES: Record<string, FileSpec> = {
  '/etc/portsentry/portsentry.ignore': '127.0.0.1\n',
  '/etc/hosts': '127.0.0.1 localhost\n',
  // no DNS server listens in the namespace: a lookup that reaches DNS fails at once
  '/etc/resolv.conf': 'nameserver 127.0.0.1\n',
  '/etc/hosts.deny': { absent: true },
};

/** What is collected after each run. */
export const COLLECT_ROOTS = ['/etc/portsentry', '/var/lib/portsentry', '/etc/hosts.deny'];

/** Scanner sources: loopback addresses other than the victim 127.0.0.1. */
export const isScannerSource = (a: string): boolean => {
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(a);
  return m !== null && m.slice(1).every((x) => Number(x) <= 255) && a !== '127.0.0.1';
};
