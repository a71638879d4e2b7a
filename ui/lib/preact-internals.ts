// Preact's option hooks and fields that ui/components/hooks.ts and ui/state/signals.ts build on,
// under the mangled names preact/hooks itself uses (stable across preact 10): `__r` runs before each
// component render, and a rendered vnode's component is `__c`.
import { options, type Component, type VNode } from 'preact';

export const renderOptions = options as typeof options & { __r?: (vnode: VNode) => void };

/** The component a vnode rendered, if it is a component's vnode. */
export function componentOf<C extends Component>(vnode: VNode): C | undefined {
  return (vnode as VNode & { __c?: C }).__c;
}
