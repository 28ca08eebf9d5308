import { isIPv4, isIPv6 } from 'node:net';
import { canonicalAddress } from './address.js';
import { SET4, SET6, TABLE, TABLE_FAMILY, TABLE_NAME } from './nft.js';
import { nftOrThrow, type NftCommand } from '../system/run-nft.js';

/** One address in portsentry's sets, as the kernel holds it. */
export interface SetElement {
  address: string;
  set: typeof SET4 | typeof SET6;
  /** the element's own timeout in seconds, when the set or the element has one */
  timeoutSeconds?: number;
  /** seconds left before the kernel removes it */
  expiresSeconds?: number;
}

export const setFor = (address: string): typeof SET4 | typeof SET6 | null =>
  isIPv4(address) ? SET4 : isIPv6(address) ? SET6 : null;

/** The form addresses compare in (RFC 5952 for IPv6): see address.ts. */
export { canonicalAddress };

/** True when `table inet portsentry` exists in the current network namespace. */
export const tableExists = async (nft: NftCommand): Promise<boolean> => {
  const out = await nftOrThrow(nft, ['-j', 'list', 'tables', TABLE_FAMILY]);
  const items = parseNftJson(out, 'nft -j list tables');
  return items.some((item) => {
    const t = (item as { table?: { family?: string; name?: string } }).table;
    return t?.family === TABLE_FAMILY && t.name === TABLE_NAME;
  });
};

const parseNftJson = (text: string, what: string): unknown[] => {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error(`${what}: expected JSON, found ${JSON.stringify(text.slice(0, 80))}`);
  }
  const list = (doc as { nftables?: unknown }).nftables;
  if (!Array.isArray(list)) throw new Error(`${what}: expected an "nftables" array in its JSON output`);
  return list;
};

interface JsonElem {
  elem?: { val?: unknown; timeout?: unknown; expires?: unknown };
}

/** The elements of one set, read with `nft -j list set`. */
const listSet = async (nft: NftCommand, set: typeof SET4 | typeof SET6): Promise<SetElement[]> => {
  const out = await nftOrThrow(nft, ['-j', 'list', 'set', TABLE_FAMILY, TABLE_NAME, set]);
  const items = parseNftJson(out, `nft -j list set ${TABLE} ${set}`);
  const elements: SetElement[] = [];
  for (const item of items) {
    const s = (item as { set?: { name?: string; elem?: unknown[] } }).set;
    if (s?.name !== set || !Array.isArray(s.elem)) continue;
    for (const raw of s.elem) {
      // An element without timeout is a bare string; one with a timeout is {"elem": {...}}.
      if (typeof raw === 'string') {
        elements.push({ address: raw, set });
        continue;
      }
      const e = (raw as JsonElem).elem;
      if (e === undefined || typeof e.val !== 'string') continue;
      const el: SetElement = { address: e.val, set };
      if (typeof e.timeout === 'number') el.timeoutSeconds = e.timeout;
      if (typeof e.expires === 'number') el.expiresSeconds = e.expires;
      elements.push(el);
    }
  }
  return elements;
};

/** Both sets' elements, IPv4 first. */
export const listBlocked = async (nft: NftCommand): Promise<SetElement[]> => [
  ...(await listSet(nft, SET4)),
  ...(await listSet(nft, SET6)),
];

/** nft's text for one element, as `add element` takes it back. */
const elementText = (el: Pick<SetElement, 'address' | 'timeoutSeconds' | 'expiresSeconds'>): string => {
  let text = el.address;
  if (el.timeoutSeconds !== undefined) text += ` timeout ${el.timeoutSeconds}s`;
  // nft refuses "expires 0s"; an element that close to its end is given one more second.
  if (el.expiresSeconds !== undefined) text += ` expires ${Math.max(1, el.expiresSeconds)}s`;
  return text;
};

/** An nft script that adds `elements` back, one `add element` line per set. */
export const addElementsScript = (
  elements: readonly Pick<SetElement, 'address' | 'set' | 'timeoutSeconds' | 'expiresSeconds'>[],
): string => {
  let script = '';
  for (const set of [SET4, SET6] as const) {
    const mine = elements.filter((e) => e.set === set);
    if (mine.length === 0) continue;
    script += `add element ${TABLE} ${set} { ${mine.map(elementText).join(', ')} }\n`;
  }
  return script;
};

export const addElements = async (
  nft: NftCommand,
  elements: Parameters<typeof addElementsScript>[0],
): Promise<void> => {
  const script = addElementsScript(elements);
  if (script !== '') await nftOrThrow(nft, ['-f', '-'], script);
};

/**
 * Removes one address from the sets, as nft printed each element of the same host (an
 * IPv4-mapped element of blocked6 is its IPv4 host too); false when it was in neither.
 */
export const deleteElement = async (nft: NftCommand, address: string): Promise<boolean> => {
  if (setFor(address) === null) throw new Error(`expected an IPv4 or IPv6 address, found ${JSON.stringify(address)}`);
  const wanted = canonicalAddress(address);
  let found = false;
  for (const set of [SET4, SET6] as const) {
    for (const e of await listSet(nft, set)) {
      if (canonicalAddress(e.address) !== wanted) continue;
      await nftOrThrow(nft, ['delete', 'element', TABLE_FAMILY, TABLE_NAME, set, `{ ${e.address} }`]);
      found = true;
    }
  }
  return found;
};

export const flushSets = async (nft: NftCommand): Promise<void> => {
  await nftOrThrow(nft, ['-f', '-'], `flush set ${TABLE} ${SET4}\nflush set ${TABLE} ${SET6}\n`);
};
