/**
 * The --html page in a real browser: Debian's chromium, headless, loads it from a file:// URL, takes a
 * screenshot (the charts are drawn: the bars' colour is on it) and dumps the DOM, whose figures (the
 * elements tagged data-json) must equal those of --json from the same history.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { titled, needsProgram } from '../../test-support/guards.js';
import { makeHistory, type HistoryFixture } from '../../test-support/history-fixture.js';
import { readPng } from '../../test-support/png-pixels.js';
import { printable } from './printable.js';
import type { ReportData } from './report-data.js';

const SKIP = needsProgram(['chromium', '--version']);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** chromium as the tests run it: no sandbox (root), no GPU, nothing fetched from the network on its own */
const chromium = (profile: string, args: string[]) => {
  const r = spawnSync(
    'chromium',
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      ...args,
    ],
    { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== 0) throw new Error(`chromium ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  return r.stdout;
};

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };
const unescape = (html: string): string => html.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => entities[e]!);

/** the value at a dotted path of the JSON ("sources.top.0.count") */
const at = (json: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], json);

let fx: HistoryFixture;
let profile: string;
beforeEach(() => {
  fx = makeHistory();
  profile = mkdtempSync(join(tmpdir(), 'ps-chromium-'));
});
afterEach(() => {
  rmSync(fx.dir, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
});

describe.skipIf(SKIP !== null)(titled('the --html page in headless Chromium', SKIP), () => {
  it('draws the charts and shows the same figures as --json', () => {
    const page = join(fx.dir, 'report.html');
    const r = spawnSync(join(root, 'bin/portsentry'), ['report', '--config', fx.config, '--json', '--html', page], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect([r.status, r.stderr]).toEqual([0, '']);
    const json = JSON.parse(r.stdout) as ReportData;
    const url = pathToFileURL(page).href;

    const shot = join(fx.dir, 'shot.png');
    chromium(profile, ['--window-size=1000,1600', `--screenshot=${shot}`, url]);
    const png = readPng(readFileSync(shot));
    expect([png.width, png.height]).toEqual([1000, 1600]);
    // the bars (#3b6ea5): the day columns, the port and protocol bars
    expect(png.count(0x3b, 0x6e, 0xa5)).toBeGreaterThan(20_000);

    const dom = chromium(profile, ['--dump-dom', url]);
    const figures = [...dom.matchAll(/<(\w+)[^>]*? data-json(-printable)?="([^"]+)"[^>]*>([^<]*)<\/\1>/g)];
    const checked = figures.map(([, , shown, path, text]) => {
      const value = String(at(json, path!));
      return [path!, unescape(text!), shown === undefined ? value : printable(value)] as const;
    });
    expect(checked.length).toBeGreaterThan(60);
    for (const [path, text, value] of checked) expect({ path, text }).toEqual({ path, text: value });
    // every source and port of --json is on the page
    const paths = new Set(checked.map((c) => c[0]));
    for (let i = 0; i < json.sources.top.length; i++) expect(paths.has(`sources.top.${i}.count`)).toBe(true);
    for (let i = 0; i < json.ports.top.length; i++) expect(paths.has(`ports.top.${i}.count`)).toBe(true);
    for (let i = 0; i < json.days.length; i++) expect(paths.has(`days.${i}.tcp`)).toBe(true);
  }, 240_000);
});
