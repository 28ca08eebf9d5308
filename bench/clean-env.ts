/**
 * The environment every benchmark starts the programs it measures with: what Debian's init script
 * gets from systemd, not the benchmark's own. A variable such as NODE_EXTRA_CA_CERTS (set on some
 * build machines) makes every Node process read a certificate bundle at start, about 50 ms here,
 * which no init script passes.
 */
export const CLEAN_ENV: Readonly<Record<string, string>> = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  LANG: 'C',
};
