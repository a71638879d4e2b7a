// JSX's automatic runtime on the panel's renderer, for the tests, which compile JSX the automatic
// way (vitest.config.ts names this folder as JSX's import source); the bundle calls h itself
// (ui/jsx-factory.ts). Both make the same vnodes.
import type { ComponentChildren } from 'preact';
import { Fragment, h, type FunctionComponent } from './render';

export function jsx(type: string | FunctionComponent, props: Record<string, unknown>, key?: unknown) {
  const { children, ...rest } = props;
  return h(type, key === undefined ? rest : { ...rest, key }, ...(children === undefined ? [] : [children as ComponentChildren]));
}

export { Fragment, jsx as jsxs, jsx as jsxDEV };
