// The layers panel: the page's tree in real z-order (top layer first, as Figma lists it),
// hidden layers dimmed, click to select and shift-click to add or remove.

const TYPE_GLYPHS: Record<string, string> = {
  FRAME: '#',
  GROUP: '▣',
  RECTANGLE: '▭',
  ELLIPSE: '○',
  TEXT: 'T',
  SECTION: '§',
  COMPONENT: '❖',
  INSTANCE: '◇',
};

export interface LayerClick {
  nodeId: string;
  shiftKey: boolean;
}

export function renderLayersList(list: HTMLUListElement, page: PageNode, onClick: (click: LayerClick) => void): void {
  const selected = new Set(page.selection.map((node) => node.id));
  const items: HTMLLIElement[] = [];
  const visit = (node: SceneNode, depth: number, ancestorHidden: boolean) => {
    const item = document.createElement('li');
    item.setAttribute('role', 'treeitem');
    item.dataset.nodeId = node.id;
    item.dataset.testid = `layer-${node.id}`;
    item.setAttribute('aria-selected', String(selected.has(node.id)));
    item.style.paddingLeft = `${8 + depth * 16}px`;
    const hidden = !node.visible || ancestorHidden;
    if (hidden) item.classList.add('hidden-layer');
    const glyph = document.createElement('span');
    glyph.className = 'layer-type';
    glyph.textContent = TYPE_GLYPHS[node.type] ?? '·';
    const name = document.createElement('span');
    name.className = 'layer-name';
    name.textContent = node.name;
    item.append(glyph, name);
    if (!node.visible) {
      const visibility = document.createElement('span');
      visibility.className = 'layer-visibility';
      visibility.textContent = 'hidden';
      item.append(visibility);
    }
    item.addEventListener('click', (event) => onClick({ nodeId: node.id, shiftKey: event.shiftKey }));
    items.push(item);
    if ('children' in node) {
      for (let i = node.children.length - 1; i >= 0; i--) {
        const child = node.children[i];
        if (child) visit(child, depth + 1, hidden);
      }
    }
  };
  for (let i = page.children.length - 1; i >= 0; i--) {
    const node = page.children[i];
    if (node) visit(node, 0, false);
  }
  list.replaceChildren(...items);
}
