//! The client bundle as built: the names of its script, WebAssembly and styles under `/pkg`.
//! A build with `hash-files` (the workspace's `Cargo.toml`) names each file by the hash of its
//! content (`opora.<hash>.wasm`) and lists the hashes in `hash.txt` beside the server binary —
//! the file leptos itself reads for the page's scripts and styles. Such files never change under
//! their name, so browsers keep them for good; a new version names new files. A build without
//! hashes has `opora.js`, `opora.wasm` and `opora.css`.
//!
//! A build with `--split` adds the pages loaded when first opened: a chunk of WebAssembly per
//! area of pages (`split_<area>.<hash>.wasm`, `app/src/lazy_pages.rs`), the chunks areas share
//! (`chunk_<n>.<hash>.wasm`), the script that loads them (`__wasm_split.<hash>.js`) and a
//! manifest of the chunks (`__wasm_split_manifest.<hash>.json`), listed in `hash.txt` too.

use std::path::{Path, PathBuf};

const OUTPUT_NAME: &str = "opora";

/// The names of the bundle's files under `/pkg`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundle {
    pub js: String,
    pub wasm: String,
    pub css: String,
    /// The content hash of the WebAssembly, when the names carry hashes.
    pub wasm_hash: Option<String>,
    /// The manifest of the lazily loaded chunks, in a build with `--split`.
    pub manifest: Option<String>,
    /// The script that loads the chunks, in a build with `--split`.
    pub split_loader: Option<String>,
}

impl Bundle {
    /// Where a hashed build lists its hashes: `hash.txt` beside the running binary.
    pub fn hash_file() -> Option<PathBuf> {
        Some(std::env::current_exe().ok()?.parent()?.join("hash.txt"))
    }

    /// Whether the running binary was built with hashed names.
    pub fn is_hashed() -> bool {
        Bundle::hash_file().is_some_and(|p| p.exists())
    }

    /// The bundle as built now. Read at each use (a few bytes): a page open all day learns of
    /// a new version by it.
    pub fn current() -> Bundle {
        let listed = Bundle::hash_file().and_then(|p| std::fs::read_to_string(p).ok());
        Bundle::from_hash_list(listed.as_deref())
    }

    /// The names from the lines of `hash.txt` («js: …», «wasm: …», «css: …»); plain names for
    /// what it does not list.
    pub fn from_hash_list(listed: Option<&str>) -> Bundle {
        let hash = |kind: &str| {
            listed?.lines().find_map(|line| {
                let (file, hash) = line.split_once(':')?;
                (file.trim() == kind && !hash.trim().is_empty()).then(|| hash.trim().to_string())
            })
        };
        let name = |kind: &str| match hash(kind) {
            Some(h) => format!("{OUTPUT_NAME}.{h}.{kind}"),
            None => format!("{OUTPUT_NAME}.{kind}"),
        };
        let split = |stem: &str, kind: &str, ext: &str| hash(kind).map(|h| format!("{stem}.{h}.{ext}"));
        Bundle {
            js: name("js"),
            wasm: name("wasm"),
            css: name("css"),
            wasm_hash: hash("wasm"),
            manifest: split("__wasm_split_manifest", "manifest", "json"),
            split_loader: split("__wasm_split", "split", "js"),
        }
    }

