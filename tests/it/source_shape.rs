//! The shape of `src/`, read from its syntax tree: modules import only
//! from their own layer or the layers below it (docs/architecture.md, "The
//! layer rule"), no two files import each other however indirectly, and no
//! function is longer than [`MAX_FN_LINES`].
//!
//! A file may use the items of the module that declares it (`render/plan.rs`
//! uses `super::Renderer`, whose methods it implements): a module's use of
//! its own children (its `mod` declarations, its re-exports) is part of
//! the module, not an import. Between sibling files and across modules
//! every `crate::` and `super::` path counts.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use quote::ToTokens;
use syn::spanned::Spanned;
use syn::visit::Visit;

/// The layers of `src/`, lowest first: a module may import from its own
/// layer and the layers below. `crate` is `lib.rs` (the build and check
/// commands), `main` the binary.
const LAYERS: &[&[&str]] = &[
    // Leaves that everything shares.
    &["language", "hash", "escape", "slug", "timing", "color", "url_scheme", "content_path"],
    // Problems and their words.
    &["messages", "diagnostics", "text"],
    // Reading the site's files.
    &["files", "front_matter"],
    &["config", "inputs", "period"],
    // Parsing content.
    &["markdown", "svg", "photos", "content", "document"],
    // The site graph, then the regional figures computed from it, then
    // the whole site assembled and checked across files.
    &["graph"],
    &["regional"],
    &["site", "validate"],
    // What a build makes of the site.
    &["output", "render", "search", "export"],
    // Commands.
    &["serve", "scaffold", "publish", "import", "crate", "main", "test_site", "cli"],
];

/// The longest function allowed in `src/`, in lines from `fn` to its
/// closing brace.
const MAX_FN_LINES: usize = 120;

struct SourceFile {
    /// `graph::stages::regions`, `crate` for lib.rs, `main` for main.rs.
    module: String,
    path: PathBuf,
    syntax: syn::File,
}

fn source_files() -> Vec<SourceFile> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.expect("src/ is readable");
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&src).expect("walked under src/").with_extension("");
        let mut parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        if parts.last().is_some_and(|p| p == "mod") {
            parts.pop();
        }
        let module = match parts.join("::").as_str() {
            "lib" => "crate".to_string(),
            other => other.to_string(),
        };
        let text = std::fs::read_to_string(path).expect("a source file is text");
        let syntax = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        files.push(SourceFile { module, path: path.to_path_buf(), syntax });
    }
    assert!(files.len() > 20, "src/ was found");
    files
}

/// The layer of a module: that of its top-level module.
fn layer_of(module: &str) -> usize {
    let top = module.split("::").next().unwrap_or(module);
    LAYERS
        .iter()
        .position(|layer| layer.contains(&top))
        .unwrap_or_else(|| panic!("module `{module}` is in no layer of tests/it/source_shape.rs: add it to the table"))
}

/// Every path starting with `crate::` or `super::` in a file (`use`
/// trees included), as segments after `crate`; `#[cfg(test)]` modules
/// are left out.
struct Paths {
    module: String,
    /// The inline modules (`mod tests { .. }`) being visited.
    inline: Vec<String>,
    found: BTreeSet<Vec<String>>,
}

impl Paths {
    fn absolute(&self, segments: &[String]) -> Option<Vec<String>> {
        let mut base: Vec<String> = match self.module.as_str() {
            "crate" | "main" => Vec::new(),
            m => m.split("::").map(str::to_string).collect(),
        };
        base.extend(self.inline.iter().cloned());
        let mut rest = segments;
        match rest.first().map(String::as_str) {
            Some("crate") => {
                base.clear();
                rest = &rest[1..];
            }
            Some("super") => {
                while rest.first().is_some_and(|s| s == "super") {
                    base.pop()?;
                    rest = &rest[1..];
                }
            }
            _ => return None,
        }
        base.extend(rest.iter().cloned());
        Some(base)
    }

    fn add(&mut self, segments: Vec<String>) {
        // `pub(crate)` is a path too, naming no item.
        if let Some(path) = self.absolute(&segments).filter(|p| !p.is_empty()) {
            self.found.insert(path);
        }
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let mut path = prefix.clone();
                if n.ident != "self" {
                    path.push(n.ident.to_string());
                }
                self.add(path);
            }
            syn::UseTree::Rename(r) => {
                let mut path = prefix.clone();
                path.push(r.ident.to_string());
                self.add(path);
            }
            syn::UseTree::Glob(_) => self.add(prefix.clone()),
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.use_tree(prefix, t);
                }
            }
        }
    }
}

impl<'ast> Visit<'ast> for Paths {
    fn visit_path(&mut self, path: &'ast syn::Path) {
        self.add(path.segments.iter().map(|s| s.ident.to_string()).collect());
        syn::visit::visit_path(self, path);
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &item.tree);
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        // Unit tests may build a whole site to test a part of it.
        let test_only = item.attrs.iter().any(|a| a.path().is_ident("cfg") && a.meta.to_token_stream().to_string().contains("test"));
        if test_only {
            return;
        }
        self.inline.push(item.ident.to_string());
        syn::visit::visit_item_mod(self, item);
        self.inline.pop();
    }
}

