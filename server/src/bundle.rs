//! The client bundle as built: the names of its script, WebAssembly and styles under `/pkg`.
//! A build with `hash-files` (the workspace's `Cargo.toml`) names each file by the hash of its
//! content (`opora.<hash>.wasm`) and lists the hashes in `hash.txt` beside the server binary —
//! the file leptos itself reads for the page's scripts and styles. Such files never change under
//! their name, so browsers keep them for good; a new version names new files. A build without
//! hashes has `opora.js`, `opora.wasm` and `opora.css`.

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
        Bundle { js: name("js"), wasm: name("wasm"), css: name("css"), wasm_hash: hash("wasm") }
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
    pub fn service_worker(&self, template: &str) -> String {
        let mut script = template
            .replace("/pkg/opora.js\"", &format!("/pkg/{}\"", self.js))
            .replace("/pkg/opora.wasm\"", &format!("/pkg/{}\"", self.wasm))
            .replace("/pkg/opora.css\"", &format!("/pkg/{}\"", self.css));
        if let Some(hash) = &self.wasm_hash {
            script = script.replace("\"opora-app-v1\"", &format!("\"opora-app-{hash}\""));
        }
        script
    }

    /// Whether a file under `/pkg` is named by its content («opora.<hash>.wasm»).
    pub fn is_hashed_name(file: &str) -> bool {
        let file = file.trim_end_matches(".br").trim_end_matches(".gz");
        let parts: Vec<&str> = file.split('.').collect();
        parts.len() == 3 && parts[0] == OUTPUT_NAME && parts[1].len() >= 8 && matches!(parts[2], "js" | "wasm" | "css")
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
            Bundle::from_hash_list(Some("js: j1234567\nwasm: w1234567\ncss: c1234567")).service_worker(template);
        assert!(script.contains("\"opora-app-w1234567\""));
        assert!(script.contains("\"/pkg/opora.j1234567.js\""));
        assert!(script.contains("\"/pkg/opora.w1234567.wasm\""));
        assert!(script.contains("href=\"/pkg/opora.c1234567.css\""));
        assert!(!script.contains("opora.css\""));
        assert_eq!(Bundle::from_hash_list(None).service_worker(template), template);
    }

    #[test]
    fn only_names_with_a_hash_are_kept_for_good() {
        assert!(Bundle::is_hashed_name("opora.Qq9_-wasmhash.wasm"));
        assert!(Bundle::is_hashed_name("opora.Qq9_-wasmhash.wasm.br"));
        assert!(!Bundle::is_hashed_name("opora.wasm"));
        assert!(!Bundle::is_hashed_name("opora.css.gz"));
        assert!(!Bundle::is_hashed_name("__wasm_split_manifest.json"));
    }
}
