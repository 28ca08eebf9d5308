/** The table and sets every part of portsentry agrees on (ruleset, KILL_ROUTE, `blocked`, boot script). */
export const TABLE_FAMILY = 'inet';
export const TABLE_NAME = 'portsentry';
export const SET4 = 'blocked4';
export const SET6 = 'blocked6';
export const TABLE = `${TABLE_FAMILY} ${TABLE_NAME}`;

/** Where `blocked` and the boot script keep the set's elements between boots. */
export const DEFAULT_STATE_FILE = '/var/lib/portsentry/nft-elements';
