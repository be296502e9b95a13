//! The layer check: every top-level module of `backend/src` imports only modules of its own layer
//! or a lower one, and modules of one layer import each other without a circle. The layers are
//! read from `docs/ARCHITECTURE.md`, so the document and the check cannot disagree.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The numbered layer list between these markers in docs/ARCHITECTURE.md.
const START: &str = "<!-- layers:start -->";
const END: &str = "<!-- layers:end -->";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// Module name → layer number (1 is the ground), from lines like ``3. http — `http` ``.
fn layers() -> BTreeMap<String, usize> {
    let doc = std::fs::read_to_string(root().join("../docs/ARCHITECTURE.md"))
        .expect("docs/ARCHITECTURE.md is readable");
    let start = doc.find(START).expect("the layer list's start marker");
    let end = doc.find(END).expect("the layer list's end marker");
    let mut out = BTreeMap::new();
    for line in doc[start + START.len()..end].lines() {
        let line = line.trim();
        let Some((number, rest)) = line.split_once(". ") else {
            continue;
        };
        let Ok(layer) = number.parse::<usize>() else {
            continue;
        };
        for (i, part) in rest.split('`').enumerate() {
            if i % 2 == 1 {
                let previous = out.insert(part.to_owned(), layer);
                assert!(previous.is_none(), "`{part}` stands in two layers");
            }
        }
    }
    assert!(!out.is_empty(), "the layer list is empty");
    out
}

/// Every `.rs` file below `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable source folder") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules a file names through `crate::…`, comments left out.
fn imports(text: &str) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .map(|line| match line.find("//") {
            // A `//` inside a string literal (a URL) would cut real code; such lines name no
            // module after it in this code base, and the check errs towards seeing less.
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        // `xuexin_crate::` or `$crate::` are not this crate's path.
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut names = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 1 => break,
                    '}' => depth -= 1,
                    _ => {}
                }
                names.push(if depth == 1 { c } else { ' ' });
            }
            for item in names.split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() && name != "self" {
                    out.insert(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

/// Top-level module → the modules it imports, with the files that import each.
fn graph() -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
    let src = root().join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut out: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for file in files {
        let relative = file
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let top = relative
            .split('/')
            .next()
            .unwrap()
            .trim_end_matches(".rs")
            .to_owned();
        let text = std::fs::read_to_string(&file).unwrap();
        let entry = out.entry(top.clone()).or_default();
        for name in imports(&text) {
            if name != top {
                entry.entry(name).or_default().insert(relative.clone());
            }
        }
    }
    out
}

#[test]
fn every_module_imports_only_its_own_layer_or_lower_ones() {
    let layers = layers();
    let graph = graph();
    let mut problems = Vec::new();
    for module in graph.keys() {
        if !layers.contains_key(module) {
            problems.push(format!(
                "`{module}` is in no layer: add it to docs/ARCHITECTURE.md's layer list"
            ));
        }
    }
    for (module, imports) in &graph {
        let Some(&own) = layers.get(module) else {
            continue;
        };
        for (import, files) in imports {
            match layers.get(import) {
                Some(&layer) if layer > own => problems.push(format!(
                    "`{module}` (layer {own}) imports `{import}` (layer {layer}) in {}",
                    files.iter().cloned().collect::<Vec<_>>().join(", ")
                )),
                _ => {}
            }
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn modules_of_one_layer_import_each_other_without_a_circle() {
    let layers = layers();
    let graph = graph();
    let edges = |m: &str| -> Vec<String> {
        graph.get(m).map_or_else(Vec::new, |imports| {
            imports
                .keys()
                .filter(|i| layers.get(*i) == layers.get(m))
                .cloned()
                .collect()
        })
    };
    // Depth-first search; a module met again on the current path closes a circle.
    fn visit(
        m: &str,
        edges: &dyn Fn(&str) -> Vec<String>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        circles: &mut Vec<String>,
    ) {
        if let Some(at) = path.iter().position(|p| p == m) {
            let mut circle = path[at..].to_vec();
            circle.push(m.to_owned());
            circles.push(circle.join(" → "));
            return;
        }
        if !done.insert(m.to_owned()) {
            return;
        }
        path.push(m.to_owned());
        for next in edges(m) {
            visit(&next, edges, path, done, circles);
        }
        path.pop();
    }
    let mut circles = Vec::new();
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        visit(module, &edges, &mut Vec::new(), &mut done, &mut circles);
    }
    assert!(circles.is_empty(), "\n{}\n", circles.join("\n"));
}

#[test]
fn the_import_reader_sees_paths_and_groups_but_not_comments() {
    let found = imports(
        "use crate::db::{Db, timestamp};\nuse crate::{error::AppError, http::{a, b}};\n\
         // crate::images is only mentioned\nlet x = crate::clock::now(); $crate::nope",
    );
    let found: Vec<_> = found.into_iter().collect();
    assert_eq!(found, ["clock", "db", "error", "http"]);
}
