import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Where nft is looked for, in this order: the one list for the tools (`blocked`, `migrate`, then
 * $PATH) and the stealth daemons' own table (src/capture/visibility.ts).
 */
export const NFT_CANDIDATES = ['/usr/sbin/nft', '/sbin/nft', '/usr/local/sbin/nft'];

const runnable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/** The first of NFT_CANDIDATES that is an executable file, or null. */
export const installedNft = (): string | null => NFT_CANDIDATES.find(runnable) ?? null;

/**
 * The nft binary: `given` when it names one (it must be runnable), otherwise the first of
 * /usr/sbin/nft, /sbin/nft, /usr/local/sbin/nft, then $PATH.
 */
export const findNft = (given: string | undefined, path = process.env.PATH ?? ''): string => {
  if (given !== undefined) {
    if (!runnable(given)) throw new Error(`--nft ${given}: expected an executable nft binary, found ${statOr(given)}`);
    return given;
  }
  const candidates = [
    ...NFT_CANDIDATES,
    ...path
      .split(delimiter)
      .filter((d) => d.startsWith('/'))
      .map((d) => join(d, 'nft')),
  ];
  const found = candidates.find(runnable);
  if (found === undefined) {
    throw new Error(
      `nft not found (looked in ${[...new Set(candidates)].join(', ')}): install the nftables package, or pass --nft PATH`,
    );
  }
  return found;
};

const statOr = (path: string): string => {
  try {
    return statSync(path).isFile() ? 'a file that is not executable' : 'something that is not a file';
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
  }
};
