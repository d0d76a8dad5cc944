/** The console's texts live in src/strings.ts: no literal text in a component, and no key there that nothing reads. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { strings } from '../src/strings.ts';

const SRC = join(import.meta.dirname, '../src');
/** The attributes a browser shows or reads out. */
const TEXT_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt']);
const LETTER = /\p{L}/u;

function sourceFiles(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path, ext);
    return ext.test(entry.name) && path !== join(SRC, 'strings.ts') ? [path] : [];
  });
}

/** JSX text as it renders: lines trimmed where they meet a line break, empty lines dropped. */
function jsxText(raw: string): string {
  const lines = raw.split(/\r?\n/);
  return lines
    .map((line, i) => {
      let text = line;
      if (i > 0) text = text.trimStart();
      if (i < lines.length - 1) text = text.trimEnd();
      return text;
    })
    .filter(Boolean)
    .join(' ');
}

/** Whether a string literal is what an element shows: a child expression or a text attribute's, reached only through `?:`, `&&`, `||`, `??`. */
function shown(node: ts.Node): boolean {
  let at = node;
  for (;;) {
    const up = at.parent;
    const chains =
      ts.isParenthesizedExpression(up) ||
      (ts.isConditionalExpression(up) && up.condition !== at) ||
      (ts.isBinaryExpression(up) &&
        up.right === at &&
        [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(up.operatorToken.kind));
    if (chains) {
      at = up;
      continue;
    }
    if (!ts.isJsxExpression(up)) return false;
    const holder = up.parent;
    return ts.isJsxElement(holder) || ts.isJsxFragment(holder) || (ts.isJsxAttribute(holder) && TEXT_ATTRIBUTES.has(holder.name.getText()));
  }
}

/** Each literal text in a TSX source, as `line: text`. */
function literalTexts(source: string, fileName = 'component.tsx'): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (at: number, text: string) => found.push(`${file.getLineAndCharacterOfPosition(at).line + 1}: ${text}`);
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) {
      const raw = node.getFullText();
      const text = jsxText(raw);
      if (LETTER.test(text)) report(node.pos + raw.length - raw.trimStart().length, text);
    } else if (ts.isJsxAttribute(node) && TEXT_ATTRIBUTES.has(node.name.getText()) && node.initializer && ts.isStringLiteral(node.initializer)) {
      if (LETTER.test(node.initializer.text)) report(node.getStart(), `${node.name.getText()}="${node.initializer.text}"`);
    } else if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && LETTER.test(node.text) && shown(node)) {
      report(node.getStart(), node.getText());
    } else if (ts.isTemplateExpression(node) && shown(node)) {
      const parts = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)];
      if (parts.some((part) => LETTER.test(part))) report(node.getStart(), node.getText());
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('literal texts in components', () => {
  it('finds text, text attributes and shown string literals', () => {
    const source = `export const A = ({ n, on }) => (
      <div title="Tip">
        <p>
          Hello there
        </p>
        <img alt="Logo" src="/logo.png" />
        <input placeholder={'Search'} aria-label={on ? 'On' : \`\${n} off\`} />
        {n > 1 && 'Many'}
      </div>
    );`;
    expect(literalTexts(source)).toEqual(['2: title="Tip"', '4: Hello there', '6: alt="Logo"', "7: 'Search'", "7: 'On'", '7: `${n} off`', "8: 'Many'"]);
  });

  it('leaves alone what is not text: classes, ids, keys, punctuation, expressions', () => {
    const source = `export const B = ({ s, open }) => (
      <section id="x" class={open ? 'open wide' : 'shut'} aria-labelledby="x-heading" data-kind="order">
        {s.name} · {s.count}{' '}
        <span aria-hidden="true">→</span>
        {s.status === 'open' && <b title={s.title}>{s.label}</b>}
      </section>
    );`;
    expect(literalTexts(source)).toEqual([]);
  });

  it('no component holds a literal text: it reads strings.ts', () => {
    const offenders = sourceFiles(SRC, /\.tsx$/).flatMap((path) => literalTexts(readFileSync(path, 'utf8'), path).map((hit) => `${relative(SRC, path)}:${hit}`));
    expect(offenders).toEqual([]);
  });
});

/** Every leaf of the strings object, as its dotted path. */
function leafPaths(value: unknown, path: string[] = []): string[][] {
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, child]) => leafPaths(child, [...path, key]));
  return [path];
}

describe('strings.ts', () => {
  it('has no key that the console does not read', () => {
    const sources = sourceFiles(SRC, /\.tsx?$/)
      .map((path) => readFileSync(path, 'utf8'))
      .join('\n');
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
    // A leaf is read when its path, or a record above it (`strings.agentsAdmin.roles`, indexed by a value), appears after `strings.`.
    const read = (path: string[]) =>
      path.slice(1).some((_, i) => new RegExp(`\\bstrings\\.${path.slice(0, i + 2).map(escape).join('\\.')}(?![\\w$])`).test(sources));
    const unread = leafPaths(strings).filter((path) => !read(path)).map((path) => path.join('.'));
    expect(unread).toEqual([]);
  });
});
