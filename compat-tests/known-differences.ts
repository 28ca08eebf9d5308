/**
 * Differences between PortSentry 1.2 (Debian 1.2-14) and ours that are accepted, each with the
 * reason. Every other difference is a bug (the uutils/coreutils rule).
 *
 * A scenario passes when each of its differences is covered by an entry here: the entry's
 * `scenario` matches the scenario name, its `field` matches the difference's field, and its
 * `text` (when given) matches the difference's text (ref lines "- ", ours "+ ", JSON-quoted).
 */
export interface KnownDifference {
  id: string;
  scenario: RegExp;
  field: RegExp;
  text?: RegExp;
  /** what differs, in one sentence */
  what: string;
  /** why it is accepted */
  reason: string;
}

export const knownDifferences: KnownDifference[] = [
  {
    id: 'command-descriptors',
    scenario: /^responses\/command-descriptors$/,
    field: /^files\.\/var\/lib\/portsentry\/out\.content$/,
    text: /^ {2}"251\\n"\n- "3\\n"$/,
    what:
      'a KILL_ROUTE/KILL_RUN_CMD command started by 1.2 inherits the daemon\'s listening sockets ' +
      '(on descriptors 0-3 here, since the daemon closed 0-2 first); ours gets /dev/null on 0-2 and nothing else',
    reason:
      '1.2 passes every socket it holds to system(): a command that outlives the daemon keeps the watched ports ' +
      'bound, and a command writing to its stdout writes into a listening socket and fails. Node opens its ' +
      'descriptors close-on-exec; giving the command /dev/null is what a daemon should do.',
  },
];
