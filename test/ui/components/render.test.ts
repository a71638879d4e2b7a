// @vitest-environment happy-dom
// The panel's renderer (ui/components/render.ts) keeps preact's rules where the components rely on
// them: what keeps a child's element and state, how props reach the DOM, and when renders happen.
import { afterEach, describe, expect, it } from 'vitest';
import { Fragment, flushRendering, h, render } from '../../../ui/components/render';
import { useEffect, useState } from '../../../ui/components/hooks';
import { signal } from '../../../ui/state/signals';

let root: HTMLElement;
afterEach(() => {
  render(null, root);
  root.remove();
});

function mountRoot(): HTMLElement {
  root = document.body.appendChild(document.createElement('div'));
  return root;
}

describe('children', () => {
  it('keep their elements and component state by place when a null before them turns into a sibling of the same kind', () => {
    const container = mountRoot();
    const counts: ((next: number) => void)[] = [];
    const Counter = (props: { name: string }) => {
      const [count, setCount] = useState(0);
      counts.push(setCount);
      return h('p', null, `${props.name} ${count}`);
    };
    const view = (error: boolean) => h('div', null, error ? h(Counter, { name: 'new' }) : null, h(Counter, { name: 'a' }), h('input', { id: 'field' }));
    render(view(false), container);
    const input = container.querySelector('#field');
    counts[0]?.(3);
    flushRendering();
    expect(container.textContent).toBe('a 3');
    render(view(true), container);
    expect(container.textContent).toBe('new 0a 3');
    expect(container.querySelector('#field')).toBe(input);
    expect([...(container.firstChild as Element).children].map((node) => node.tagName)).toEqual(['P', 'P', 'INPUT']);
  });

  it('move with their keys, keeping their nodes, and a removed key unmounts only its own', () => {
    const container = mountRoot();
    const list = (keys: string[]) => h('ul', null, keys.map((key) => h('li', { key }, key)));
    render(list(['a', 'b', 'c']), container);
    const [a, b, c] = [...container.querySelectorAll('li')];
    render(list(['c', 'a']), container);
    const after = [...container.querySelectorAll('li')];
    expect(after.map((node) => node.textContent)).toEqual(['c', 'a']);
    expect(after[0]).toBe(c);
    expect(after[1]).toBe(a);
    expect(b?.isConnected).toBe(false);
  });

  it('find a keyed child by its key even when it moves into a place that held null', () => {
    const container = mountRoot();
    const view = (first: boolean) => h('div', null, [first ? h('p', { key: 'a' }, 'a') : null, h('button', { key: 'b', id: 'b' }, 'b')]);
    render(h('div', null, [null, h('button', { key: 'b', id: 'b' }, 'b')]), container);
    const button = container.querySelector('#b') as HTMLButtonElement;
    button.focus();
    render(h('div', null, [h('button', { key: 'b', id: 'b' }, 'b')]), container);
    expect(container.querySelector('#b')).toBe(button);
    expect(document.activeElement).toBe(button);
    render(view(true), container);
    expect(container.querySelector('#b')).toBe(button);
    expect(container.textContent).toBe('ab');
  });

  it('leave a focused field in place while a sibling is added before it', () => {
    const container = mountRoot();
    const view = (notes: string[]) => h(Fragment, null, notes.map((note) => h('p', { key: note }, note)), h('input', { id: 'typed' }));
    render(view([]), container);
    const input = container.querySelector('#typed') as HTMLInputElement;
    input.focus();
    render(view(['saved']), container);
    expect(document.activeElement).toBe(input);
    expect(container.textContent).toBe('saved');
    expect(container.lastChild).toBe(input);
  });

  it('put a component that rendered nothing back in its place when a signal makes it render', async () => {
    const container = mountRoot();
    const shown = signal(false);
    const Maybe = () => (shown.value ? h('b', null, 'middle') : null);
    render(h('div', null, h('i', null, 'first'), h(Maybe, null), h('i', null, 'last')), container);
    shown.value = true;
    await Promise.resolve();
    expect(container.firstElementChild?.innerHTML).toBe('<i>first</i><b>middle</b><i>last</i>');
  });

  it('render text, numbers and nested lists, and nothing for null, false and true', () => {
    const container = mountRoot();
    render(h('p', null, 'n=', 3, null, false, true, [['x'], 'y']), container);
    expect(container.innerHTML).toBe('<p>n=3xy</p>');
  });
});

