/**
 * Compatibility suite: runs PortSentry 1.2 (the Debian binary fetched by fetch-reference.sh) and
 * ours on the same scenarios, each in a fresh network + mount namespace, and compares everything
 * they produce after normalising timestamps and pids.
 *
 *   node dist/compat-tests/run.js [--filter SUBSTRING]... [--json FILE] [--keep] [--ours PROGRAM | --via-node]
 *                                 [--with-key LINE]...
 *
 * --keep leaves each run's temporary directory (overlay upper dirs, the laid-out files, spec and
 * result) and prints its path. --ours runs PROGRAM in place of ours: `--ours
 * compat-tests/.ref/usr/sbin/portsentry` compares the reference with itself (every scenario must
 * pass, or the scenario or the harness is not deterministic). Ours is run as the program itself, as
 * init scripts run it (bin/portsentry's bash line starts the two Node processes); --via-node runs
 * `node bin/portsentry` instead, where Node starts the daemon. --filter may be given more than once.
 * --with-key LINE appends LINE (an extension key 1.2 ignores, e.g. 'ENABLE_IPV6="1"') to every
 * scenario's config, on both sides: the outcomes must stay identical to 1.2's (the compat-ipv6
 * suite); may be given more than once.
 * Run as root. Prints one line per scenario, then a FAIL line for each known difference whose
 * scenario ran but that covered nothing (counted as a failed test; not judged with --ours), then
 * "N passed, N failed"; exits 1 when any failed.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenarios } from './scenarios/index.js';
import { withKeys } from './lib/conf.js';
import { normaliseOutcome } from './lib/normalise.js';
import { diffOutcomes, type Difference } from './lib/diff.js';
import { coveredBy, uncoveredEntries, uncoveredLine } from './lib/known.js';
import { knownDifferences } from './known-differences.js';
import { emptyRawOutcome, type DriverSpec, type Outcome, type RawOutcome, type Scenario } from './lib/types.js';

const here = dirname(fileURLToPath(import.meta.url)); // dist/compat-tests
const repo = resolve(here, '..', '..');
const REF_BINARY = join(repo, 'compat-tests', '.ref', 'usr', 'sbin', 'portsentry');
const OUR_BINARY = join(repo, 'bin', 'portsentry');
const ADDON = join(repo, 'build', 'Release', 'portsentry_native.node');
const DRIVER = join(here, 'driver.js');
/** a driver that has not finished by then is killed (it bounds itself at 90 s) */
const DRIVER_LIMIT_MS = 120_000;

interface Options {
  /** scenarios whose name contains any of these (all when none) */
  filters: string[];
  /** run this program instead of ours (checking the harness: the reference against itself) */
  ours?: string;
  /** run ours as `node bin/portsentry` (Node starts the daemon) instead of the program itself (bash does) */
  viaNode: boolean;
  json: string;
  keep: boolean;
  /** lines appended to every scenario's config (lib/conf.ts withKeys) */
  withKeys: string[];
}

const usage =
  'usage: node dist/compat-tests/run.js [--filter SUBSTRING]... [--json FILE] [--keep] [--ours PROGRAM | --via-node] [--with-key LINE]...';

const parseArgs = (argv: string[]): Options => {
  const o: Options = {
    filters: [],
    json: join(repo, 'compat-tests', 'results', 'result.json'),
    keep: false,
    viaNode: false,
    withKeys: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--filter' && i + 1 < argv.length) o.filters.push(argv[++i]!);
    else if (a === '--via-node') o.viaNode = true;
    else if (a === '--json' && i + 1 < argv.length) o.json = resolve(argv[++i]!);
    else if (a === '--keep') o.keep = true;
    else if (a === '--with-key' && i + 1 < argv.length) {
      const line = argv[++i]!;
      if (!/^[A-Z][A-Z0-9_]*=/.test(line) || line.includes('\n')) {
        process.stderr.write(`run.js: --with-key: expected one KEY=value line, found ${JSON.stringify(line)}\n`);
        process.exit(2);
      }
      o.withKeys.push(line);
    } else if (a === '--ours' && i + 1 < argv.length) o.ours = resolve(argv[++i]!);
    else {
      process.stderr.write(`run.js: unexpected argument ${JSON.stringify(a)}\n${usage}\n`);
      process.exit(2);
    }
  }
  return o;
};

const sh = (cmd: string, args: string[]): string =>
  execFileSync(cmd, args, { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'pipe'] });

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

let counter = 0;

