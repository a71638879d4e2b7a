// @vitest-environment happy-dom
// The panel's own hooks (ui/components/hooks.ts) behave as preact's do for what the components use:
// state that survives renders, effects after paint with their cleanups, refs, and context.
import { afterEach, describe, expect, it } from 'vitest';
import { createContext, h, render as renderInto } from '../../../ui/components/render';
import { act, cleanup, render, screen } from './render-testing';
import { useContext, useEffect, useRef, useState } from '../../../ui/components/hooks';

afterEach(() => cleanup());

describe('useState', () => {
  it('keeps its value across renders, computes a lazy start once, and renders again only on a new value', async () => {
    let starts = 0;
    let renders = 0;
    const setters: ((next: number | ((previous: number) => number)) => void)[] = [];
    const Counter = () => {
      renders += 1;
      const [count, setCount] = useState(() => {
        starts += 1;
        return 1;
      });
      const [label] = useState('count');
      setters.push(setCount);
      return h('p', null, `${label} ${count}`);
    };
    render(h(Counter, null));
    await act(() => setters[0]?.(5));
    expect(screen.getByText('count 5')).toBeTruthy();
    await act(() => setters[0]?.((previous) => previous + 1));
    expect(screen.getByText('count 6')).toBeTruthy();
    const before = renders;
    await act(() => setters[0]?.(6));
    expect(renders).toBe(before);
    expect(starts).toBe(1);
    expect(new Set(setters).size).toBe(1);
  });
});

describe('useEffect', () => {
  it('runs after the render, again only when its dependencies change, cleaning up before each rerun and on unmount', async () => {
    const log: string[] = [];
    let setValue: (next: number) => void = () => {};
    let setOther: (next: number) => void = () => {};
    const Watcher = () => {
      const [value, set] = useState(1);
      const [other, setO] = useState(0);
      setValue = set;
      setOther = setO;
      log.push(`render ${value}`);
      useEffect(() => {
        log.push(`effect ${value}`);
        return () => log.push(`cleanup ${value}`);
      }, [value]);
      return h('p', null, `${value} ${other}`);
    };
    const view = render(h(Watcher, null));
    expect(log).toEqual(['render 1', 'effect 1']);
    await act(() => setOther(1));
    expect(log).toEqual(['render 1', 'effect 1', 'render 1']);
    await act(() => setValue(2));
    expect(log.slice(3)).toEqual(['render 2', 'cleanup 1', 'effect 2']);
    view.unmount();
    expect(log.slice(6)).toEqual(['cleanup 2']);
  });

  it('waits for the paint outside act, and never runs for a component unmounted before it', async () => {
    const log: string[] = [];
    const Painted = (props: { name: string }) => {
      useEffect(() => {
        log.push(props.name);
      });
      return h('p', null, props.name);
    };
    const root = document.createElement('div');
    document.body.append(root);
    renderInto(h(Painted, { name: 'first' }), root);
    expect(log).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(log).toEqual(['first']);
    renderInto(h('div', null, h(Painted, { name: 'second' })), root);
    renderInto(null, root);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(log).toEqual(['first']);
    root.remove();
  });
});

describe('useRef and useContext', () => {
  it('hands back the same ref every render', async () => {
    const refs: { current: number | null }[] = [];
    let setTick: (next: number) => void = () => {};
    const Holder = () => {
      const [tick, set] = useState(0);
      setTick = set;
      refs.push(useRef<number>(7));
      return h('p', null, `tick ${tick}`);
    };
    render(h(Holder, null));
    await act(() => setTick(1));
    expect(refs).toHaveLength(2);
    expect(refs[0]).toBe(refs[1]);
    expect(refs[0]?.current).toBe(7);
  });

  it('reads the default without a provider, the nearest provider value under several, and follows its changes', async () => {
    const Theme = createContext('plain');
    const Reader = () => h('p', null, `theme ${useContext(Theme)}`);
    const Middle = (props: { children?: unknown }) => h('section', null, props.children as never);
    render(h(Reader, null));
    expect(screen.getByText('theme plain')).toBeTruthy();
    cleanup();
    let setTheme: (next: string) => void = () => {};
    const Root = () => {
      const [theme, set] = useState('dark');
      setTheme = set;
      return h(Theme.Provider, { value: theme }, h(Middle, null, h(Reader, null), h(Theme.Provider, { value: 'inner' }, h(Reader, null))));
    };
    render(h(Root, null));
    expect(screen.getByText('theme dark')).toBeTruthy();
    expect(screen.getByText('theme inner')).toBeTruthy();
    await act(() => setTheme('light'));
    expect(screen.getByText('theme light')).toBeTruthy();
    expect(screen.getByText('theme inner')).toBeTruthy();
  });
});
