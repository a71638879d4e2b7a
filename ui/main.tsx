// Entry of the plugin UI (bundled into dist/ui.html): wires the message channel to the main
// thread, creates the app state and renders the App.
import { render } from 'preact';
import '!@create-figma-plugin/ui/css/base.css';
import './styles.css';
import { createUiChannel } from '../src/protocol/ui-channel';
import { App } from './components/app';
import { createAppState } from './state/app-state';

const channel = createUiChannel((message) => parent.postMessage({ pluginMessage: message }, '*'));
window.addEventListener('message', (event: MessageEvent) => {
  const message = (event.data as { pluginMessage?: unknown } | null)?.pluginMessage;
  if (message !== undefined) channel.receive(message);
});

const app = createAppState({ channel });
render(<App app={app} />, document.getElementById('root') as HTMLElement);
void app.initAsync();
