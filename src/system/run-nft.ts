import { expectSuccess, runProgram, runProgramSync, type ProgramLimits } from './run-program.js';

/**
 * How nft is run: the argv that starts it. Usually just the binary's path; tests put it inside a
 * network namespace with ['ip', 'netns', 'exec', NAME, '/usr/sbin/nft'].
 */
export type NftCommand = readonly string[];

/** what the tools give one nft run: the sets of a busy host list in well under a second */
export const NFT_LIMITS: ProgramLimits = { timeoutMs: 30_000, maxOutput: 16 * 1024 * 1024 };

/**
 * Runs nft once with `args` (and `input` on stdin when given) and returns what it printed; fails
 * with a ProgramError naming nft and what it said when it does not exit 0 (run-program.ts).
 */
export const nftOrThrow = async (
  nft: NftCommand,
  args: readonly string[],
  input?: string,
  limits = NFT_LIMITS,
): Promise<string> => {
  const argv = [...nft, ...args];
  return expectSuccess('nft', argv, await runProgram('nft', argv, limits, input));
};

/** nftOrThrow() without waiting, for the stealth daemon's start-up. */
export const nftOrThrowSync = (
  nft: NftCommand,
  args: readonly string[],
  input?: string,
  limits = NFT_LIMITS,
): string => {
  const argv = [...nft, ...args];
  return expectSuccess('nft', argv, runProgramSync('nft', argv, limits, input));
};
