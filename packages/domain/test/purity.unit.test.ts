import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "..", "src");
const FORBIDDEN_MODULES = [
  /^@aws-sdk\//,
  /^node:/,
  /^(fs|net|http|https|child_process|crypto|os|dgram|dns|tls)(\/|$)/,
];

/** Finds every use of I/O, ambient configuration, the clock or randomness in one source file. */
export function impurities(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const where = (node: ts.Node) =>
    `${fileName}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      const spec = (node.moduleSpecifier as ts.StringLiteral).text;
      if (FORBIDDEN_MODULES.some((re) => re.test(spec))) found.push(`${where(node)} imports ${spec}`);
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      found.push(`${where(node)} uses dynamic import`);
    }
    if (ts.isIdentifier(node) && node.text === "process") found.push(`${where(node)} reads process`);
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const call = node.expression.getText(file);
      if (call === "Date.now" || call === "Math.random" || call.endsWith("randomUUID"))
        found.push(`${where(node)} calls ${call}()`);
    }
    if (
      ts.isNewExpression(node) &&
      node.expression.getText(file) === "Date" &&
      (node.arguments?.length ?? 0) === 0
    ) {
      found.push(`${where(node)} calls new Date() without an argument`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

describe("packages/domain is pure", () => {
  it("has no I/O, environment, clock or randomness anywhere in src/", () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(5);
    expect(files.flatMap((f) => impurities(f, readFileSync(f, "utf8")))).toEqual([]);
  });

  it("the check catches each forbidden use", () => {
    const bad = [
      'import { SQSClient } from "@aws-sdk/client-sqs";',
      'import { readFileSync } from "node:fs";',
      'import net from "net";',
      "const region = process.env.AWS_REGION;",
      "const t = Date.now();",
      "const d = new Date();",
      "const r = Math.random();",
      "const id = crypto.randomUUID();",
    ];
    for (const line of bad) expect(impurities("bad.ts", line), line).toHaveLength(1);
    expect(impurities("ok.ts", 'const d = new Date("2025-01-01"); const t = d.getTime();')).toEqual([]);
  });
});
