// @vitest-environment happy-dom
// A component renders again when a signal it read in its last render changes, and only then: the
// panel's renderer (ui/components/render.ts) on its signals (ui/state/signals.ts), checked on rendered components.
import { afterEach, describe, expect, it } from 'vitest';
import { h } from '../../../ui/components/render';
import { useState } from '../../../ui/components/hooks';
import { act, cleanup, render, screen } from '../components/render-testing';
import { batch, computed, signal } from '../../../ui/state/signals';

afterEach(() => cleanup());

describe('signals in components', () => {
  it('renders again, once per change, with the new value of the signal it read', async () => {
    const count = signal(1);
    let renders = 0;
    const Count = () => {
      renders += 1;
      return h('p', null, `count ${count.value}`);
    };
    render(h(Count, null));
    expect(screen.getByText('count 1')).toBeTruthy();
    await act(() => {
      count.value = 2;
    });
    expect(screen.getByText('count 2')).toBeTruthy();
    await act(() => {
      batch(() => {
        count.value = 3;
        count.value = 4;
      });
    });
    expect(screen.getByText('count 4')).toBeTruthy();
    expect(renders).toBe(3);
  });

  it('follows the signals of its last render only, computed ones included, whatever caused it', async () => {
    const detail = signal('a');
    const shout = computed(() => detail.value.toUpperCase());
    let renders = 0;
    let setShowDetail: (show: boolean) => void = () => {};
    const Detail = () => {
      renders += 1;
      const [showDetail, set] = useState(true);
      setShowDetail = set;
      return h('p', null, showDetail ? `detail ${shout.value}` : 'no detail');
    };
    render(h(Detail, null));
    await act(() => {
      detail.value = 'b';
    });
    expect(screen.getByText('detail B')).toBeTruthy();
    // Hook state, not a signal, drops the read of `detail` from the next render.
    await act(() => setShowDetail(false));
    expect(screen.getByText('no detail')).toBeTruthy();
    const before = renders;
    await act(() => {
      detail.value = 'c';
    });
    expect(renders).toBe(before);
  });

  it('lets hook state render too, and a child reading a signal renders without its parent', async () => {
    const label = signal('x');
    let parentRenders = 0;
    let setClicks: (n: number) => void = () => {};
    const Child = () => h('span', null, `label ${label.value}`);
    const Parent = () => {
      parentRenders += 1;
      const [clicks, set] = useState(0);
      setClicks = set;
      return h('div', null, h('p', null, `clicks ${clicks}`), h(Child, null));
    };
    render(h(Parent, null));
    await act(() => {
      label.value = 'y';
    });
    expect(screen.getByText('label y')).toBeTruthy();
    expect(parentRenders).toBe(1);
    await act(() => setClicks(5));
    expect(screen.getByText('clicks 5')).toBeTruthy();
    expect(screen.getByText('label y')).toBeTruthy();
  });

  it('stops reading a signal once the component is unmounted', async () => {
    const shown = signal(true);
    const value = signal(1);
    // Lazy: it runs only when something that still depends on it reads it.
    let evaluations = 0;
    const doubled = computed(() => {
      evaluations += 1;
      return value.value * 2;
    });
    let renders = 0;
    const Value = () => {
      renders += 1;
      return h('p', null, `value ${doubled.value}`);
    };
    const Host = () => (shown.value ? h(Value, null) : h('p', null, 'gone'));
    render(h(Host, null));
    expect(evaluations).toBe(1);
    await act(() => {
      shown.value = false;
    });
    expect(screen.getByText('gone')).toBeTruthy();
    await act(() => {
      value.value = 2;
    });
    expect(renders).toBe(1);
    expect(evaluations).toBe(1);
  });
});
