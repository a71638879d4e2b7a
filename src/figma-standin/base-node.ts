// The base of every node: id, name, removal, plugin data and relaunch data, the journaled field
// setter, and the SceneContext through which nodes reach the document (ids, undo, pages, export).
// Each node type lives in its own module and defines only the members the typings give it.

import type { ImageStore } from './image-store.js';
import { utf8Length } from '../contract/utf8-length.js';
import { checkNamespace, writeDataEntry } from './plugin-data.js';
import { type NodeType, registerNode } from './node-kinds.js';
import type { PageNodeImpl } from './page-node.js';
import { detachNode } from './tree-ops.js';

export interface SceneContext {
  nextId(): string;
  /** Records how to revert one change, for figma.commitUndo / undo. */
  record(revert: () => void): void;
  readonly images: ImageStore;
  selectionChanged(page: PageNodeImpl): void;
  isLoaded(page: PageNodeImpl): boolean;
  markLoaded(page: PageNodeImpl): void;
  currentPage(): PageNodeImpl;
  /** figma.pluginId: private plugin data belongs to it. */
  pluginId(): string;
  exportAsync(node: BaseNodeImpl, settings: unknown): Promise<Uint8Array>;
}

function removedNodeError(node: BaseNodeImpl): Error {
  return new Error(`The node with id "${node.id}" does not exist`);
}

export abstract class BaseNodeImpl {
  abstract readonly type: NodeType;
  _name: string;
  _parent: BaseNodeImpl | null = null;
  _removed = true;
  _kids: BaseNodeImpl[] | null = null;
  /** Private plugin data per plugin ID: another ID (the published plugin) sees none of it. */
  _pluginData = new Map<string, Map<string, string>>();
  _sharedPluginData = new Map<string, Map<string, string>>();
  _relaunchData: Record<string, string> = {};
  /** True for the read-only sublayers of an instance. */
  _inInstance = false;

  constructor(
    readonly _ctx: SceneContext,
    readonly id: string,
    name: string,
  ) {
    this._name = name;
    registerNode(this);
  }

  _live(): void {
    if (this._removed && this.type !== 'DOCUMENT') throw removedNodeError(this);
  }

  _set<K extends keyof this>(key: K, value: this[K]): void {
    const old = this[key];
    if (old === value) return;
    this[key] = value;
    this._ctx.record(() => {
      this[key] = old;
    });
  }

  get name(): string {
    this._live();
    return this._name;
  }
  set name(value: string) {
    this._live();
    this._set('_name', String(value));
  }
  get parent(): BaseNodeImpl | null {
    this._live();
    return this._parent;
  }
  get removed(): boolean {
    return this._removed;
  }

  toString(): string {
    return `[Node ${this.id}]`;
  }

  remove(): void {
    this._live();
    if (this.type === 'DOCUMENT') throw new Error('Cannot remove the document');
    if (this._inInstance) throw new Error('Cannot remove a node inside of an instance');
    if (this.type === 'PAGE' && this._parent && (this._parent._kids?.length ?? 0) <= 1) {
      throw new Error('Cannot remove the last page of a document');
    }
    detachNode(this, true);
  }

  _ownPluginData(): Map<string, string> {
    const id = this._ctx.pluginId();
    let entries = this._pluginData.get(id);
    if (!entries) {
      entries = new Map();
      this._pluginData.set(id, entries);
    }
    return entries;
  }
  getPluginData(key: string): string {
    this._live();
    return this._ownPluginData().get(key) ?? '';
  }
  /** "The total size of your entry (pluginId, key, value) cannot exceed 100 kB" (setPluginData docs). */
  setPluginData(key: string, value: string): void {
    this._live();
    writeDataEntry(this, this._ownPluginData(), key, value, 'setPluginData', utf8Length(this._ctx.pluginId()));
  }
  getPluginDataKeys(): string[] {
    this._live();
    return [...this._ownPluginData().keys()];
  }
  getSharedPluginData(namespace: string, key: string): string {
    this._live();
    checkNamespace(namespace);
    return this._sharedPluginData.get(namespace)?.get(key) ?? '';
  }
  setSharedPluginData(namespace: string, key: string, value: string): void {
    this._live();
    checkNamespace(namespace);
    let entries = this._sharedPluginData.get(namespace);
    if (!entries) {
      entries = new Map();
      this._sharedPluginData.set(namespace, entries);
    }
    // The docs state the 100 kB for (pluginId, key, value) of private data; shared data is
    // counted the same way with the namespace in the plugin ID's place (the stricter reading).
    writeDataEntry(this, entries, key, value, 'setSharedPluginData', utf8Length(namespace));
  }
  getSharedPluginDataKeys(namespace: string): string[] {
    this._live();
    checkNamespace(namespace);
    return [...(this._sharedPluginData.get(namespace)?.keys() ?? [])];
  }

  /** The page this node is on, or null for the document and detached nodes. */
  _page(): PageNodeImpl | null {
    let n: BaseNodeImpl | null = this;
    while (n && n.type !== 'PAGE') n = n._parent;
    return n as PageNodeImpl | null;
  }

  _isInsideInstance(): boolean {
    for (let n: BaseNodeImpl | null = this; n; n = n._parent) if (n.type === 'INSTANCE' || n._inInstance) return true;
    return false;
  }

  /** Descendants in document order (pre-order), this node excluded. */
  _descendants(): BaseNodeImpl[] {
    const out: BaseNodeImpl[] = [];
    const walk = (n: BaseNodeImpl): void => {
      for (const c of n._kids ?? []) {
        out.push(c);
        walk(c);
      }
    };
    walk(this);
    return out;
  }
}

export function setRelaunch(node: BaseNodeImpl, data: Record<string, string>): void {
  node._live();
  if (data === null || typeof data !== 'object') throw new Error('setRelaunchData: expected an object of command -> description');
  const copy: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) {
    if (typeof v !== 'string') throw new Error(`setRelaunchData: description of "${k}" must be a string`);
    copy[k] = v;
  }
  node._set('_relaunchData', copy);
}
