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

/** What migrate does with KILL_ROUTE6, the route command for IPv6 hosts (an extension key). */
export interface KillRoute6Edit {
  /** added after KILL_ROUTE; updated (an earlier migration's, another nft path or timeout); unchanged; kept (the admin's own) */
  action: 'added' | 'updated' | 'unchanged' | 'kept';
  /** its line in the new config */
  line: number;
  oldValue: string | null;
  value: string;
}

/**
 * The config with KILL_ROUTE replaced by `value` and KILL_ROUTE6 set to `value6`: a new line right
 * after KILL_ROUTE's when there is none, the value replaced when an earlier migration wrote it
 * (`isOwn`), and any other KILL_ROUTE6 (the admin's own command, a line cut short or without
 * quotes) left as it is. 1.2 never reads KILL_ROUTE6 (the byte after "KILL_ROUTE" is '6').
 */
export const rewriteKillRoutes = (
  file: ConfigFile,
  site: KillRouteSite,
  value: string,
  value6: string,
  isOwn: (v: string) => boolean,
): { content: string; killRoute6: KillRoute6Edit } => {
  const content = file.content!;
  const r6 = lookupToken(file, 'KILL_ROUTE6');
  if (r6.kind === 'absent') {
    // after the KILL_ROUTE line (a last line without newline gets one first)
    const nl = content.indexOf('\n', site.offset);
    const at = nl === -1 ? content.length : nl + 1;
    const added = `${nl === -1 ? '\n' : ''}KILL_ROUTE6="${value6}"\n`;
    const withLine = content.slice(0, at) + added + content.slice(at);
    return {
      content: replaceKillRoute(withLine, site, value),
      killRoute6: { action: 'added', line: site.line + 1, oldValue: null, value: value6 },
    };
  }
  if (r6.kind !== 'found' || r6.stoppedBy !== 'quote' || !isOwn(r6.value)) {
    const line = r6.kind === 'found' || r6.kind === 'no-quotes' ? r6.line : 0;
    const old = r6.kind === 'found' ? r6.value : null;
    return {
      content: replaceKillRoute(content, site, value),
      killRoute6: { action: 'kept', line, oldValue: old, value: old ?? '' },
    };
  }
  const site6: KillRouteSite = {
    value: r6.value,
    line: r6.line,
    offset: lineOffset(content, r6.line) + r6.column - 1,
  };
  const action = r6.value === value6 ? 'unchanged' : 'updated';
  // the later edit first, so that the earlier offset still holds
  const [first, second] =
    site6.offset > site.offset
      ? ([
          [site6, value6],
          [site, value],
        ] as const)
      : ([
          [site, value],
          [site6, value6],
        ] as const);
  const text = replaceKillRoute(replaceKillRoute(content, first[0], first[1]), second[0], second[1]);
  return { content: text, killRoute6: { action, line: r6.line, oldValue: r6.value, value: value6 } };
};
