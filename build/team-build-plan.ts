// What a team build writes: its folder under dist/teams/, and a manifest that allows exactly the
// team's relay. The relay address follows the same rule as Settings (src/protocol/relay-url-rule.ts).
import { PICPIK_RESULT_LIFETIME_HOURS } from '../src/contract/result-lifetime';
import { checkRelayUrl } from '../src/protocol/relay-url-rule';

export interface TeamBuildOptions {
  relayUrl: string;
  /** The plugin's name in Figma's menus (default: the base manifest's). */
  name?: string;
  /** The ID Figma assigned when the plugin was created for the organization (default: the base manifest's). */
  id?: string;
}

export interface TeamBuildPlan {
  /** The relay built into the UI, normalised (no trailing slash). */
  relayUrl: string;
  /** Folder relative to the project, e.g. dist/teams/relay.example.com. */
  outdir: string;
  manifest: Record<string, unknown>;
}

/** Reads `--team <url> [--name <name>] [--id <id>]`; undefined when there is no --team. */
export function parseTeamBuildArgs(argv: readonly string[]): TeamBuildOptions | undefined {
  const value = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    if (at < 0) return undefined;
    const next = argv[at + 1];
    if (next === undefined || next.startsWith('--') || next.trim() === '') throw new Error(`${flag} needs a value`);
    return next;
  };
  const relayUrl = value('--team');
  const name = value('--name');
  const id = value('--id');
  if (relayUrl === undefined) {
    if (name !== undefined || id !== undefined) throw new Error('--name and --id apply to a team build: add --team https://your-relay');
    return undefined;
  }
  return { relayUrl, name, id };
}

export function planTeamBuild(options: TeamBuildOptions, baseManifest: Record<string, unknown>): TeamBuildPlan {
  const checked = checkRelayUrl(options.relayUrl);
  if (!checked.ok) throw new Error(`--team ${options.relayUrl}: ${checked.message} (${checked.detail})`);
  const name = options.name?.trim() || String(baseManifest.name);
  const id = options.id?.trim() || String(baseManifest.id);
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(id)) throw new Error(`--id ${id}: use the ID Figma assigned (letters, digits, - and _)`);
  const manifest: Record<string, unknown> = {
    ...baseManifest,
    name,
    id,
    main: 'code.js',
    ui: 'ui.html',
    // Exactly the relay's origin: no "*", and no devAllowedDomains (which would widen it).
    networkAccess: {
      allowedDomains: [checked.origin],
      reasoning: `${name} talks only to your organization's Backdrop relay at ${checked.origin}. It sends that relay the pixels of the layers you generate from, your prompts and reference images; the relay signs the requests for PICPIK's GenerateBackgrounds API, forwards them, and returns the generated images. PICPIK keeps results for ${PICPIK_RESULT_LIFETIME_HOURS} hours.`,
    },
  };
  return { relayUrl: checked.url, outdir: `dist/teams/${checked.host.replace(/[^a-z0-9.-]/gi, '-')}`, manifest };
}