    /// The files of the pages loaded when first opened (`/pkg/…`): the loader and the chunks its
    /// manifest names; none in a build without `--split` or when the manifest cannot be read.
    /// A manifest is named by its content, so what it lists is read once (the service worker's
    /// script is asked for at every visit) and kept for as long as that manifest is the bundle's.
    pub fn lazy_files(&self, site_root: &Path) -> Vec<String> {
        type Kept = Option<(PathBuf, Vec<String>)>;
        static KEPT: std::sync::Mutex<Kept> = std::sync::Mutex::new(None);
        let (Some(manifest), Some(loader)) = (&self.manifest, &self.split_loader) else { return Vec::new() };
        let path = site_root.join("pkg").join(manifest);
        let mut kept = KEPT.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, files)) = kept.as_ref().filter(|(read, _)| *read == path) {
            return files.clone();
        }
        let files = Bundle::read_lazy_files(&path, manifest, loader);
        if !files.is_empty() {
            *kept = Some((path, files.clone()));
        }
        files
    }

    fn read_lazy_files(path: &Path, manifest: &str, loader: &str) -> Vec<String> {
        let Ok(text) = std::fs::read_to_string(path) else {
            tracing::warn!(manifest, "the manifest of the lazily loaded pages is missing from the built site");
            return Vec::new();
        };
        let chunks: std::collections::BTreeMap<String, Vec<String>> = match serde_json::from_str(&text) {
            Ok(chunks) => chunks,
            Err(error) => {
                tracing::warn!(manifest, %error, "the manifest of the lazily loaded pages is not readable");
                return Vec::new();
            }
        };
        let mut files = vec![format!("/pkg/{loader}")];
        let mut stems: Vec<&String> = chunks.values().flatten().collect();
        stems.sort();
        stems.dedup();
        files.extend(stems.into_iter().map(|stem| format!("/pkg/{stem}.wasm")));
        files
    }

    /// What identifies this version of the client: the hashed name of its WebAssembly, or, in a
    /// build without hashes, the time the file was written.
    pub fn stamp(&self, site_root: &Path) -> String {
        if self.wasm_hash.is_some() {
            return self.wasm.clone();
        }
        let written = std::fs::metadata(site_root.join("pkg").join(&self.wasm))
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_millis())
            .unwrap_or_default();
        format!("{}@{written}", self.wasm)
    }

    /// The service worker's script with this bundle's names in its list of app files, and its
    /// cache named after the version, so that a new version replaces the files it keeps.
    /// `lazy` — the files of the pages loaded when first opened — join the list, so that an
    /// installed app has every page at hand, with no connection too.
    pub fn service_worker(&self, template: &str, lazy: &[String]) -> String {
        let listed: String = lazy.iter().map(|file| format!("  \"{file}\",\n")).collect();
        let mut script = template
            .replace("/pkg/opora.js\"", &format!("/pkg/{}\"", self.js))
            .replace("/pkg/opora.wasm\"", &format!("/pkg/{}\"", self.wasm))
            .replace("/pkg/opora.css\"", &format!("/pkg/{}\"", self.css))
            .replace("  // LAZY_FILES\n", &listed);
        if let Some(hash) = &self.wasm_hash {
            script = script.replace("\"opora-app-v1\"", &format!("\"opora-app-{hash}\""));
        }
        script
    }

    /// Whether a file under `/pkg` is named by its content («opora.<hash>.wasm», an area's chunk
    /// «split_<area>.<hash>.wasm», a chunk areas share «chunk_<n>.<hash>.wasm», the chunks' loader
    /// and manifest).
    pub fn is_hashed_name(file: &str) -> bool {
        let file = file.trim_end_matches(".br").trim_end_matches(".gz");
        let parts: Vec<&str> = file.split('.').collect();
        let [stem, hash, ext] = parts[..] else { return false };
        let known = match ext {
            "js" => stem == OUTPUT_NAME || stem == "__wasm_split",
            // An area's chunk, and the chunks areas share (`chunk_<n>`).
            "wasm" => stem == OUTPUT_NAME || stem.starts_with("split_") || stem.starts_with("chunk_"),
            "css" => stem == OUTPUT_NAME,
            "json" => stem == "__wasm_split_manifest",
            _ => false,
        };
        known && hash.len() >= 8 && hash.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hashed_build_names_its_files_by_their_hashes() {
        let bundle = Bundle::from_hash_list(Some("js: AbC123xyz\nwasm: Qq9_-wasmhash\ncss: cssHash42\n"));
        assert_eq!(bundle.js, "opora.AbC123xyz.js");
        assert_eq!(bundle.wasm, "opora.Qq9_-wasmhash.wasm");
        assert_eq!(bundle.css, "opora.cssHash42.css");
        assert_eq!(bundle.stamp(Path::new("/nowhere")), "opora.Qq9_-wasmhash.wasm");
    }

    #[test]
    fn a_build_without_hashes_keeps_plain_names_and_is_stamped_by_its_date() {
        let bundle = Bundle::from_hash_list(None);
        assert_eq!(
            (bundle.js.as_str(), bundle.wasm.as_str(), bundle.css.as_str()),
            ("opora.js", "opora.wasm", "opora.css")
        );
        assert_eq!(bundle.stamp(Path::new("/nowhere")), "opora.wasm@0");
    }

    #[test]
    fn the_service_worker_keeps_the_files_of_this_version() {
        let template = "const APP_CACHE = \"opora-app-v1\";\nconst APP_FILES = [\n  \"/pkg/opora.js\",\n  \"/pkg/opora.wasm\",\n  \"/pkg/opora.css\",\n];\n<link rel=\"stylesheet\" href=\"/pkg/opora.css\">";
        let script =
            Bundle::from_hash_list(Some("js: j1234567\nwasm: w1234567\ncss: c1234567")).service_worker(template, &[]);
        assert!(script.contains("\"opora-app-w1234567\""));
        assert!(script.contains("\"/pkg/opora.j1234567.js\""));
        assert!(script.contains("\"/pkg/opora.w1234567.wasm\""));
        assert!(script.contains("href=\"/pkg/opora.c1234567.css\""));
        assert!(!script.contains("opora.css\""));
        assert_eq!(Bundle::from_hash_list(None).service_worker(template, &[]), template);
    }

    #[test]
    fn a_split_build_lists_the_chunks_of_its_lazy_pages_for_the_service_worker() {
        let site = std::env::temp_dir().join(format!("opora-bundle-{}", std::process::id()));
        std::fs::create_dir_all(site.join("pkg")).unwrap();
        std::fs::write(
            site.join("pkg").join("__wasm_split_manifest.m1234567.json"),
            r#"{"__audit":["split___audit.a1234567"],"__calendar":["split___calendar.c1234567","split___shared.s1234567"],"__plan":["split___shared.s1234567"]}"#,
        )
        .unwrap();
        let bundle = Bundle::from_hash_list(Some(
            "js: j1234567\nwasm: w1234567\ncss: c1234567\nmanifest: m1234567\nsplit: l1234567",
        ));
        let lazy = bundle.lazy_files(&site);
        assert_eq!(
            lazy,
            [
                "/pkg/__wasm_split.l1234567.js",
                "/pkg/split___audit.a1234567.wasm",
                "/pkg/split___calendar.c1234567.wasm",
                "/pkg/split___shared.s1234567.wasm",
            ]
        );
        let script = bundle.service_worker("const APP_FILES = [\n  \"/pkg/opora.js\",\n  // LAZY_FILES\n];", &lazy);
        assert!(script.contains("  \"/pkg/split___shared.s1234567.wasm\",\n];"));
        assert!(lazy.iter().all(|f| Bundle::is_hashed_name(f.trim_start_matches("/pkg/"))));
        // A build without `--split`, or a manifest gone: no lazy files, the list as it was.
        assert!(Bundle::from_hash_list(Some("js: j1234567")).lazy_files(&site).is_empty());
        std::fs::remove_dir_all(&site).unwrap();
        assert!(bundle.lazy_files(&site.join("elsewhere")).is_empty());
        // Read once: the list stays while the manifest is the bundle's.
        assert_eq!(bundle.lazy_files(&site).len(), 4);
        assert_eq!(Bundle::from_hash_list(None).service_worker("  // LAZY_FILES\n", &[]), "");
    }

    #[test]
    fn only_names_with_a_hash_are_kept_for_good() {
        assert!(Bundle::is_hashed_name("opora.Qq9_-wasmhash.wasm"));
        assert!(Bundle::is_hashed_name("opora.Qq9_-wasmhash.wasm.br"));
        assert!(!Bundle::is_hashed_name("opora.wasm"));
        assert!(!Bundle::is_hashed_name("opora.css.gz"));
        assert!(!Bundle::is_hashed_name("__wasm_split_manifest.json"));
        assert!(Bundle::is_hashed_name("__wasm_split_manifest.1m2RNwn2FNK1DzKOZ5u7Eg.json"));
        assert!(Bundle::is_hashed_name("__wasm_split.ZxomL73c2pcUeJiBTsqUnw.js.br"));
        assert!(Bundle::is_hashed_name("split___audit_route_view_8018607603468326644.S_NmTCfE-MHve7b93Cxo4A.wasm"));
        assert!(Bundle::is_hashed_name("chunk_67.XZjvnBX8A-LM_5I7ce2x_Q.wasm"));
        assert!(!Bundle::is_hashed_name("split___audit_route_view.wasm"));
        assert!(!Bundle::is_hashed_name("other.Qq9_-wasmhash.wasm"));
    }
}
