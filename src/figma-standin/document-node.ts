// The document node: the root, whose children are the pages, and its color profile.

import { BaseNodeImpl, type SceneContext } from './base-node.js';
import { installChildrenApi } from './children-api.js';

export class DocumentNodeImpl extends BaseNodeImpl {
  readonly type = 'DOCUMENT' as const;
  constructor(
    ctx: SceneContext,
    readonly _colorProfile: 'LEGACY' | 'SRGB' | 'DISPLAY_P3' = 'SRGB',
  ) {
    super(ctx, '0:0', 'Document');
    this._kids = [];
    this._removed = false;
  }
  get documentColorProfile(): 'LEGACY' | 'SRGB' | 'DISPLAY_P3' {
    return this._colorProfile;
  }
}
installChildrenApi(DocumentNodeImpl.prototype);
