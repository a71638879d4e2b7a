// forwardRef without preact/compat. @create-figma-plugin/ui wraps every component in compat's
// forwardRef, and importing compat also installs its React emulation (event renaming, className
// and SVG attribute rewriting) on every vnode, about 5.6 KB of the UI bundle. The components the
// panel renders need none of that emulation, so the build hands create-component.js this module
// instead (esbuild.config.mjs); a component that imports compat itself still gets the real one.
import { options, type ComponentChildren, type VNode } from 'preact';

type Forwarded = ((props: Record<string, unknown>) => ComponentChildren) & { forwardsRef?: true; displayName?: string };
type Render = ((props: Record<string, unknown>, ref: unknown) => ComponentChildren) & { displayName?: string };

// Preact's hook before each vnode is diffed: `_diff` in its sources, `__b` in the published build
// (compat installs the same hook under that name). It moves a forwarded component's ref into its
// props, so Preact does not attach the ref to the component itself.
const hooks = options as unknown as { __b?: (vnode: VNode) => void };
const previousDiffHook = hooks.__b;
hooks.__b = (vnode) => {
  const node = vnode as VNode & { ref?: unknown; props: Record<string, unknown> };
  if (typeof node.type === 'function' && (node.type as Forwarded).forwardsRef && node.ref) {
    node.props.ref = node.ref;
    node.ref = null;
  }
  if (previousDiffHook) previousDiffHook(vnode);
};

/** A function component that receives the ref given to it as its second argument, as React's forwardRef does. */
export function forwardRef(render: Render): Forwarded {
  const forwarded: Forwarded = (props) => {
    const { ref, ...rest } = props;
    return render(rest, ref ?? null);
  };
  forwarded.forwardsRef = true;
  forwarded.displayName = `ForwardRef(${render.displayName ?? render.name})`;
  return forwarded;
}
