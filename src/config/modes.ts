/** The six detection modes, as the legacy flags name them without their dash. */
export const MODES = ['tcp', 'udp', 'stcp', 'sudp', 'atcp', 'audp'] as const;
export type Mode = (typeof MODES)[number];
export const isMode = (s: string): s is Mode => (MODES as readonly string[]).includes(s);
