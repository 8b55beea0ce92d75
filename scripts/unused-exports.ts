import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * Exported names in src/ that nothing imports: from src/, test/, bench/ or
 * scripts/. An export nobody uses is code nobody runs or a name that says
 * more is public than is; either way it should go, and `npm run lint` fails
 * while one is left. Only the syntax is read (no type-check), so the whole
 * tree takes about a second.
 */

/** Folders whose files may import from src/. */
const USER_DIRS = ['src', 'test', 'bench', 'scripts'];

/**
 * Files started by path rather than imported, whose exports are their
 * outside: the process entry that bin/bbs.js loads from the build.
 */
const ENTRY_POINTS = ['src/cli/run.ts'];

export interface UnusedExport {
  /** Relative to the root, with forward slashes. */
  file: string;
  name: string;
  line: number;
}

interface ModuleInfo {
  /** Own exported names, each with the line that declares it. */
  exports: Map<string, number>;
  /** Modules whose every export this one re-exports (`export * from`). */
  stars: string[];
}

/** One name asked of a module ('*' for all of them): an import, a re-export, an import() or an import type. */
interface Use {
  from: string;
  name: string;
}

export function findUnusedExports(root: string): UnusedExport[] {
  const files = USER_DIRS.flatMap((dir) => listSources(path.join(root, dir)));
  const modules = new Map<string, ModuleInfo>();
  const uses: Use[] = [];
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const info = readModule(source, (specifier, name) => {
      const target = resolve(file, specifier);
      if (target) uses.push({ from: target, name });
    });
    modules.set(file, info);
  }

  const used = new Set<string>();
  const seen = new Set<string>();
  const mark = (file: string, name: string): void => {
    const key = `${file}\0${name}`;
    if (seen.has(key)) return;
    seen.add(key);
    const info = modules.get(file);
    if (!info) return;
    if (name === '*') {
      for (const own of info.exports.keys()) used.add(`${file}\0${own}`);
      for (const star of info.stars) mark(star, '*');
    } else if (info.exports.has(name)) {
      used.add(key);
    } else {
      for (const star of info.stars) mark(star, name);
    }
  };
  for (const use of uses) mark(use.from, use.name);

  const entries = new Set(ENTRY_POINTS.map((entry) => path.join(root, entry)));
  const srcRoot = path.join(root, 'src') + path.sep;
  const unused: UnusedExport[] = [];
  for (const [file, info] of modules) {
    if (!file.startsWith(srcRoot) || entries.has(file)) continue;
    for (const [name, line] of info.exports) {
      if (!used.has(`${file}\0${name}`)) unused.push({ file: path.relative(root, file).split(path.sep).join('/'), name, line });
    }
  }
  return unused.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

function listSources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...listSources(full));
    } else if (/\.m?ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      out.push(full);
    }
  }
  return out;
}

/** A relative specifier as the compiler maps it: `./x.js` is `./x.ts`, a folder is its index. */
function resolve(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), specifier);
  const stem = base.replace(/\.(m?)js$/, '.$1ts');
  for (const candidate of [stem, base, `${base}.ts`, path.join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

function hasExport(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function hasDefault(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

function readModule(source: ts.SourceFile, use: (specifier: string, name: string) => void): ModuleInfo {
  const exports = new Map<string, number>();
  const stars: string[] = [];
  const lineOf = (node: ts.Node): number => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const addExport = (name: string, node: ts.Node): void => void exports.set(name, lineOf(node));

  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const specifier = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      if (!clause) continue;
      if (clause.name) use(specifier, 'default');
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) use(specifier, '*');
      if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) use(specifier, (el.propertyName ?? el.name).text);
    } else if (ts.isExportDeclaration(statement)) {
      const specifier = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : null;
      const clause = statement.exportClause;
      if (!clause) {
        if (specifier) {
          const target = resolve(source.fileName, specifier);
          if (target) stars.push(target);
        }
      } else if (ts.isNamespaceExport(clause)) {
        addExport(clause.name.text, statement);
        if (specifier) use(specifier, '*');
      } else {
        for (const el of clause.elements) {
          addExport(el.name.text, el);
          if (specifier) use(specifier, (el.propertyName ?? el.name).text);
        }
      }
    } else if (ts.isExportAssignment(statement)) {
      addExport('default', statement);
    } else if (hasExport(statement)) {
      if (hasDefault(statement)) addExport('default', statement);
      else if (ts.isVariableStatement(statement)) {
        for (const decl of statement.declarationList.declarations) if (ts.isIdentifier(decl.name)) addExport(decl.name.text, decl);
      } else if (
        (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) ||
          ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement) || ts.isModuleDeclaration(statement)) &&
        statement.name && ts.isIdentifier(statement.name)
      ) {
        addExport(statement.name.text, statement);
      }
    }
  }

  // import('./x.js') and `typeof import('./x.js').name` anywhere in the file.
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) use(arg.text, '*');
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      const qualifier = node.qualifier;
      const first = qualifier ? (ts.isIdentifier(qualifier) ? qualifier : leftmost(qualifier)) : null;
      use(node.argument.literal.text, first ? first.text : '*');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { exports, stars };
}

function leftmost(name: ts.QualifiedName): ts.Identifier {
  return ts.isIdentifier(name.left) ? name.left : leftmost(name.left);
}

function main(): number {
  const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
  const unused = findUnusedExports(root);
  for (const { file, name, line } of unused) console.error(`${file}:${line}: ${name} is exported but nothing imports it`);
  if (unused.length > 0) console.error(`${unused.length} unused export${unused.length === 1 ? '' : 's'}: remove them, or the export keyword`);
  return unused.length > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
