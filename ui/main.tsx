// Entry of the plugin UI (bundled into dist/ui.html): wires the message channel to the main
// thread, creates the app state and renders the App once main has sent the stored settings.
import { render } from './components/render';
import { effect, untracked } from './state/signals';
import '!@create-figma-plugin/ui/css/base.css';
import './styles.css';
import type { RequestMessage } from '../src/protocol/message-types';
import { createUiChannel } from '../src/protocol/ui-channel';
import { App } from './components/app';
import { BUILT_IN_RELAY_URL } from './lib/built-in-relay';
import { createAppState } from './state/app-state';

// A result image is not used here once sent: hand its buffer over instead of copying it, as a
// copied buffer costs the receiving side tens of milliseconds per image to read back.
function transferablesOf(message: RequestMessage): Transferable[] {
  if (message.name !== 'placeImage') return [];
  const png = (message.payload as { png?: unknown }).png;
  const whole = png instanceof Uint8Array && png.buffer instanceof ArrayBuffer && png.byteOffset === 0 && png.byteLength === png.buffer.byteLength;
  return whole ? [png.buffer as ArrayBuffer] : [];
}

const channel = createUiChannel((message) => parent.postMessage({ pluginMessage: message }, '*', transferablesOf(message)));
window.addEventListener('message', (event: MessageEvent) => {
  const message = (event.data as { pluginMessage?: unknown } | null)?.pluginMessage;
  if (message !== undefined) channel.receive(message);
});

const app = createAppState({ channel, builtInRelayUrl: BUILT_IN_RELAY_URL });
// Ask main for the stored settings, jobs and selection first; nothing waits for the relay (models,
// credits and jobs' states fill in as they arrive).
void app.initAsync();

/**
 * The first render waits for main's answer (a few milliseconds), so the panel paints once, with the
 * stored settings and the selection, instead of painting the defaults and then repainting; a host
 * that holds messages until the frame has loaded also gets its answer in sooner. A main thread that
 * does not answer still gets a panel after this long.
 */
const FIRST_RENDER_WAIT_MS = 400;
let rendered = false;
function renderOnce(): void {
  if (rendered) return;
  rendered = true;
  render(<App app={app} />, document.getElementById('root') as HTMLElement);
}
const fallback = setTimeout(renderOnce, FIRST_RENDER_WAIT_MS);
effect(() => {
  if (!app.ready.value) return;
  clearTimeout(fallback);
  untracked(renderOnce);
  // Marks the panel as showing the stored settings and the selection (read by the open benchmark).
  document.documentElement.setAttribute('data-ready', '');
});
