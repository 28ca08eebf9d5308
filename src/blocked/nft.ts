import { spawn } from 'node:child_process';

/**
 * How nft is run: the argv that starts it. Usually just the binary's path; tests put it inside a
 * network namespace with ['ip', 'netns', 'exec', NAME, '/usr/sbin/nft'].
 */
export type NftCommand = readonly string[];

/** The table and sets every part of portsentry agrees on (ruleset, KILL_ROUTE, `blocked`, boot script). */
export const TABLE_FAMILY = 'inet';
export const TABLE_NAME = 'portsentry';
export const SET4 = 'blocked4';
export const SET6 = 'blocked6';
export const TABLE = `${TABLE_FAMILY} ${TABLE_NAME}`;

/** Where `blocked` and the boot script keep the set's elements between boots. */
export const DEFAULT_STATE_FILE = '/var/lib/portsentry/nft-elements';

/** Where nft is looked for when not given, in this order. */
export const NFT_CANDIDATES = ['/usr/sbin/nft', '/sbin/nft', '/usr/local/sbin/nft'];

export interface NftResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class NftError extends Error {
  constructor(
    readonly command: NftCommand,
    readonly args: readonly string[],
    readonly result: NftResult | null,
    reason: string,
  ) {
    super(reason);
  }
}

const NFT_TIMEOUT_MS = 30_000;
const MAX_OUTPUT = 16 * 1024 * 1024;

/** Runs nft once with `args` (and `input` on stdin when given), bounded in time and output. */
export const runNft = (nft: NftCommand, args: readonly string[], input?: string): Promise<NftResult> =>
  new Promise((resolve, reject) => {
    const [file, ...pre] = nft;
    if (file === undefined) {
      reject(new NftError(nft, args, null, 'no nft command given'));
      return;
    }
    const child = spawn(file, [...pre, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let size = 0;
    const timer = setTimeout(() => child.kill('SIGKILL'), NFT_TIMEOUT_MS);
    const take = (chunk: Buffer, into: 'out' | 'err') => {
      size += chunk.length;
      if (size > MAX_OUTPUT) {
        child.kill('SIGKILL');
        return;
      }
      if (into === 'out') stdout += chunk.toString('utf8');
      else stderr += chunk.toString('utf8');
    };
    child.stdout.on('data', (c: Buffer) => take(c, 'out'));
    child.stderr.on('data', (c: Buffer) => take(c, 'err'));
    child.stdin.on('error', () => undefined);
    child.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new NftError(nft, args, null, `cannot run ${file}: ${err.code ?? err.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (signal !== null) {
        reject(new NftError(nft, args, { code: -1, stdout, stderr }, `${file} was killed (${signal}) after ${NFT_TIMEOUT_MS / 1000} s or ${MAX_OUTPUT} bytes of output`));
        return;
      }
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });

/** Runs nft and fails with nft's own message when it exits non-zero. */
export const nftOrThrow = async (nft: NftCommand, args: readonly string[], input?: string): Promise<string> => {
  const r = await runNft(nft, args, input);
  if (r.code !== 0) {
    const said = r.stderr.trim() || r.stdout.trim() || `exit status ${r.code}`;
    throw new NftError(nft, args, r, `nft ${args.join(' ')} failed: ${said}`);
  }
  return r.stdout;
};
