// Reads the network addresses a bundle carries, for the tests that check which relay it can reach.

/** Every address with a host in `text`, sorted and unique; XML namespace names (www.w3.org) left out. */
export function addressesIn(text: string): string[] {
  return [...new Set(text.match(/https?:\/\/[a-z0-9.-]+(?::\d+)?/gi) ?? [])].filter((url) => !/^http:\/\/www\.w3\.org$/i.test(url)).sort();
}
