/**
 * The modern tools' child processes (nft and the like), run by execa: bounded in time and output,
 * never through a shell, and every way of failing turned into one of our messages, naming the
 * program, what was expected and what was found:
 *
 *   nft: cannot run /usr/sbin/nft: ENOENT (no such file or directory)
 *   nft: did not finish within 30 s
 *   nft: expected at most 16 MiB on stdout or stderr, found more
 *   nft: expected exit status 0, found signal SIGSEGV
 *   nft: expected exit status 0, found 1: Error: No such file or directory ...
 *
 * The legacy responders do not come here: src/responders/run-shell.ts runs 1.2's commands its own way.
 */
import type { execa, execaSync, Options, SyncOptions } from 'execa';
import { errnoText } from './errno-text.js';

interface Execa {
  execa: typeof execa;
  execaSync: typeof execaSync;
}
let execaModule: Execa | undefined;

/**
 * execa, loaded on first use: its modules take about 140 ms to load (BENCHMARKS.md, issue 13), which
 * the daemon, whose own nft runs normally go through libnftables, does not pay at start-up.
 * runProgramSync() needs it loaded before: callers that may run a program synchronously await this first.
 */
export const loadProgramRunner = async (): Promise<Execa> => (execaModule ??= await import('execa'));

/** What a program that ran to its end left: its exit status and what it printed. */
export interface ProgramResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ProgramLimits {
  /** killed (SIGKILL) past this many milliseconds */
  timeoutMs: number;
  /** killed past this many characters on stdout, or on stderr */
  maxOutput: number;
}

/** A program that could not start, did not end by itself, or (expectSuccess) did not exit 0. */
export class ProgramError extends Error {
  constructor(
    /** the name messages use ("nft") */
    readonly program: string,
    /** what was started: file and arguments */
    readonly argv: readonly string[],
    /** what it left, when it exited */
    readonly result: ProgramResult | null,
    message: string,
  ) {
    super(message);
  }
}

/** the fields of execa's result (or error) that say how the run ended */
interface Ending {
  failed: boolean;
  timedOut: boolean;
  isMaxBuffer: boolean;
  exitCode?: number;
  signal?: string;
  code?: string;
  message?: string;
  stdout?: unknown;
  stderr?: unknown;
}

const text = (out: unknown): string => (typeof out === 'string' ? out : '');

const size = (chars: number): string =>
  chars % (1024 * 1024) === 0
    ? `${chars / (1024 * 1024)} MiB`
    : chars % 1024 === 0
      ? `${chars / 1024} KiB`
      : `${chars} characters`;

/** The result of a program that ran to its end, or the ProgramError that says why it did not. */
const settle = (program: string, argv: readonly string[], limits: ProgramLimits, r: Ending): ProgramResult => {
  const fail = (message: string, result: ProgramResult | null = null): never => {
    throw new ProgramError(program, argv, result, `${program}: ${message}`);
  };
  if (r.timedOut) fail(`did not finish within ${limits.timeoutMs / 1000} s`);
  if (r.isMaxBuffer) fail(`expected at most ${size(limits.maxOutput)} on stdout or stderr, found more`);
  const result = { code: r.exitCode ?? -1, stdout: text(r.stdout), stderr: text(r.stderr) };
  if (r.signal !== undefined) fail(`expected exit status 0, found signal ${r.signal}`, result);
  if (r.exitCode === undefined) {
    const code = r.code ?? '';
    fail(`cannot run ${argv[0]}: ${code !== '' ? `${code} (${errnoText(code)})` : (r.message ?? 'it did not start')}`);
  }
  return result;
};

const options = (limits: ProgramLimits, input: string | undefined) =>
  ({
    input: input ?? '', // stdin is closed at once when there is nothing to say
    timeout: limits.timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: limits.maxOutput,
    stripFinalNewline: false,
    encoding: 'utf8',
    reject: false,
  }) satisfies Options & SyncOptions;

/**
 * Runs `argv` (file, then arguments) with `input` on stdin. Resolves with its exit status and
 * output when it exited by itself, whatever the status; rejects with a ProgramError otherwise.
 * `program` is the name messages give it (the file may be a wrapper: ip netns exec NAME nft).
 */
export const runProgram = async (
  program: string,
  argv: readonly string[],
  limits: ProgramLimits,
  input?: string,
): Promise<ProgramResult> => {
  const [file, ...args] = argv;
  if (file === undefined) throw new ProgramError(program, argv, null, `${program}: no command given`);
  const { execa } = await loadProgramRunner();
  return settle(program, argv, limits, await execa(file, args, options(limits, input)));
};

/** runProgram() for the few callers that cannot wait (the stealth daemon's start-up), once loadProgramRunner() resolved. */
export const runProgramSync = (
  program: string,
  argv: readonly string[],
  limits: ProgramLimits,
  input?: string,
): ProgramResult => {
  const [file, ...args] = argv;
  if (file === undefined) throw new ProgramError(program, argv, null, `${program}: no command given`);
  if (execaModule === undefined)
    throw new ProgramError(
      program,
      argv,
      null,
      `${program}: cannot run ${file} yet: loadProgramRunner() was not awaited`,
    );
  return settle(program, argv, limits, execaModule.execaSync(file, args, options(limits, input)));
};

/** The output of a run that exited 0; a ProgramError with the program's own words otherwise. */
export const expectSuccess = (program: string, argv: readonly string[], r: ProgramResult): string => {
  if (r.code !== 0) {
    const said = r.stderr.trim() || r.stdout.trim();
    throw new ProgramError(
      program,
      argv,
      r,
      `${program}: expected exit status 0, found ${r.code}${said === '' ? ', and no message' : `: ${said}`}`,
    );
  }
  return r.stdout;
};
