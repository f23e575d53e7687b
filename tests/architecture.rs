//! The layering of the `app` crate, checked on its sources: the base never imports a feature, a
//! lower layer never imports a higher one, modules of one layer do not import each other in a
//! circle, and no two files import each other. The layers are written down in the README
//! («Устройство»); this table is the same list. A failure prints the offending `use` line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first: each top-level module of `app/src` with its layer.
pub const LAYERS: &[(&str, &[&str])] = &[
    (
        "основа",
        &[
            "error",
            "cores",
            "counted",
            "time",
            "phone",
            "keys",
            "labels",
            "validation",
            "url",
            "textfile",
            "spreadsheet",
            "social_services",
            "institution",
            "db",
            "live",
            "state",
            "stored_files",
            "periods",
            "report_tables",
            "components",
        ],
    ),
    ("учётные записи", &["auth", "download"]),
    ("аудит", &["audit"]),
    ("рамка страницы и вход", &["shell"]),
    ("участки", &["districts"]),
    ("календарь", &["calendar"]),
    ("журнал", &["journal", "applications"]),
    ("случаи", &["cases", "people"]),
    (
        "разделы на случаях",
        &[
            "board",
            "acts",
            "visits",
            "plans",
            "ippsu",
            "contracts",
            "consilium",
            "router_maps",
            "resources",
            "admin",
            "trail",
            "elders",
            "rental",
            "taxi",
            "inquiries",
            "patrol",
        ],
    ),
    // Reports and the head's dashboard count what the sections above record.
    ("отчёты и сводка", &["reports", "dashboard"]),
    ("маршруты страниц", &["lib", "routes", "lazy_pages", "home", "urgent"]),
];

/// One reference from a file to a module: where it is and what it names.
#[derive(Debug, Clone)]
pub struct Reference {
    pub file: PathBuf,
    pub line: usize,
    pub text: String,
    /// The module path named, from the crate root: ["journal", "types", "urlencode"].
    pub path: Vec<String>,
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, modules)| modules.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a source file: `src/journal/repo.rs` → ["journal", "repo"],
/// `src/journal/mod.rs` → ["journal"], `src/lib.rs` → [].
pub fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).unwrap_or(file);
    let mut parts: Vec<String> =
        relative.iter().map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string()).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib" || p == "main") {
        parts.pop();
    }
    parts
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The paths of a `{a::b, c::{d, e}}` group or of a single `a::b`, starting at `text`.
fn paths_in(text: &str) -> Vec<Vec<String>> {
    let text = text.trim_start();
    if let Some(group) = text.strip_prefix('{') {
        let mut depth = 0;
        let mut end = group.len();
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    end = i;
                    break;
                }
                '}' => depth -= 1,
                _ => {}
            }
        }
        let inner = &group[..end];
        let mut items = Vec::new();
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    items.push(&inner[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        items.push(&inner[start..]);
        return items.into_iter().filter(|i| !i.trim().is_empty()).flat_map(paths_in).collect();
    }
    let mut path = Vec::new();
    let mut rest = text;
    loop {
        let name: String = rest.chars().take_while(|c| is_ident(*c)).collect();
        if name.is_empty() {
            break;
        }
        rest = &rest[name.len()..];
        path.push(name);
        match rest.strip_prefix("::") {
            Some(after) if after.starts_with('{') => {
                return paths_in(after).into_iter().map(|tail| path.iter().cloned().chain(tail).collect()).collect();
            }
            Some(after) => rest = after,
            None => break,
        }
    }
    vec![path]
}

/// Every `crate::…` and `super::…` path a file names (comments left out), resolved from the
/// crate root.
pub fn references(src: &Path, file: &Path) -> Vec<Reference> {
    let Ok(text) = std::fs::read_to_string(file) else { return Vec::new() };
    let module = module_of(src, file);
    let mut out = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let code = raw.trim_start();
        if code.starts_with("//") {
            continue;
        }
        let code = match code.find(" //") {
            Some(i) if !code[..i].contains('"') => &code[..i],
            _ => code,
        };
        for (prefix, base) in [
            ("crate::", Vec::new()),
            ("super::", module.iter().take(module.len().saturating_sub(1)).cloned().collect()),
        ] {
            let mut search = 0;
            while let Some(found) = code[search..].find(prefix) {
                let at = search + found;
                search = at + prefix.len();
                // `crate::` inside another path (`leptos::crate::…` does not occur) or `super::super`.
                if at > 0 && code[..at].chars().last().is_some_and(|c| is_ident(c) || c == ':') {
                    continue;
                }
                for path in paths_in(&code[at + prefix.len()..]) {
                    if path.is_empty() {
                        continue;
                    }
                    let full: Vec<String> = base.iter().cloned().chain(path).collect();
                    out.push(Reference {
                        file: file.to_path_buf(),
                        line: n + 1,
                        text: raw.trim().to_string(),
                        path: full,
                    });
                }
            }
        }
    }
    out
}