/// The module files each file imports from (the longest module prefix of
/// each path; items of lib.rs belong to `crate`).
fn imports(files: &[SourceFile]) -> BTreeMap<String, BTreeSet<String>> {
    let modules: BTreeSet<&str> = files.iter().map(|f| f.module.as_str()).collect();
    let mut out = BTreeMap::new();
    for f in files {
        let mut paths = Paths { module: f.module.clone(), inline: Vec::new(), found: BTreeSet::new() };
        paths.visit_file(&f.syntax);
        let mut targets = BTreeSet::new();
        for path in paths.found {
            let target = (1..=path.len())
                .rev()
                .map(|n| path[..n].join("::"))
                .find(|m| modules.contains(m.as_str()))
                .unwrap_or_else(|| "crate".to_string());
            // A file's own items and its child modules' are not imports.
            let own = target == f.module || (f.module != "crate" && target.starts_with(&format!("{}::", f.module)));
            if !own {
                targets.insert(target);
            }
        }
        out.insert(f.module.clone(), targets);
    }
    out
}

#[test]
fn no_module_imports_from_a_layer_above_its_own() {
    let files = source_files();
    let mut wrong = Vec::new();
    for (module, targets) in imports(&files) {
        if module == "main" {
            continue;
        }
        for target in targets {
            if target != "main" && layer_of(&target) > layer_of(&module) {
                wrong.push(format!("{module} (layer {}) imports {target} (layer {})", layer_of(&module), layer_of(&target)));
            }
        }
    }
    assert!(wrong.is_empty(), "imports from a higher layer:\n{}", wrong.join("\n"));
}

#[test]
fn no_files_import_each_other() {
    let files = source_files();
    let graph = imports(&files);
    // A file importing its parent module's items is fine only when the
    // parent does not import it back: find every cycle with Tarjan's
    // strongly connected components.
    let names: Vec<&String> = graph.keys().collect();
    let index: BTreeMap<&String, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let edges: Vec<Vec<usize>> = names.iter().map(|n| graph[*n].iter().filter_map(|t| index.get(t).copied()).collect()).collect();
    let cycles = strongly_connected(&edges)
        .into_iter()
        .filter(|c| c.len() > 1)
        .map(|c| c.iter().map(|&i| names[i].as_str()).collect::<Vec<_>>().join(" <-> "))
        .collect::<Vec<_>>();
    assert!(cycles.is_empty(), "files importing each other:\n{}", cycles.join("\n"));
}

/// Tarjan's algorithm, iterative enough for a few hundred files.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    struct State<'a> {
        edges: &'a [Vec<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        out: Vec<Vec<usize>>,
    }
    fn visit(s: &mut State<'_>, v: usize) {
        s.index[v] = Some(s.next);
        s.low[v] = s.next;
        s.next += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        for &w in &s.edges[v] {
            match s.index[w] {
                None => {
                    visit(s, w);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(i) if s.on_stack[w] => s.low[v] = s.low[v].min(i),
                Some(_) => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack[w] = false;
                component.push(w);
                if w == v {
                    break;
                }
            }
            s.out.push(component);
        }
    }
    let n = edges.len();
    let mut s =
        State { edges, index: vec![None; n], low: vec![0; n], on_stack: vec![false; n], stack: Vec::new(), next: 0, out: Vec::new() };
    for v in 0..n {
        if s.index[v].is_none() {
            visit(&mut s, v);
        }
    }
    s.out
}

/// Every function with a body: (name, first line, lines).
struct Functions {
    found: Vec<(String, usize, usize)>,
}

impl Functions {
    fn add(&mut self, name: &syn::Ident, start: proc_macro2::Span, block: &syn::Block) {
        let first = start.start().line;
        let last = block.span().end().line;
        self.found.push((name.to_string(), first, last + 1 - first));
    }
}

impl<'ast> Visit<'ast> for Functions {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.add(&f.sig.ident, f.sig.fn_token.span, &f.block);
        syn::visit::visit_item_fn(self, f);
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.add(&f.sig.ident, f.sig.fn_token.span, &f.block);
        syn::visit::visit_impl_item_fn(self, f);
    }

    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        if let Some(block) = &f.default {
            self.add(&f.sig.ident, f.sig.fn_token.span, block);
        }
        syn::visit::visit_trait_item_fn(self, f);
    }
}

#[test]
fn no_function_is_longer_than_the_limit() {
    let mut long = Vec::new();
    for f in source_files() {
        let mut functions = Functions { found: Vec::new() };
        functions.visit_file(&f.syntax);
        for (name, line, lines) in functions.found {
            if lines > MAX_FN_LINES {
                long.push(format!("{}:{line}: `{name}` has {lines} lines", f.path.display()));
            }
        }
    }
    assert!(long.is_empty(), "functions longer than {MAX_FN_LINES} lines:\n{}", long.join("\n"));
}

#[test]
fn the_layer_table_knows_every_module() {
    for f in source_files() {
        layer_of(&f.module);
    }
}
