// The children API (children, appendChild, insertChild, find*), installed only on the node types
// that have children in the typings.

import type { BaseNodeImpl } from './base-node.js';
import type { PageNodeImpl } from './page-node.js';
import { insertNode } from './tree-ops.js';

// Children API, installed only on node types that have children in the typings.

type Predicate = (node: BaseNodeImpl) => boolean;

interface FindCriteria {
  types?: readonly string[];
  pluginData?: { keys?: readonly string[] };
  sharedPluginData?: { namespace: string; keys?: readonly string[] };
}

const childrenApi = {
  children: {
    get(this: BaseNodeImpl): readonly BaseNodeImpl[] {
      this._live();
      if (this.type === 'PAGE') (this as unknown as PageNodeImpl)._requireLoaded('children');
      return Object.freeze([...(this._kids ?? [])]);
    },
  },
  appendChild: {
    value(this: BaseNodeImpl, child: BaseNodeImpl): void {
      this._live();
      insertNode(this, (this._kids ?? []).length, child);
    },
  },
  insertChild: {
    value(this: BaseNodeImpl, index: number, child: BaseNodeImpl): void {
      insertNode(this, index, child);
    },
  },
  findChildren: {
    value(this: BaseNodeImpl, callback?: Predicate): BaseNodeImpl[] {
      return readableKids(this).filter((n) => (callback ? callback(n) : true));
    },
  },
  findChild: {
    value(this: BaseNodeImpl, callback: Predicate): BaseNodeImpl | null {
      return readableKids(this).find(callback) ?? null;
    },
  },
  findAll: {
    value(this: BaseNodeImpl, callback?: Predicate): BaseNodeImpl[] {
      readableKids(this, true);
      return this._descendants().filter((n) => (callback ? callback(n) : true));
    },
  },
  findOne: {
    value(this: BaseNodeImpl, callback: Predicate): BaseNodeImpl | null {
      readableKids(this, true);
      return this._descendants().find(callback) ?? null;
    },
  },
  findAllWithCriteria: {
    value(this: BaseNodeImpl, criteria: FindCriteria): BaseNodeImpl[] {
      readableKids(this, true);
      return this._descendants().filter((n) => matchesCriteria(n, criteria));
    },
  },
};

function readableKids(node: BaseNodeImpl, searchesSubtree = false): BaseNodeImpl[] {
  node._live();
  if (node.type === 'PAGE') (node as unknown as PageNodeImpl)._requireLoaded('find');
  if (node.type === 'DOCUMENT' && searchesSubtree) {
    const unloaded = (node._kids ?? []).some((p) => !node._ctx.isLoaded(p as PageNodeImpl));
    if (unloaded) throw new Error('Searching the document with documentAccess: dynamic-page needs figma.loadAllPagesAsync() first');
  }
  return [...(node._kids ?? [])];
}

function matchesCriteria(n: BaseNodeImpl, c: FindCriteria): boolean {
  if (c.types && !c.types.includes(n.type)) return false;
  if (c.pluginData) {
    const keys = c.pluginData.keys;
    const own = n._pluginData.get(n._ctx.pluginId());
    if (!own || (keys && keys.length > 0 ? !keys.some((k) => own.has(k)) : own.size === 0)) return false;
  }
  if (c.sharedPluginData) {
    const entries = n._sharedPluginData.get(c.sharedPluginData.namespace);
    const keys = c.sharedPluginData.keys;
    if (!entries || entries.size === 0) return false;
    if (keys && keys.length > 0 && !keys.some((k) => entries.has(k))) return false;
  }
  return true;
}

export function installChildrenApi(proto: object): void {
  Object.defineProperties(proto, childrenApi);
}
