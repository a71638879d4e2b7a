// The type-tag guards the node modules use in place of `instanceof` agree with the node classes
// for every kind of node the stand-in makes, and only the stand-in's own nodes count as nodes.

import { describe, expect, it } from 'vitest';
import { createFigmaStandin } from '../../src/figma-standin/index.js';
import { createSharpCodec } from '../../src/figma-standin/codec-sharp.js';
import { hasPaints, isComponent, isFrameLike, isGroup, isPage, isSceneNode, isStandinNode } from '../../src/figma-standin/node-kinds.js';
import { BaseNodeImpl } from '../../src/figma-standin/base-node.js';
import { ComponentNodeImpl } from '../../src/figma-standin/component-node.js';
import { FrameLikeNodeImpl } from '../../src/figma-standin/frame-node.js';
import { GroupNodeImpl } from '../../src/figma-standin/group-node.js';
import { PageNodeImpl } from '../../src/figma-standin/page-node.js';
import { SceneNodeImpl } from '../../src/figma-standin/scene-node.js';
import { SectionNodeImpl } from '../../src/figma-standin/section-node.js';
import { ShapeNodeImpl } from '../../src/figma-standin/shape-node.js';

function everyKindOfNode(): unknown[] {
  const { figma } = createFigmaStandin({ codec: createSharpCodec() });
  const component = figma.createComponent();
  const instance = component.createInstance();
  const variant = figma.createComponent();
  const set = figma.combineAsVariants([variant], figma.currentPage);
  const rectangle = figma.createRectangle();
  const group = figma.group([figma.createEllipse()], figma.currentPage);
  return [figma.root, figma.currentPage, figma.createFrame(), component, instance, set, group, figma.createSection(), rectangle, figma.createSlice()];
}

describe('node kinds by type tag', () => {
  it('answers as instanceof the node classes does, for every node type', () => {
    const nodes = everyKindOfNode();
    expect(new Set(nodes.map((n) => (n as BaseNode).type)).size).toBe(nodes.length);
    for (const node of nodes) {
      const type = (node as BaseNode).type;
      expect({ type, is: isStandinNode(node) }).toEqual({ type, is: node instanceof BaseNodeImpl });
      expect({ type, is: isSceneNode(node) }).toEqual({ type, is: node instanceof SceneNodeImpl });
      expect({ type, is: isFrameLike(node) }).toEqual({ type, is: node instanceof FrameLikeNodeImpl });
      expect({ type, is: isGroup(node) }).toEqual({ type, is: node instanceof GroupNodeImpl });
      expect({ type, is: isComponent(node) }).toEqual({ type, is: node instanceof ComponentNodeImpl });
      expect({ type, is: isPage(node) }).toEqual({ type, is: node instanceof PageNodeImpl });
      const painted = node instanceof FrameLikeNodeImpl || node instanceof SectionNodeImpl || node instanceof ShapeNodeImpl;
      expect({ type, is: hasPaints(node) }).toEqual({ type, is: painted });
    }
  });

  it('does not take an object with a node type tag for a node', () => {
    const { figma } = createFigmaStandin({ codec: createSharpCodec() });
    const lookalike = { type: 'FRAME', id: '1:99', name: 'Frame' };
    expect(isStandinNode(lookalike)).toBe(false);
    expect(isSceneNode(lookalike)).toBe(false);
    expect(isFrameLike(lookalike)).toBe(false);
    expect(() => figma.currentPage.appendChild(lookalike as unknown as SceneNode)).toThrow('Cannot move node. Expected a node');
    expect(() => {
      figma.currentPage.selection = [lookalike as unknown as SceneNode];
    }).toThrow('selection: only scene nodes can be selected');
  });
});
