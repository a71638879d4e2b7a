// The four hooks the panel's components use (state, effects after paint, refs, context), in place
// of preact/hooks, whose other hooks, devtools callbacks and bail-out memo the panel never needs
// (about 0.5 KB of dist/ui.html gzip). Same rules as preact's: call them in the same order on every
// render; an effect runs after the browser painted, its cleanup before its next run and on unmount.
import type { Component, Context } from 'preact';
import { componentOf, renderOptions } from '../lib/preact-internals';

type Cleanup = void | (() => void);

/** One hook call's memory, by its place among the component's hook calls. */
interface Slot {
  value?: unknown;
  deps?: readonly unknown[];
  run?: () => Cleanup;
  cleanup?: Cleanup;
  /** useState's setter, made once. */
  set?: (next: never) => void;
}

interface HookedComponent extends Component {
  slots?: Slot[];
  /** Effects whose dependencies changed in the last render, to run after paint. */
  due?: Slot[];
  /** Preact's mounted marker (`_parentDom`): null once unmounted. */
  __P?: unknown;
}

/** A context's id and default value, under the names preact/hooks reads them by. */
type ContextInternals = { __c: string; __: unknown };
type Provider = Component<{ value: unknown }> & { sub: (component: Component) => void };

let current: HookedComponent;
let index = 0;

function nextSlot(): Slot {
  const slots = (current.slots ??= []);
  return (slots[index++] ??= {});
}

type SetState<S> = (next: S | ((previous: S) => S)) => void;

export function useState<S>(initial: S | (() => S)): [S, SetState<S>] {
  const slot = nextSlot();
  if (!slot.set) {
    const component = current;
    slot.value = typeof initial === 'function' ? (initial as () => S)() : initial;
    // A new value renders the component again; the same value does not.
    const set: SetState<S> = (next) => {
      const value = typeof next === 'function' ? (next as (previous: S) => S)(slot.value as S) : next;
      if (value === slot.value) return;
      slot.value = value;
      component.setState({});
    };
    slot.set = set;
  }
  return [slot.value as S, slot.set as SetState<S>];
}

export function useRef<T>(initial: T | null): { current: T | null } {
  const slot = nextSlot();
  return (slot.value ??= { current: initial }) as { current: T | null };
}

/** Runs `effect` after paint when `deps` changed since the last render (every render without deps). */
export function useEffect(effect: () => Cleanup, deps?: readonly unknown[]): void {
  const slot = nextSlot();
  if (slot.deps && deps && deps.length === slot.deps.length && deps.every((dep, at) => dep === slot.deps?.[at])) return;
  slot.deps = deps;
  slot.run = effect;
  const due = (current.due ??= []);
  if (!due.includes(slot)) due.push(slot);
}

export function useContext<T>(context: Context<T>): T {
  const { __c: id, __: fallback } = context as unknown as ContextInternals;
  const provider = (current.context as Record<string, Provider | undefined>)[id];
  const slot = nextSlot();
  if (!provider) return fallback as T;
  if (!slot.value) {
    slot.value = true;
    provider.sub(current);
  }
  return provider.props.value as T;
}

function cleanUp(slot: Slot): void {
  const cleanup = slot.cleanup;
  slot.cleanup = undefined;
  if (typeof cleanup === 'function') cleanup();
}

let painted: HookedComponent[] = [];

function runDueEffects(): void {
  const components = painted;
  painted = [];
  for (const component of components) {
    const due = component.due ?? [];
    component.due = [];
    if (!component.__P) continue;
    due.forEach(cleanUp);
    for (const slot of due) slot.cleanup = slot.run?.();
  }
}

/** After the next paint: the frame after requestAnimationFrame, or 35 ms in a frame that does not paint. */
function afterPaint(callback: () => void): void {
  let frame = 0;
  const done = () => {
    clearTimeout(timeout);
    cancelAnimationFrame(frame);
    setTimeout(callback);
  };
  const timeout = setTimeout(done, 35);
  frame = requestAnimationFrame(done);
}

const beforeRender = renderOptions.__r;
renderOptions.__r = (vnode) => {
  beforeRender?.(vnode);
  current = componentOf<HookedComponent>(vnode) as HookedComponent;
  index = 0;
};

const afterDiff = renderOptions.diffed;
renderOptions.diffed = (vnode) => {
  const component = componentOf<HookedComponent>(vnode);
  if (component?.due?.length && !painted.includes(component) && painted.push(component) === 1) {
    (renderOptions.requestAnimationFrame ?? afterPaint)(runDueEffects);
  }
  afterDiff?.(vnode);
};

const beforeUnmount = renderOptions.unmount;
renderOptions.unmount = (vnode) => {
  const component = componentOf<HookedComponent>(vnode);
  component?.slots?.forEach(cleanUp);
  beforeUnmount?.(vnode);
};
