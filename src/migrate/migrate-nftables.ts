import { accessSync, constants, existsSync, statSync, mkdirSync, openSync, closeSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { lookupToken, configFromString, CONFIG_MAX_BYTES, type ConfigFile } from '../config/config-file.js';
import { readBounded } from '../system/read-bounded.js';
import { canonicalAddress, listBlocked, tableExists, addElements, type SetElement } from '../blocked/nft-set.js';
import { nftOrThrow, type NftCommand } from '../system/run-nft.js';
import { ProgramError } from '../system/run-program.js';
import { describeFsError } from '../system/describe-fs-error.js';
import { replaceFile } from '../system/replace-file.js';
import { sourcesFrom } from '../blocked/sources.js';
import { stateFileText } from '../blocked/state-file.js';
import { findKillRoute, otherKillRouteLines, rewriteKillRoutes, type KillRoute6Edit } from './config-rewrite.js';
import { historyHosts } from './history-import.js';
import { recogniseKillRoute, type FormId, type LogSpec } from './kill-route-forms.js';
import { isOwnKillRoute6, ownKillRoute, ownKillRoute6 } from './new-kill-route.js';
import { renderRuleset, replacedKillRoute } from './ruleset.js';
import { unifiedDiff } from './unified-diff.js';
import { parseDuration } from './duration.js';

/** A failure migrate explains: the message names the file, what was expected and what was found. */
export class MigrateError extends Error {}

export interface MigrateOptions {
  configPath: string;
  rulesetPath: string;
  stateFile: string;
  /** how nft is run here */
  nft: NftCommand;
  /** the nft path written into KILL_ROUTE (the daemon runs it) */
  nftPath: string;
  /** --nft was given: use nftPath even where an earlier migration wrote another one */
  nftPathGiven: boolean;
  dryRun: boolean;
  /** --block-timeout: an nft duration, or "none"; undefined keeps what an earlier migration set */
  blockTimeout: string | undefined;
  importHistory: boolean;
  now?: Date;
}

export interface MigrateReport {
  dryRun: boolean;
  configPath: string;
  line: number;
  oldValue: string;
  newValue: string;
  /** KILL_ROUTE6, the same command for the blocked6 set, for IPv6 hosts (ENABLE_IPV6) */
  killRoute6: KillRoute6Edit;
  /** the form of the line migration started from (now, or recorded by an earlier run) */
  from: { value: string; form: FormId; description: string; notes: string[] } | null;
  alreadyMigrated: boolean;
  configChanged: boolean;
  backupPath: string | null;
  diff: string;
  otherLines: { line: number; text: string }[];
  rulesetPath: string;
  ruleset: string;
  rulesetChanged: boolean;
  blockTimeout: string | null;
  log: LogSpec | null;
  /** 'loaded': the table was not there; 'reloaded': replaced, elements kept; 'unchanged' */
  table: 'loaded' | 'reloaded' | 'unchanged';
  keptElements: number;
  imported: { added: number; alreadyBlocked: number; files: string[] } | null;
  stateFile: string;
  stateSaved: number | null;
}

/**
 * The ruleset migrate writes is a few KB, and a backup is a config: anything past 1 MiB at those
 * paths is not ours to read (and /dev/zero there must not fill memory).
 */
const MAX_OTHER_FILE_BYTES = 1024 * 1024;

const fail = (message: string): never => {
  throw new MigrateError(message);
};

/** The config, read with loadConfigFile()'s bound; a directory or other non-regular file is refused. */
const readConfig = (path: string) => {
  const r = readBounded(path, { maxBytes: CONFIG_MAX_BYTES, excess: 'refuse' });
  if (!r.ok && r.problem === 'open') fail(`${path}: cannot read the config file (${r.code})`);
  if (!r.ok && r.found === 'a directory') fail(`${path}: expected a config file, found a directory`);
  if (!r.ok) fail(`${path}: ${r.why}`);
  const file: ConfigFile = { path, content: r.ok ? r.content : '' };
  const nul = file.content!.indexOf('\0');
  if (nul !== -1) fail(`${path}: expected a text config file, found a NUL byte at offset ${nul} (a binary file?)`);
  return file;
};

const readIfThere = (path: string): string | null => {
  const r = readBounded(path, { maxBytes: MAX_OTHER_FILE_BYTES, excess: 'refuse' });
  if (r.ok) return r.content;
  if (r.code === 'ENOENT') return null;
  return fail(r.message);
};

/** Fails now, before anything changes, when `dir` cannot take a new file. */
const probeWritable = (dir: string, create: boolean): void => {
  try {
    if (create) mkdirSync(dir, { recursive: true, mode: 0o755 });
    const probe = join(dir, `.portsentry-migrate.${process.pid}.probe`);
    closeSync(openSync(probe, 'wx', 0o600));
    unlinkSync(probe);
  } catch (err) {
    fail(`${describeFsError(dir, err)}: migrate must write there; nothing was changed`);
  }
};

/** The first free backup name: FILE.pre-nftables, then FILE.pre-nftables.1, ... */
const backupName = (path: string): string => {
  const first = `${path}.pre-nftables`;
  if (!existsSync(first)) return first;
  for (let i = 1; i < 1000; i++) if (!existsSync(`${first}.${i}`)) return `${first}.${i}`;
  return fail(`${path}: expected a free backup name, found ${first} to ${first}.999 all taken`);
};

const nftFailure = (err: unknown, what: string): never => {
  if (err instanceof ProgramError) fail(`${what}: ${err.message}`);
  throw err;
};

/**
 * `portsentry migrate nftables`: replaces 1.2's per-host KILL_ROUTE command by one that adds the
 * host to portsentry's nft set, writes and loads the ruleset that holds the set, and optionally
 * puts the hosts already blocked into it. Every check runs before the first change; the config is
 * written last, so a failure leaves it untouched.
 */
export const migrateNftables = async (o: MigrateOptions): Promise<MigrateReport> => {
  let wantedTimeout: string | null | undefined;
  if (o.blockTimeout === 'none') wantedTimeout = null;
  else if (o.blockTimeout !== undefined) {
    const d = parseDuration(o.blockTimeout);
    if (!d.ok) return fail(`--block-timeout: ${d.why}`);
    wantedTimeout = d.text;
  }
  const file = readConfig(o.configPath);
  const content = file.content!;
  const found = findKillRoute(file);
  if (!found.ok) return fail(found.why);
  const site = found.site;
  const where = `${o.configPath}:${site.line}`;

  const recognition = recogniseKillRoute(site.value);
  if (recognition.kind === 'unknown') {
    return fail(`${where}: KILL_ROUTE="${site.value}" is left alone: ${recognition.why}. Nothing was changed.`);
  }

  const existingRuleset = readIfThere(o.rulesetPath);
  let fromValue: string | null = site.value;
  let timeout: string | null;
  let nftPath = o.nftPath;
  if (recognition.kind === 'migrated') {
    // Run again: the old line is recorded in the ruleset (or in the backup of the config).
    fromValue = existingRuleset === null ? null : replacedKillRoute(existingRuleset);
    if (fromValue === null) {
      const backup = readIfThere(`${o.configPath}.pre-nftables`);
      const r =
        backup === null ? null : lookupToken(configFromString(`${o.configPath}.pre-nftables`, backup), 'KILL_ROUTE');
      fromValue = r?.kind === 'found' ? r.value : null;
    }
    timeout = wantedTimeout === undefined ? recognition.timeout : wantedTimeout;
    if (!o.nftPathGiven) nftPath = recognition.nftPath;
  } else {
    timeout = wantedTimeout ?? null;
  }
  const from = fromValue === null ? null : recogniseKillRoute(fromValue);
  const fromForm = from?.kind === 'recognised' ? from : null;

  const newValue = ownKillRoute(nftPath, timeout);
  const rewritten = rewriteKillRoutes(file, site, newValue, ownKillRoute6(nftPath, timeout), isOwnKillRoute6);
  const newContent = rewritten.content;
  const configChanged = newContent !== content;
  const ruleset = renderRuleset({
    blockTimeout: timeout,
    log: fromForm?.log ?? null,
    inputInterface: fromForm?.inputInterface ?? null,
    replaces: fromForm === null ? null : fromValue,
  });
  const rulesetChanged = ruleset !== existingRuleset;

  // nft must accept the ruleset before anything changes.
  await nftOrThrow(o.nft, ['-c', '-f', '-'], ruleset).catch((err) => nftFailure(err, `${o.rulesetPath} (not written)`));
  const loaded = await tableExists(o.nft).catch((err) => nftFailure(err, 'reading the loaded nftables tables'));
  const live: SetElement[] = loaded ? await listBlocked(o.nft).catch((err) => nftFailure(err, 'reading the set')) : [];

  let toImport: { address: string; set: SetElement['set'] }[] = [];
  let imported: MigrateReport['imported'] = null;
  if (o.importHistory) {
    const sources = sourcesFrom(file);
    if (sources.historyFile === null && sources.blockedFiles.length === 0) {
      fail(`${o.configPath}: --import-history needs HISTORY_FILE or BLOCKED_FILE, found neither`);
    }
    const h = historyHosts(sources);
    // After a reload the kept elements are back, so "already blocked" means in the set now.
    const present = new Set(live.map((e) => canonicalAddress(e.address)));
    toImport = h.hosts.filter((x) => !present.has(x.address));
    imported = { added: toImport.length, alreadyBlocked: h.hosts.length - toImport.length, files: h.files };
  }

  const table: MigrateReport['table'] = !loaded ? 'loaded' : rulesetChanged ? 'reloaded' : 'unchanged';
  const report: MigrateReport = {
    dryRun: o.dryRun,
    configPath: o.configPath,
    line: site.line,
    oldValue: site.value,
    newValue,
    killRoute6: rewritten.killRoute6,
    from:
      fromForm === null
        ? null
        : { value: fromValue!, form: fromForm.form, description: fromForm.description, notes: fromForm.notes },
    alreadyMigrated: recognition.kind === 'migrated',
    configChanged,
    backupPath: null,
    diff: unifiedDiff(content, newContent, o.configPath, o.configPath),
    otherLines: otherKillRouteLines(content, site.line),
    rulesetPath: o.rulesetPath,
    ruleset,
    rulesetChanged,
    blockTimeout: timeout,
    log: fromForm?.log ?? null,
    table,
    keptElements: table === 'reloaded' ? live.length : 0,
    imported,
    stateFile: o.stateFile,
    stateSaved: null,
  };
  if (o.dryRun) return report;

  // Every place migrate writes must take a file before the first change.
  if (configChanged) {
    probeWritable(dirname(o.configPath), false);
    try {
      accessSync(o.configPath, constants.W_OK);
    } catch (err) {
      fail(`${describeFsError(o.configPath, err)}: migrate must rewrite it; nothing was changed`);
    }
  }
  if (rulesetChanged) probeWritable(dirname(o.rulesetPath), true);
  const elementsChange = table !== 'unchanged' || toImport.length > 0;
  if (elementsChange) probeWritable(dirname(o.stateFile), true);

  if (table !== 'unchanged') {
    await nftOrThrow(o.nft, ['-f', '-'], ruleset).catch((err) => nftFailure(err, `loading ${o.rulesetPath}`));
    if (live.length > 0)
      await addElements(o.nft, live).catch((err) =>
        nftFailure(err, 'putting the blocked hosts back into the reloaded set'),
      );
  }
  if (toImport.length > 0) await addElements(o.nft, toImport).catch((err) => nftFailure(err, 'importing the history'));

  try {
    if (rulesetChanged) replaceFile(o.rulesetPath, ruleset, 'utf8', 0o644);
  } catch (err) {
    fail(
      `${describeFsError(o.rulesetPath, err)}; the table is loaded but the file is not written, and ${o.configPath} is unchanged`,
    );
  }
  if (elementsChange) {
    const now = await listBlocked(o.nft).catch((err) => nftFailure(err, 'reading the set to save it'));
    try {
      replaceFile(o.stateFile, stateFileText(now, o.now ?? new Date()), 'utf8', 0o600);
      report.stateSaved = now.length;
    } catch (err) {
      fail(`${describeFsError(o.stateFile, err)}; ${o.configPath} is unchanged`);
    }
  }
  if (configChanged) {
    const backup = backupName(o.configPath);
    try {
      replaceFile(backup, content, 'latin1', statSync(o.configPath).mode & 0o7777);
      replaceFile(o.configPath, newContent);
    } catch (err) {
      fail(`${describeFsError(o.configPath, err)}: the config is unchanged`);
    }
    report.backupPath = backup;
  }
  return report;
};