describe('props', () => {
  it('set DOM properties where the element has them and attributes otherwise; false removes an attribute except aria-*', () => {
    const container = mountRoot();
    const view = (on: boolean) => h('button', { id: 'b', disabled: on, 'aria-expanded': on, 'data-value': on ? 'x' : undefined, role: 'switch', class: on ? 'on' : 'off' }, 'go');
    render(view(true), container);
    const button = container.querySelector('button') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(button.getAttribute('data-value')).toBe('x');
    expect(button.getAttribute('class')).toBe('on');
    render(view(false), container);
    expect(button.disabled).toBe(false);
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(button.hasAttribute('data-value')).toBe(false);
    expect(button.getAttribute('role')).toBe('switch');
    expect(button.getAttribute('class')).toBe('off');
  });

  it('put back a controlled value the designer changed, even when the props did not change', () => {
    const container = mountRoot();
    render(h('input', { value: 'kept' }), container);
    const input = container.querySelector('input') as HTMLInputElement;
    input.value = 'typed';
    render(h('input', { value: 'kept' }), container);
    expect(input.value).toBe('kept');
  });

  it('make svg elements in the SVG namespace', () => {
    const container = mountRoot();
    render(h('svg', { viewBox: '0 0 8 8', width: '8' }, h('path', { d: 'M1 2' })), container);
    const path = container.querySelector('path') as Element;
    expect(path.namespaceURI).toBe('http://www.w3.org/2000/svg');
    expect(container.querySelector('svg')?.getAttribute('viewBox')).toBe('0 0 8 8');
  });

  it('call the handler of the last render, and stop calling one that was removed', () => {
    const container = mountRoot();
    const calls: string[] = [];
    render(h('button', { onClick: () => calls.push('first') }), container);
    const button = container.querySelector('button') as HTMLButtonElement;
    button.click();
    render(h('button', { onClick: () => calls.push('second') }), container);
    button.click();
    render(h('button', {}), container);
    button.click();
    expect(calls).toEqual(['first', 'second']);
  });

  it('update style objects key by key, and set and clear refs', () => {
    const container = mountRoot();
    const ref: { current: unknown } = { current: null };
    render(h('div', { ref, style: { aspectRatio: '2 / 1', background: 'red' } }), container);
    const div = container.firstChild as HTMLElement;
    expect(ref.current).toBe(div);
    render(h('div', { ref, style: { aspectRatio: '1 / 1' } }), container);
    expect(div.style.aspectRatio).toBe('1 / 1');
    expect(div.style.background).toBe('');
    render(null, container);
    expect(ref.current).toBe(null);
  });
});

describe('renders and effects', () => {
  it('render the other components asked for when one of them throws, and rethrow its error', async () => {
    const container = mountRoot();
    const count = signal(0);
    const Fails = () => {
      if (count.value === 1) throw new Error('render failed');
      return h('i', null, 'fine');
    };
    const Shows = () => h('b', null, String(count.value));
    render(h('div', null, h(Fails, null), h(Shows, null)), container);
    count.value = 1;
    expect(() => flushRendering()).toThrow('render failed');
    expect(container.querySelector('b')?.textContent).toBe('1');
  });

  it('run one render for several changes in one task, parents before children, and effects after it with cleanups on unmount', async () => {
    const container = mountRoot();
    const log: string[] = [];
    const name = signal('a');
    const count = signal(0);
    const Child = () => {
      log.push(`child ${count.value}`);
      return h('i', null, String(count.value));
    };
    const Parent = () => {
      log.push(`parent ${name.value}`);
      useEffect(() => {
        log.push(`effect ${name.value}`);
        return () => log.push('cleanup');
      }, [name.value]);
      return h('p', null, name.value, h(Child, null));
    };
    render(h(Parent, null), container);
    flushRendering();
    log.length = 0;
    count.value = 1;
    name.value = 'b';
    count.value = 2;
    await Promise.resolve();
    expect(log).toEqual(['parent b', 'child 2']);
    flushRendering();
    expect(log).toEqual(['parent b', 'child 2', 'cleanup', 'effect b']);
    expect(container.textContent).toBe('b2');
    render(null, container);
    expect(log.at(-1)).toBe('cleanup');
    expect(container.innerHTML).toBe('');
  });
});
