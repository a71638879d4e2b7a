// The plugin panel as Figma builds it: the UI html in an iframe with sandbox="allow-scripts"
// (so its origin is null), Figma's theme variables and class injected, and the message bridge
// (main -> UI as { pluginMessage }, UI -> main from event.data.pluginMessage), queueing what
// main posts before the UI has loaded.

export interface PluginFrameOptions {
  html: string;
  width: number;
  height: number;
  themeCss: string;
  /** Figma's theme class on the UI's <html>: figma-light or figma-dark. */
  theme?: FigmaTheme;
  /** Called with every pluginMessage the UI posts to its parent. */
  onUiMessage: (message: unknown) => void;
}

export interface PluginFrame {
  iframe: HTMLIFrameElement;
  postToUi(message: unknown): void;
  resize(width: number, height: number): void;
  remove(): void;
}

export type FigmaTheme = 'light' | 'dark';

/**
 * Adds Figma's `<style>` of colour tokens and the theme class to the UI's html. Figma's "CSS
 * Variables and Theming" page: with themeColors, "a figma-light or figma-dark class will be added
 * to the <html> element" and "a <style id="figma-style"> element" holds the variables.
 */
export function injectFigmaTheme(html: string, themeCss: string, theme: FigmaTheme = 'light'): string {
  const themeClass = `figma-${theme}`;
  const style = `<style id="figma-style">${themeCss}</style>`;
  let out = /<html([^>]*)>/i.test(html)
    ? html.replace(/<html([^>]*)>/i, (_match, attrs: string) =>
        /class="/i.test(attrs) ? `<html${attrs.replace(/class="/i, `class="${themeClass} `)}>` : `<html${attrs} class="${themeClass}">`,
      )
    : `<html class="${themeClass}">${html}</html>`;
  out = /<head[^>]*>/i.test(out) ? out.replace(/<head([^>]*)>/i, (match) => `${match}${style}`) : out.replace(/<html([^>]*)>/i, (match) => `${match}<head>${style}</head>`);
  return out;
}

export function createPluginFrame(host: HTMLElement, options: PluginFrameOptions): PluginFrame {
  const iframe = document.createElement('iframe');
  iframe.setAttribute('sandbox', 'allow-scripts');
  iframe.setAttribute('title', 'Backdrop plugin');
  iframe.style.width = `${options.width}px`;
  iframe.style.height = `${options.height}px`;
  let loaded = false;
  const queued: unknown[] = [];
  const listener = (event: MessageEvent) => {
    if (event.source !== iframe.contentWindow) return;
    const data = event.data as { pluginMessage?: unknown } | null;
    if (data && typeof data === 'object' && 'pluginMessage' in data) options.onUiMessage(data.pluginMessage);
  };
  window.addEventListener('message', listener);
  iframe.addEventListener('load', () => {
    loaded = true;
    for (const message of queued.splice(0)) iframe.contentWindow?.postMessage({ pluginMessage: message }, '*');
  });
  iframe.srcdoc = injectFigmaTheme(options.html, options.themeCss, options.theme);
  host.replaceChildren(iframe);
  return {
    iframe,
    postToUi(message) {
      if (!loaded) queued.push(message);
      else iframe.contentWindow?.postMessage({ pluginMessage: message }, '*');
    },
    resize(width, height) {
      iframe.style.width = `${width}px`;
      iframe.style.height = `${height}px`;
    },
    remove() {
      window.removeEventListener('message', listener);
      iframe.remove();
    },
  };
}
