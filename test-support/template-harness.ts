/**
 * Helpers for the tests that run rendered scripts: a private folder per test, stub programs that
 * record how they were called, and links to the few real programs a script needs.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTemplatesDir } from '../src/render/catalog.js';
import { renderTemplate } from '../src/render/render.js';

export const TEMPLATES = findTemplatesDir();

/** NAME=VALUE settings, a later one replacing an earlier one of the same name (render refuses repeats). */
export const mergeSets = (...lists: string[][]): string[] => {
  const byName = new Map<string, string>();
  for (const s of lists.flat()) byName.set(s.slice(0, s.indexOf('=')), s);
  return [...byName.values()];
};

/** A render with the templates' defaults and `sets` only: no config file is read. */
export const renderDefaults = (name: string, sets: string[] = []): string =>
  renderTemplate({ name, sets, templatesDir: TEMPLATES, defaultConfigPath: '/nonexistent/portsentry.conf' }).text;

const CAT = ['/usr/bin/cat', '/bin/cat'].find((p) => existsSync(p)) ?? '/bin/cat';

export interface Sandbox {
  root: string;
  /** the only folder on the scripts' PATH */
  bin: string;
  /** where stubs record their calls */
  calls: string;
  cleanup: () => void;
}

export const makeSandbox = (): Sandbox => {
  const root = mkdtempSync(join(tmpdir(), 'portsentry-render-'));
  const bin = join(root, 'bin');
  const calls = join(root, 'calls');
  for (const d of [bin, calls]) spawnSync('mkdir', ['-p', d]);
  return { root, bin, calls, cleanup: () => rmSync(root, { recursive: true, force: true }) };
};

/** Links real programs into the sandbox's bin (from /usr/bin or /bin). */
export const linkReal = (box: Sandbox, names: string[]): void => {
  for (const name of names) {
    const real = ['/usr/bin', '/bin', '/usr/sbin', '/sbin'].map((d) => join(d, name)).find((p) => existsSync(p));
    if (!real) throw new Error(`test setup: ${name} not found`);
    symlinkSync(real, join(box.bin, name));
  }
};

/**
 * A stub program: appends its arguments (one per line, then a line "--") to calls/NAME.args, copies
 * its standard input to calls/NAME.stdin when asked, and prints the line `output` (default "NAME
 * output"; nothing when empty) or runs `script` instead.
 */
export const stub = (
  box: Sandbox,
  name: string,
  options: { stdin?: boolean; output?: string; script?: string } = {},
): void => {
  const path = join(box.bin, name);
  const log = join(box.calls, name);
  const lines = [
    '#!/bin/sh',
    `printf '%s\\n' "$@" -- >>'${log}.args'`,
    options.stdin ? `${CAT} >>'${log}.stdin'` : '',
    options.script ?? (options.output === '' ? '' : `printf '%s\\n' '${options.output ?? `${name} output`}'`),
  ];
  writeFileSync(path, `${lines.filter((l) => l !== '').join('\n')}\n`);
  chmodSync(path, 0o755);
};

/** The calls a stub recorded: one array of arguments per call ([] when it was never run). */
export const callsOf = (box: Sandbox, name: string): string[][] => {
  const file = join(box.calls, `${name}.args`);
  if (!existsSync(file)) return [];
  const out: string[][] = [];
  let current: string[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n').slice(0, -1)) {
    if (line === '--') {
      out.push(current);
      current = [];
    } else current.push(line);
  }
  return out;
};

export const stdinOf = (box: Sandbox, name: string): string => readFileSync(join(box.calls, `${name}.stdin`), 'utf8');

/** Every stub that ran, by name. */
export const stubsRun = (box: Sandbox): string[] =>
  readdirSync(box.calls)
    .filter((f) => f.endsWith('.args'))
    .map((f) => f.slice(0, -'.args'.length))
    .sort();

/** Writes a rendered script into the sandbox and returns its path. */
export const writeScript = (box: Sandbox, name: string, text: string): string => {
  const path = join(box.root, name);
  writeFileSync(path, text);
  chmodSync(path, 0o755);
  return path;
};

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a script with an empty environment but for PATH (the script sets its own PATH anyway). */
export const runScript = (path: string, args: string[], box: Sandbox, timeoutMs = 20_000): Run => {
  const r = spawnSync(path, args, { env: { PATH: box.bin }, cwd: box.root, encoding: 'utf8', timeout: timeoutMs });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** shellcheck's findings on a text (empty when clean), and its exit status. */
export const shellcheck = (text: string): { status: number | null; output: string } => {
  const r = spawnSync('shellcheck', ['--shell=sh', '--format=gcc', '-'], { input: text, encoding: 'utf8' });
  return { status: r.status, output: r.stdout + r.stderr };
};
