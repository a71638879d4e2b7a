// Placeholder UI: shows the selected layer's name (the real UI replaces this).
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import '!@create-figma-plugin/ui/css/base.css';
import { Text } from '@create-figma-plugin/ui';

function App() {
  const [name, setName] = useState('Nothing selected');
  useEffect(() => {
    const listener = (event: MessageEvent) => {
      const message = event.data?.pluginMessage;
      if (message?.type === 'selection') setName(message.name ?? 'Nothing selected');
    };
    window.addEventListener('message', listener);
    return () => window.removeEventListener('message', listener);
  }, []);
  return <Text>{name}</Text>;
}

render(<App />, document.getElementById('root')!);
