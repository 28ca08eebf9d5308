import { plural, pluralWord } from '../system/plural.js';
import { lookupToken, type ConfigFile } from '../config/config-file.js';

/** Where the value 1.2 reads for KILL_ROUTE sits in the file. */
interface KillRouteSite {
  value: string;
  line: number;
  /** byte offset of the value's first byte in the file */
  offset: number;
}

type KillRouteLookup = { ok: true; site: KillRouteSite } | { ok: false; why: string };

const STOPS: Record<string, string> = {
  'end-of-line': 'the line has no closing quote',
  tab: 'a tab inside the quotes cuts the value there',
  'carriage-return': 'a carriage return (DOS line end) inside the quotes cuts the value there',
  'other-byte': 'an unprintable byte inside the quotes cuts the value there',
  'end-of-piece': 'the file ends (or has a NUL byte) before the closing quote',
  length: 'the line is longer than the 1023 bytes 1.2 reads',
};

/**
 * The KILL_ROUTE line 1.2 uses (ConfigTokenRetrieve(): the first uncommented match). Migrate
 * replaces exactly the bytes between its quotes, so it refuses a value 1.2 cuts short.
 */
export const findKillRoute = (file: ConfigFile): KillRouteLookup => {
  const r = lookupToken(file, 'KILL_ROUTE');
  switch (r.kind) {
    case 'unreadable':
      return { ok: false, why: `${file.path}: cannot read the config file (${file.openError})` };
    case 'absent': {
      const others = otherKillRouteLines(file.content!, -1);
      const where =
        others.length === 0
          ? 'there is no KILL_ROUTE line at all'
          : `the ${plural(others.length, 'KILL_ROUTE line is', 'KILL_ROUTE lines are')} commented out (${pluralWord(others.length, 'line')} ${others.map((o) => o.line).join(', ')})`;
      return {
        ok: false,
        why: `${file.path}: expected an active KILL_ROUTE="..." line, found none: ${where}. 1.2 blocks no route with this config; migrate only rewrites an existing KILL_ROUTE. Uncomment the one you use and run migrate again.`,
      };
    }
    case 'no-quotes':
      return {
        ok: false,
        why: `${file.path}:${r.line}: expected KILL_ROUTE="...", found a KILL_ROUTE line without quotes (1.2 skips it)`,
      };
    case 'found': {
      const offset = lineOffset(file.content!, r.line) + r.column - 1;
      if (r.stoppedBy !== 'quote') {
        // fgets() hands 1.2 at most 1023 bytes at a time: a value cut there is a long line
        const next = file.content![offset + r.value.length];
        const stop = r.stoppedBy === 'end-of-piece' && next !== undefined && next !== '\0' ? 'length' : r.stoppedBy;
        return {
          ok: false,
          why: `${file.path}:${r.line}: expected KILL_ROUTE's value to end with a quote, found that ${STOPS[stop]} (column ${r.column + r.value.length}); fix the line first`,
        };
      }
      return { ok: true, site: { value: r.value, line: r.line, offset } };
    }
  }
};

const lineOffset = (content: string, line: number): number => {
  let offset = 0;
  for (let l = 1; l < line; l++) offset = content.indexOf('\n', offset) + 1;
  return offset;
};

/** The config with the KILL_ROUTE value replaced; every other byte as it was. */
export const replaceKillRoute = (content: string, site: KillRouteSite, value: string): string =>
  content.slice(0, site.offset) + value + content.slice(site.offset + site.value.length);

/** The KILL_ROUTE lines other than line `except` (commented alternatives, later duplicates). */
export const otherKillRouteLines = (content: string, except: number): { line: number; text: string }[] => {
  const out: { line: number; text: string }[] = [];
  content.split('\n').forEach((text, i) => {
    if (i + 1 !== except && text.includes('KILL_ROUTE') && /KILL_ROUTE\s*=/.test(text)) out.push({ line: i + 1, text });
  });
  return out;
};
