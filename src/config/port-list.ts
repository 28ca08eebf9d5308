import { atoi, strtokCommas } from './c-compat.js';

/** 1.2 keeps at most this many ports from a list (MAXSOCKS). */
export const MAX_PORTS = 64;

interface PortList {
  /** each port as 1.2's atoi reads it, at most 64 */
  ports: number[];
  /** every piece strtok returned, including those past the 64th */
  pieces: string[];
}

/**
 * The port-list loops of PortSentryModeTCP() and friends: strtok on commas, atoi each piece,
 * keep the first 64. An empty list is what 1.2 reports as "No ... ports supplied".
 */
export const parsePortList = (value: string): PortList => {
  const pieces = strtokCommas(value);
  return { pieces, ports: pieces.slice(0, MAX_PORTS).map(atoi) };
};

/** The port 1.2 really binds for a configured number: htons() keeps the low 16 bits. */
export const boundPortNumber = (configured: number): number => configured & 0xffff;
