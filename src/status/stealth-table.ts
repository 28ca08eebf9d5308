import { installedNft } from '../system/find-nft.js';
import { nftOrThrow, NFT_LIMITS, type NftCommand } from '../system/run-nft.js';

/** what `nft list table ip TABLE` says now: the stealth capture sees nothing without its table */
export type TableCheck = 'in place' | 'missing' | 'not checked: nft is not installed';

export const checkStealthTable = async (
  table: string,
  nft: NftCommand | null = (() => {
    const found = installedNft();
    return found === null ? null : [found];
  })(),
): Promise<TableCheck> => {
  if (nft === null) return 'not checked: nft is not installed';
  try {
    const listing = await nftOrThrow(nft, ['list', 'table', 'ip', table], undefined, {
      ...NFT_LIMITS,
      timeoutMs: 5000,
    });
    return listing.includes(' log group ') ? 'in place' : 'missing';
  } catch {
    return 'missing';
  }
};
