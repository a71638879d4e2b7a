// The four hooks the panel's components use (state, effects after paint, refs, context), on the
// panel's renderer (ui/components/render.ts). Same rules as preact's: call them in the same order
// on every render; an effect runs after the browser painted, its cleanup before its next run and on
// unmount.
import { rendering, type Context, type HookSlot } from './render';

function nextSlot(): HookSlot {
  const component = rendering();
  return (component.slots[component.at++] ??= {});
}

type SetState<S> = (next: S | ((previous: S) => S)) => void;

export function useState<S>(initial: S | (() => S)): [S, SetState<S>] {
  const slot = nextSlot();
  if (!slot.set) {
    const component = rendering();
    slot.value = typeof initial === 'function' ? (initial as () => S)() : initial;
    // A new value renders the component again; the same value does not.
    const set: SetState<S> = (next) => {
      const value = typeof next === 'function' ? (next as (previous: S) => S)(slot.value as S) : next;
      if (value === slot.value) return;
      slot.value = value;
      component.update();
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
export function useEffect(effect: () => void | (() => void), deps?: readonly unknown[]): void {
  const slot = nextSlot();
  if (slot.deps && deps && deps.length === slot.deps.length && deps.every((dep, at) => dep === slot.deps?.[at])) return;
  slot.deps = deps;
  slot.run = effect;
  const due = rendering().due;
  if (!due.includes(slot)) due.push(slot);
}

/** The value of the nearest Provider of `context` above the component, else the context's default. */
export function useContext<T>(context: Context<T>): T {
  const values = rendering().instance.context;
  return (context.id in values ? values[context.id] : context.fallback) as T;
}
