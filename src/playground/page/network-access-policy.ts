// The manifest's networkAccess as the Content-Security-Policy Figma puts on the plugin's UI.
// Figma's docs: "If your plugin makes network requests ... Figma blocks the requests and throws
// content-security policy (CSP) errors" for domains not in allowedDomains (Making network
// requests; manifest networkAccess). Which directives Figma writes is not documented: this models
// connect-src, which covers fetch, the only way Backdrop's UI reaches the network.

export interface NetworkAccess {
  allowedDomains?: string[];
  devAllowedDomains?: string[];
}

/**
 * The policy for a plugin imported from a local manifest (devAllowedDomains apply then), or
 * undefined when nothing is restricted: with "*" in allowedDomains, devAllowedDomains add nothing.
 */
export function networkAccessPolicy(access: NetworkAccess | undefined): string | undefined {
  const allowed = access?.allowedDomains ?? [];
  if (!access || allowed.includes('*')) return undefined;
  const sources = [...allowed, ...(access.devAllowedDomains ?? [])].filter((domain) => domain !== 'none');
  return `connect-src ${sources.length > 0 ? sources.join(' ') : "'none'"}`;
}

/** Puts the policy first in the UI's head, where a meta policy must come before any script. */
export function withNetworkAccessPolicy(html: string, policy: string | undefined): string {
  if (!policy) return html;
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy.replace(/"/g, '&quot;')}">`;
  return /<head[^>]*>/i.test(html) ? html.replace(/<head([^>]*)>/i, (match) => `${match}${meta}`) : `${meta}${html}`;
}
