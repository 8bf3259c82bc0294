// Finds where a path (["ops", "load_orders", "minQuantity"]) sits in the editor's JSON text, from
// CodeMirror's JSON syntax tree, so a schema violation underlines the value it is about.
import { syntaxTree } from "@codemirror/language";
import type { EditorState } from "@codemirror/state";
import type { SyntaxNode } from "@lezer/common";

function propertyName(state: EditorState, property: SyntaxNode): string | null {
  const name = property.getChild("PropertyName");
  if (!name) return null;
  try {
    return JSON.parse(state.sliceDoc(name.from, name.to)) as string;
  } catch {
    return null;
  }
}

function propertyValue(node: SyntaxNode): SyntaxNode | null {
  // A Property is PropertyName ":" value; the value is its last child.
  return node.lastChild && node.lastChild.name !== "PropertyName" ? node.lastChild : null;
}

export function rangeForPath(state: EditorState, path: string[]): { from: number; to: number } {
  const tree = syntaxTree(state);
  let node: SyntaxNode | null = tree.topNode.firstChild;
  let best = { from: 0, to: Math.min(state.doc.length, 1) };
  if (node) best = { from: node.from, to: node.to };
  for (const segment of path) {
    if (!node) break;
    let next: SyntaxNode | null = null;
    if (node.name === "Object") {
      for (let child = node.firstChild; child; child = child.nextSibling) {
        if (child.name === "Property" && propertyName(state, child) === segment) {
          const name = child.getChild("PropertyName")!;
          best = { from: name.from, to: name.to };
          next = propertyValue(child);
          break;
        }
      }
    } else if (node.name === "Array") {
      const index = Number(segment);
      let i = 0;
      for (let child = node.firstChild; child; child = child.nextSibling) {
        if (child.name === "[" || child.name === "]" || child.name === ",") continue;
        if (i++ === index) {
          next = child;
          break;
        }
      }
    }
    if (!next) break;
    node = next;
    best = { from: node.from, to: node.to };
  }
  return best;
}
