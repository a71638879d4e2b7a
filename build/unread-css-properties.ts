// Build time only: drops the CSS custom properties nothing reads. The UI kit's base.css defines
// a set of spacing, radius and shadow properties for all of its components; the panel renders
// few of them, so most are never read by a var() in the CSS nor named in the JS.

/** `css` without the declarations of custom properties that neither `css` nor `js` reads. */
export function dropUnreadCustomProperties(css: string, js: string): string {
  for (;;) {
    const defined = new Set([...css.matchAll(/(?<=[{;]\s*)(--[\w-]+)\s*:/g)].map((match) => match[1] as string));
    const unread = [...defined].filter((name) => !new RegExp(`var\\(\\s*${name}\\s*[,)]`).test(css) && !js.includes(name));
    if (unread.length === 0) return css;
    for (const name of unread) css = css.replace(new RegExp(`(?<=[{;]\\s*)${name}\\s*:[^;}]*;?`, 'g'), '');
    // A removed value may have been the only reader of another property: look again.
  }
}
