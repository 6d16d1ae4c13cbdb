/**
 * Visits every node of a Markdown tree in document order without recursion, so a hostile file
 * with thousands of nested quotes or lists cannot overflow the stack.
 */
import type {Nodes} from 'mdast';

/** Calls `visit` on `root` and its descendants in document order; `false` skips a node's children. */
export function walk(root: Nodes, visit: (node: Nodes) => boolean | void): void {
  const stack: Nodes[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (visit(node) === false) continue;
    if ('children' in node) {
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Nodes);
    }
  }
}
