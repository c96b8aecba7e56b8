import path from 'node:path';

// An ESLint rule for the layering in ARCHITECTURE.md. no-restricted-imports
// matches import text, so `../host/x.js` would mean main/host from one folder
// and a harmless sibling from another; this rule resolves each relative import
// against the importing file and compares folders of the repository instead.

/** Repository-relative, '/'-separated. */
function fromRoot(root, file) {
  return path.relative(root, file).split(path.sep).join('/');
}

/** `file` is `folder` itself or lies inside it. */
function inside(file, folder) {
  return file === folder || file.startsWith(`${folder}/`);
}

/** The package an import names: `stripe/lib/x` → `stripe`, `@a/b/c` → `@a/b`; node builtins keep `node:`. */
function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** An import or re-export that brings in types only (erased at build, so no code crosses the layer). */
function typesOnly(node) {
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  const specifiers = node.specifiers ?? [];
  return specifiers.length > 0 && specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type');
}

/**
 * Options: `{ root, layers }`, each layer `{ folder, why, forbid?, forbidPackages?, onlyTypesFrom? }`:
 * `forbid` lists repository folders the layer may not import, `forbidPackages` npm packages
 * (or `node:` builtins), and `onlyTypesFrom` (when set) is the complete list of folders or
 * files outside the layer it may reach, with type-only imports. A file belongs to the most
 * specific layer whose folder holds it.
 */
export const layerImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Each layer imports only what the layering allows (ARCHITECTURE.md).' },
    schema: false,
    messages: {
      forbidden: '{{layer}} may not import {{target}}: {{why}}',
      typesOnly: '{{layer}} may import only types from {{allowed}}, not {{target}}: {{why}}',
    },
  },
  create(context) {
    const [{ root, layers }] = context.options;
    const file = fromRoot(root, context.filename);
    const layer = layers.filter((l) => inside(file, l.folder)).sort((a, b) => b.folder.length - a.folder.length)[0];
    if (!layer) return {};

    function report(node, messageId, target) {
      const allowed = (layer.onlyTypesFrom ?? []).join(', ');
      context.report({ node, messageId, data: { layer: layer.folder, target, why: layer.why, allowed } });
    }

    function check(node, source, types) {
      const spec = source?.value;
      if (typeof spec !== 'string') return;
      if (!spec.startsWith('.')) {
        const pkg = packageName(spec);
        if ((layer.forbidPackages ?? []).includes(pkg)) report(node, 'forbidden', pkg);
        return;
      }
      const target = fromRoot(root, path.resolve(path.dirname(context.filename), spec));
      if (inside(target, layer.folder)) return;
      const banned = (layer.forbid ?? []).find((folder) => inside(target, folder));
      if (banned) return report(node, 'forbidden', banned);
      if (!layer.onlyTypesFrom) return;
      // `../contract` and `../contract.js` both name contract.ts.
      const bare = target.replace(/\.(js|ts|tsx)$/, '');
      const reachable = layer.onlyTypesFrom.some((allowed) => inside(bare, allowed.replace(/\.(js|ts|tsx)$/, '')));
      if (!reachable || !types) report(node, 'typesOnly', target);
    }

    return {
      ImportDeclaration: (node) => check(node, node.source, typesOnly(node)),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source, typesOnly(node)),
      ExportAllDeclaration: (node) => check(node, node.source, typesOnly(node)),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source, false),
      // `import('../x.js').T` in a type position.
      TSImportType: (node) => check(node, node.argument?.literal ?? node.argument, true),
    };
  },
};
