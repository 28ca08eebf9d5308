/**
 * Why a test cannot run on this machine, in one place. Each guard returns the reason as a short
 * phrase, or null when the test can run; use it as
 *
 *   const SKIP = needsNft();
 *   describe.skipIf(SKIP !== null)(titled('the thing under test', SKIP), () => { ... });
 *
 * so that a run without root (or without nft, iproute2, namespaces) reports the tests as skipped,
 * saying why in the title, instead of failing in a hook. The probes run once per test file, and
 * only when a guard is asked.
 */
import { spawnSync } from 'node:child_process';
import { installedNft, NFT_CANDIDATES } from '../src/system/find-nft.js';

const once = <T>(probe: () => T): (() => T) => {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = probe();
      done = true;
    }
    return value;
  };
};

/** true when `argv` runs and exits 0 within 10 s */
const succeeds = (argv: string[]): boolean =>
  spawnSync(argv[0]!, argv.slice(1), { stdio: 'ignore', timeout: 10_000 }).status === 0;

/** The nft binary on this machine (the first of NFT_CANDIDATES that is executable), or null. */
const nftBinary = once(installedNft);

/**
 * The nft binary tests run, as a string: the one installed, or the first candidate when none is
 * (tests that run it are skipped then, by needsNft).
 */
export const nftPath = (): string => nftBinary() ?? NFT_CANDIDATES[0]!;

/** Root: network and mount namespaces, chown, files only root may write. */
export const needsRoot = (): string | null => (process.getuid?.() === 0 ? null : 'needs root');

/** A private mount namespace (unshare -m): root with CAP_SYS_ADMIN. */
export const needsMountNs = once((): string | null => {
  const root = needsRoot();
  if (root !== null) return `${root} (private mount namespaces)`;
  return succeeds(['unshare', '-m', '--propagation', 'private', 'true'])
    ? null
    : 'needs unshare -m (a private mount namespace), which fails here';
});

/** A PID namespace with its own /proc (unshare --pid --fork --mount-proc). */
export const needsPidNs = once((): string | null => {
  const root = needsRoot();
  if (root !== null) return `${root} (PID namespaces)`;
  return succeeds(['unshare', '--pid', '--fork', '--mount-proc', 'true'])
    ? null
    : 'needs unshare --pid (a PID namespace), which fails here';
});

/** Network namespaces made by `ip netns add` (test-support's Netns) or `unshare -n`. */
export const needsNetns = once((): string | null => {
  const root = needsRoot();
  if (root !== null) return `${root} (network namespaces)`;
  if (!succeeds(['ip', 'netns', 'list'])) return 'needs ip netns (iproute2)';
  return succeeds(['unshare', '-n', 'true']) ? null : 'needs unshare -n (a network namespace), which fails here';
});

/** The nft binary alone (nft -c, which also needs root). */
export const needsNftBinary = (): string | null =>
  nftBinary() === null ? `needs nft (none of ${NFT_CANDIDATES.join(', ')} is installed)` : null;

/** nft run inside a network namespace of the test's own. */
export const needsNft = once((): string | null => needsNetns() ?? needsNftBinary());

/** A program on PATH that answers `argv` with status 0 (e.g. ['shellcheck', '--version']). */
export const needsProgram = (argv: string[]): string | null =>
  succeeds(argv) ? null : `needs ${argv[0]!} (not installed)`;

/** The first reason that applies, or null. */
export const firstReason = (...reasons: (string | null)[]): string | null => reasons.find((r) => r !== null) ?? null;

/** `title`, followed by ` [skipped: REASON]` when the guard gave a reason. */
export const titled = (title: string, reason: string | null): string =>
  reason === null ? title : `${title} [skipped: ${reason}]`;
