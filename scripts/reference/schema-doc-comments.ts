import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** The doc comments of one object literal passed to `z.object`/`z.strictObject`/`.extend` in the source. */
export type KeyDocs = Map<string, string>;

const OBJECT_CALLS = new Set(['object', 'strictObject', 'looseObject', 'extend']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === '__fixtures__' || e.name === 'node_modules' ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

function docOf(node: ts.Node): string {
  const text = ts
    .getJSDocCommentsAndTags(node)
    .filter(ts.isJSDoc)
    .map((d) => ts.getTextOfJSDocComment(d.comment) ?? '')
    .join(' ');
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Every schema object literal under `dirs` with its keys' JSDoc: the schemas carry their
 * documentation as doc comments (for the editor), and the reference reads it from there.
 */
export function schemaKeyDocs(dirs: string[]): KeyDocs[] {
  const found: KeyDocs[] = [];
  for (const file of dirs.flatMap(sourceFiles)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        OBJECT_CALLS.has(node.expression.name.text)
      ) {
        const arg = node.arguments[0];
        if (arg && ts.isObjectLiteralExpression(arg)) {
          const docs: KeyDocs = new Map();
          for (const prop of arg.properties) {
            if (
              (ts.isPropertyAssignment(prop) || ts.isShorthandPropertyAssignment(prop)) &&
              prop.name &&
              !ts.isComputedPropertyName(prop.name)
            ) {
              docs.set(prop.name.text, docOf(prop));
            }
          }
          found.push(docs);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/**
 * The literal that most likely declared an object with these keys: the one sharing the most keys
 * (at least half of them), the smallest on a tie. Undefined when none is close enough.
 */
export function bestKeyDocs(keys: string[], candidates: KeyDocs[]): KeyDocs | undefined {
  let best: KeyDocs | undefined;
  let bestShared = 0;
  for (const docs of candidates) {
    const shared = keys.filter((k) => docs.has(k)).length;
    if (shared > bestShared || (shared === bestShared && best && shared > 0 && docs.size < best.size)) {
      best = docs;
      bestShared = shared;
    }
  }
  return bestShared > 0 && bestShared * 2 >= keys.length ? best : undefined;
}