/** Pids of the processes in the named network namespace (as `ip netns pids`, without an exec). */
const namespacePids = (ns: string): number[] => {
  let link: string;
  try {
    link = `net:[${statSync(`/run/netns/${ns}`).ino}]`;
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/ns/net`) === link) pids.push(Number(entry));
    } catch {
      /* gone, or a kernel thread */
    }
  }
  return pids;
};

/** Kills every process left in the namespace, by pid, and waits (bounded) until they are gone. */
const emptyNamespace = async (ns: string): Promise<void> => {
  for (let round = 0; round < 50; round++) {
    const pids = namespacePids(ns);
    if (pids.length === 0) return;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    await sleep(20);
  }
};

/** Namespaces and directories of the runs in progress, for clean-up when the runner is stopped. */
const active = new Map<string, string>();

/** Stopped (CI timeout, ^C): kill what the runs left, delete their namespaces and directories. */
const cleanUpAndExit = (signal: NodeJS.Signals): void => {
  for (const [ns, tmp] of active) {
    for (let round = 0; round < 5; round++) {
      for (const pid of namespacePids(ns)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }
    try {
      sh('ip', ['netns', 'del', ns]);
    } catch {
      /* not there */
    }
    rmSync(tmp, { recursive: true, force: true });
  }
  process.stderr.write(`run.js: stopped by ${signal}; cleaned up ${active.size} run(s)\n`);
  process.exit(130);
};

/** One implementation on one scenario, in its own namespace; always cleans up. */
const runOne = async (scenario: Scenario, command: string[], keep: boolean): Promise<RawOutcome> => {
  const n = ++counter;
  const ns = `psc-${process.pid}-${n}`;
  const tmp = mkdtempSync(join('/tmp', `psc-${process.pid}-${n}-`));
  active.set(ns, tmp);
  const resultFile = join(tmp, 'result.json');
  const hostNamespaces = { mnt: readlinkSync('/proc/self/ns/mnt'), net: readlinkSync('/proc/self/ns/net') };
  const spec: DriverSpec = { scenario, command, tmp, resultFile, addon: ADDON, hostNamespaces };
  writeFileSync(join(tmp, 'spec.json'), JSON.stringify(spec));
  let stderr = '';
  try {
    sh('ip', ['netns', 'add', ns]);
    const child = spawn(
      'ip',
      [
        'netns',
        'exec',
        ns,
        'unshare',
        '-m',
        '--propagation',
        'private',
        process.execPath,
        DRIVER,
        join(tmp, 'spec.json'),
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout.on('data', (b: Buffer) => (stderr += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      new Promise<boolean>((r) => child.on('close', () => r(true))),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(false), DRIVER_LIMIT_MS))),
    ]);
    clearTimeout(timer);
    if (!finished && child.pid !== undefined) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    if (!existsSync(resultFile)) {
      return emptyRawOutcome([
        `driver wrote no result${finished ? '' : ' (killed after 120 s)'}: ${stderr.trim().slice(0, 2000)}`,
      ]);
    }
    const raw = JSON.parse(readFileSync(resultFile, 'utf8')) as RawOutcome;
    if (stderr.trim() !== '') raw.harness.push(`driver output: ${stderr.trim().slice(0, 2000)}`);
    return raw;
  } finally {
    // the processes die now; deleting the namespace and the directory goes on while the next
    // scenario runs (awaited before the runner exits)
    await emptyNamespace(ns);
    pendingCleanUps.push(
      (async () => {
        await new Promise<void>((r) => {
          const del = spawn('ip', ['netns', 'del', ns], { stdio: 'ignore' });
          del.on('error', () => r());
          del.on('close', () => r());
        });
        if (keep) process.stdout.write(`  kept ${tmp}\n`);
        else await rm(tmp, { recursive: true, force: true });
        active.delete(ns);
      })(),
    );
  }
};

const pendingCleanUps: Promise<void>[] = [];

interface ScenarioResult {
  name: string;
  about: string;
  passed: boolean;
  differences: (Difference & { known?: string })[];
  ref: Outcome;
  ours: Outcome;
  rawSyslog: { ref: string[]; ours: string[] };
  seconds: number;
}

const main = async (): Promise<void> => {
  const options = parseArgs(process.argv.slice(2));
  if (process.geteuid?.() !== 0) {
    process.stderr.write('run.js: must run as root (it creates network and mount namespaces)\n');
    process.exit(2);
  }
  for (const [what, path, hint] of [
    ['reference binary', REF_BINARY, 'run compat-tests/fetch-reference.sh'],
    ['native addon', ADDON, 'run npm install (node-gyp)'],
    ['our entry point', OUR_BINARY, ''],
  ] as const) {
    if (!existsSync(path)) {
      process.stderr.write(`run.js: ${what} ${path}: expected a file, found nothing${hint ? ` (${hint})` : ''}\n`);
      process.exit(2);
    }
  }
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, cleanUpAndExit);
  // a closed stdout (e.g. piped into head) must not stop the runner before it has cleaned up
  process.stdout.on('error', () => undefined);
  const all = await loadScenarios();
  const scenarios = (
    options.filters.length === 0 ? all : all.filter((s) => options.filters.some((f) => s.name.includes(f)))
  ).map((s) => withKeys(s, options.withKeys));
  const results: ScenarioResult[] = [];
  let passed = 0;
  let failed = 0;
  for (const scenario of scenarios) {
    const t0 = Date.now();
    // the two implementations run side by side, each in its own namespaces
    const [rawRef, rawOurs] = await Promise.all([
      runOne(scenario, [REF_BINARY], options.keep),
      runOne(
        scenario.oursConfig === undefined ? scenario : { ...scenario, config: scenario.oursConfig },
        // the program itself, as an init script starts it (its first line starts Node, twice for a daemon)
        options.ours !== undefined ? [options.ours] : options.viaNode ? [process.execPath, OUR_BINARY] : [OUR_BINARY],
        options.keep,
      ),
    ]);
    const ref = normaliseOutcome(rawRef);
    const ours = normaliseOutcome(rawOurs);
    // when ours was given another config text on purpose, the config file itself is not compared
    if (scenario.oursConfig !== undefined) {
      delete ref.files['/etc/portsentry/portsentry.conf'];
      delete ours.files['/etc/portsentry/portsentry.conf'];
    }
    const differences: ScenarioResult['differences'] = diffOutcomes(ref, ours).map((d) => {
      const k = coveredBy(scenario.name, d, knownDifferences);
      return k ? { ...d, known: k.id } : d;
    });
    // a note from the harness (a wait that ran out, a driver error) fails the scenario even when
    // both sides have the same note: the comparison would not mean anything
    for (const [side, o] of [
      ['ref', ref],
      ['ours', ours],
    ] as const) {
      for (const h of o.harness) differences.push({ field: `harness (${side})`, text: `! ${JSON.stringify(h)}` });
    }
    const open = differences.filter((d) => d.known === undefined);
    const ok = open.length === 0;
    const seconds = (Date.now() - t0) / 1000;
    if (ok) passed++;
    else failed++;
    const knownIds = [...new Set(differences.flatMap((d) => (d.known ? [d.known] : [])))];
    process.stdout.write(
      `${ok ? 'PASS' : 'FAIL'} ${scenario.name}${knownIds.length ? ` (known: ${knownIds.join(', ')})` : ''}${ok ? '' : ` (${open.length} difference${open.length === 1 ? '' : 's'})`} [${seconds.toFixed(1)} s]\n`,
    );
    for (const d of open) process.stdout.write(`    ${d.field}:\n${d.text.replace(/^/gm, '      ')}\n`);
    results.push({
      name: scenario.name,
      about: scenario.about,
      passed: ok,
      differences,
      ref,
      ours,
      rawSyslog: { ref: rawRef.syslog, ours: rawOurs.syslog },
      seconds,
    });
  }
  // every entry tied to a scenario that ran must have covered a difference there; with --ours the
  // program compared is not ours (the reference against itself), so the entries are not judged
  const uncovered =
    options.ours === undefined
      ? uncoveredEntries(
          results.map((r) => ({ name: r.name, known: r.differences.flatMap((d) => (d.known ? [d.known] : [])) })),
          knownDifferences,
        )
      : [];
  for (const k of uncovered) process.stdout.write(`${uncoveredLine(k)}\n`);
  failed += uncovered.length;
  await Promise.all(pendingCleanUps);
  mkdirSync(dirname(options.json), { recursive: true });
  writeFileSync(
    options.json,
    `${JSON.stringify({ passed, failed, uncoveredKnownDifferences: uncovered.map((k) => k.id), scenarios: results }, null, 2)}\n`,
  );
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  process.exitCode = failed > 0 ? 1 : 0;
};

main().catch((e: unknown) => {
  process.stderr.write(`run.js: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(2);
});
