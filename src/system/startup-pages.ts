import { native } from './native.js';

/**
 * Gives back the resident pages of the Node executable that only the start-up used (the parser
 * and compilers that loaded the bundle, the start-up snapshot): about 20 MB of a daemon's RSS,
 * which would otherwise stay counted until the kernel reclaims them. They stay in the page cache,
 * so a page the daemon uses again comes back at once by a minor fault (native/portsentry_native.c,
 * releaseStartupPages). Called once, when the mode is running; a failure changes nothing.
 */
export const releaseStartupPages = (): void => {
  native().releaseStartupPages();
};
