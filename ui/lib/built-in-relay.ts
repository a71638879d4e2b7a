// The relay a team build bakes in (esbuild `define` of BACKDROP_BUILT_IN_RELAY_URL, see
// esbuild.config.mjs --team). The default build defines it as undefined: the URL is typed in
// Settings. Under tests nothing defines it, and `typeof` reads undefined too.
import { DEFAULT_RELAY_URL } from '../../src/protocol/relay-defaults';

declare const BACKDROP_BUILT_IN_RELAY_URL: string | undefined;

/** The team build's relay, or undefined in the default build. */
export const BUILT_IN_RELAY_URL: string | undefined =
  typeof BACKDROP_BUILT_IN_RELAY_URL === 'string' ? BACKDROP_BUILT_IN_RELAY_URL : undefined;

/**
 * The address the UI starts with. Written on the define itself, so a team build folds it to its
 * relay and carries no other address (the bundle test greps for that).
 */
export const INITIAL_RELAY_URL: string = typeof BACKDROP_BUILT_IN_RELAY_URL === 'string' ? BACKDROP_BUILT_IN_RELAY_URL : DEFAULT_RELAY_URL;
