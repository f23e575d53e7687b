//! Files kept beside the database in the data directory — photos of inspection acts, scans of
//! the answers to inter-agency requests: what they are is read from their first bytes (never from
//! what the browser says), a file is written whole before it gets its name, and the name a user
//! gave is kept only as a label. The records pointing to the files belong to the features.

/// The largest file accepted, in bytes (a photo from a tablet's camera, a scanned letter).
pub const MAX_FILE: usize = 12 * 1024 * 1024;

/// The image type of a photo: JPEG, PNG or WebP.
pub fn image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.len() > 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// The type of a document: a PDF or a photo of the paper.
pub fn document_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        image_type(bytes)
    }
}

/// The extension a stored file of this type gets.
pub fn extension(content_type: &str) -> &'static str {
    match content_type {
        "application/pdf" => "pdf",
        "image/png" => "png",
        "image/webp" => "webp",
        _ => "jpeg",
    }
}

/// The name a user's file is shown under: no control characters or folders, at most 200
/// characters; «файл» when nothing is left.
pub fn label(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let label: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    match label.trim() {
        "" => "файл".to_string(),
        trimmed => trimmed.to_string(),
    }
}

/// «1,2 МБ», «340 КБ».
pub fn size_text(size: i64) -> String {
    let size = size.max(0) as f64;
    if size >= 1024.0 * 1024.0 {
        format!("{:.1} МБ", size / (1024.0 * 1024.0)).replace('.', ",")
    } else {
        format!("{} КБ", (size / 1024.0).ceil() as i64)
    }
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::MAX_FILE;
    use crate::error::{AppError, AppResult};
    use std::path::Path;

    /// The bytes of a file sent as base64; the message is put at `field`.
    pub fn decode(data: &str, field: &str) -> AppResult<Vec<u8>> {
        use base64::Engine;
        if data.len() > MAX_FILE.div_ceil(3) * 4 + 4 {
            return Err(AppError::field(field, format!("Файл больше {} МБ", MAX_FILE / (1024 * 1024))));
        }
        base64::engine::general_purpose::STANDARD
            .decode(data.trim())
            .map_err(|_| AppError::field(field, "Файл не прочитан — выберите его ещё раз"))
    }

    /// Writes `bytes` into `dir` as `<stem>.<extension>`: first under a temporary name, then
    /// renamed, so that a file cut short never looks whole. The stored name.
    pub async fn keep(dir: &Path, stem: &str, extension: &str, bytes: &[u8]) -> AppResult<String> {
        let file = format!("{stem}.{extension}");
        let io = |e: std::io::Error| AppError::internal(format!("stored file {file}: {e}"));
        tokio::fs::create_dir_all(dir).await.map_err(io)?;
        let partial = dir.join(format!("{file}.part"));
        tokio::fs::write(&partial, bytes).await.map_err(io)?;
        tokio::fs::rename(&partial, dir.join(&file)).await.map_err(io)?;
        Ok(file)
    }

    /// A stored file's bytes; `None` when it is missing (or its name tries to leave `dir`).
    pub async fn read(dir: &Path, file: &str) -> Option<Vec<u8>> {
        if file.is_empty() || file.contains(['/', '\\']) || file.starts_with('.') {
            return None;
        }
        tokio::fs::read(dir.join(file)).await.ok()
    }
}

#[cfg(feature = "ssr")]
pub use ssr::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_what_its_first_bytes_say() {
        assert_eq!(document_type(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(document_type(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(image_type(b"%PDF-1.7"), None, "a PDF is not a photo");
        assert_eq!(document_type(b"MZ\x90\x00 not a letter"), None);
        assert_eq!(extension("application/pdf"), "pdf");
    }

    #[test]
    fn a_users_file_name_is_only_a_label() {
        assert_eq!(label("C:\\Сканы\\ответ ОМВД.pdf"), "ответ ОМВД.pdf");
        assert_eq!(label("../../etc/passwd"), "passwd");
        assert_eq!(label("\u{0}\n"), "файл");
        assert_eq!(size_text(1_300_000), "1,2 МБ");
        assert_eq!(size_text(340 * 1024), "340 КБ");
    }
}