/// The source file a module path lives in: the longest prefix of the path that is a file.
pub fn file_of(src: &Path, path: &[String]) -> Option<PathBuf> {
    for len in (1..=path.len()).rev() {
        let dir: PathBuf = path[..len].iter().collect();
        for candidate in [src.join(&dir).with_extension("rs"), src.join(&dir).join("mod.rs")] {
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// What breaks the layering, one line per offence.
pub fn offences(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut offences = Vec::new();
    let mut file_edges: BTreeMap<PathBuf, BTreeMap<PathBuf, Reference>> = BTreeMap::new();
    let mut module_edges: BTreeMap<String, BTreeMap<String, Reference>> = BTreeMap::new();
    let show =
        |r: &Reference| format!("{}:{}: {}", r.file.strip_prefix(src).unwrap_or(&r.file).display(), r.line, r.text);
    for file in &files {
        let module = module_of(src, file);
        let top = module.first().cloned().unwrap_or_else(|| "lib".to_string());
        let Some(layer) = layer_of(&top) else {
            offences.push(format!(
                "{}: модуль «{top}» не отнесён ни к одному слою (tests/architecture.rs, LAYERS)",
                file.display()
            ));
            continue;
        };
        for reference in references(src, file) {
            let target = reference.path[0].clone();
            let Some(target_layer) = layer_of(&target) else { continue };
            if target_layer > layer {
                offences.push(format!(
                    "слой «{}» не может брать из слоя «{}»: {}",
                    LAYERS[layer].0,
                    LAYERS[target_layer].0,
                    show(&reference)
                ));
            }
            // Circles across layers show as a lower layer importing a higher one; within a layer
            // they are looked for below.
            if target != top && target_layer == layer {
                module_edges.entry(top.clone()).or_default().entry(target.clone()).or_insert_with(|| reference.clone());
            }
            if let Some(target_file) = file_of(src, &reference.path) {
                if &target_file != file {
                    file_edges.entry(file.clone()).or_default().entry(target_file).or_insert(reference);
                }
            }
        }
    }
    // Two files that import each other.
    for (a, targets) in &file_edges {
        for (b, reference) in targets {
            if a < b {
                if let Some(back) = file_edges.get(b).and_then(|t| t.get(a)) {
                    offences.push(format!(
                        "файлы импортируют друг друга:\n    {}\n    {}",
                        show(reference),
                        show(back)
                    ));
                }
            }
        }
    }
    // Circles between modules (within one layer; across layers the order above forbids them).
    let modules: Vec<String> = module_edges.keys().cloned().collect();
    let mut reported = BTreeSet::new();
    for start in &modules {
        // Depth-first search for a way back to `start`.
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((node, path)) = stack.pop() {
            for next in module_edges.get(&node).map(|t| t.keys().cloned().collect::<Vec<_>>()).unwrap_or_default() {
                if &next == start && path.len() > 1 {
                    let mut circle = path.clone();
                    circle.sort();
                    if reported.insert(circle) {
                        let lines: Vec<String> = path
                            .iter()
                            .zip(path.iter().skip(1).chain(std::iter::once(start)))
                            .map(|(a, b)| format!("    {}", show(&module_edges[a][b])))
                            .collect();
                        offences.push(format!("модули по кругу {} → {start}:\n{}", path.join(" → "), lines.join("\n")));
                    }
                } else if !seen.contains(&next) && !path.contains(&next) {
                    seen.insert(next.clone());
                    let mut longer = path.clone();
                    longer.push(next.clone());
                    stack.push((next, longer));
                }
            }
        }
    }
    offences
}

#[test]
fn the_app_keeps_its_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src");
    let found = offences(&src);
    assert!(found.is_empty(), "нарушения слоёв ({}):\n{}", found.len(), found.join("\n"));
}

#[test]
fn the_check_finds_a_bad_import() {
    let dir = std::env::temp_dir().join(format!("opora-architecture-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("journal")).unwrap();
    std::fs::create_dir_all(dir.join("cases")).unwrap();
    std::fs::write(dir.join("lib.rs"), "pub mod error;\npub mod journal;\npub mod cases;\n").unwrap();
    // The base borrowing from a feature; two files that import each other.
    // (Spelled in two halves, so that a search and replace over the sources leaves it alone.)
    let bad = format!("use crate::{}::types::urlencode;\n", "journal");
    std::fs::write(dir.join("error.rs"), &bad).unwrap();
    // Two features of one layer that import each other.
    std::fs::write(dir.join("acts.rs"), "use crate::visits::Visit;\n").unwrap();
    std::fs::write(dir.join("visits.rs"), "pub fn f() { crate::acts::Act::new(); }\n").unwrap();
    std::fs::write(dir.join("journal/mod.rs"), "pub mod types;\n").unwrap();
    std::fs::write(dir.join("journal/types.rs"), "use crate::{error::AppError, cases::types::Card};\n").unwrap();
    std::fs::write(dir.join("cases/mod.rs"), "pub mod types;\npub mod repo;\n").unwrap();
    std::fs::write(dir.join("cases/types.rs"), "use super::repo::Row;\n// use crate::board::Card; (a comment)\n")
        .unwrap();
    std::fs::write(dir.join("cases/repo.rs"), "use super::types::Card;\nuse crate::journal::types::X;\n").unwrap();
    let found = offences(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    let text = found.join("\n");
    assert!(
        text.contains(&format!("слой «основа» не может брать из слоя «журнал»: error.rs:1: {}", bad.trim())),
        "{text}"
    );
    assert!(text.contains("слой «журнал» не может брать из слоя «случаи»: journal/types.rs:1"), "{text}");
    assert!(text.contains("файлы импортируют друг друга:\n    cases/repo.rs:1: use super::types::Card;\n    cases/types.rs:1: use super::repo::Row;"), "{text}");
    assert!(
        text.contains(
            "модули по кругу acts → visits → acts:\n    acts.rs:1: use crate::visits::Visit;\n    visits.rs:1"
        ),
        "{text}"
    );
    assert!(!text.contains("board"), "a comment is not an import: {text}");
}
