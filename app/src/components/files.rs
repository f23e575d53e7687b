//! Files chosen in the browser (a workbook to import, photos from the tablet's camera): read
//! and sent to server functions as base64. Browser-only.

use gloo_file::{File, FileList};

async fn read(file: File) -> Result<(String, String, Vec<u8>), String> {
    let bytes = gloo_file::futures::read_as_bytes(&file)
        .await
        .map_err(|_| format!("Файл «{}» не прочитан — выберите его ещё раз", file.name()))?;
    Ok((file.name(), file.raw_mime_type(), bytes))
}

/// The chosen file of an `<input type="file">`: its name and contents.
pub async fn read_file(input: &web_sys::HtmlInputElement) -> Result<(String, Vec<u8>), String> {
    let file = input.files().and_then(|f| f.get(0)).ok_or_else(|| "Выберите файл".to_string())?;
    read(File::from(file)).await.map(|(name, _, bytes)| (name, bytes))
}

/// Every chosen file: name, type and contents.
pub async fn read_files(input: &web_sys::HtmlInputElement) -> Result<Vec<(String, String, Vec<u8>)>, String> {
    let Some(list) = input.files() else { return Ok(Vec::new()) };
    let mut files = Vec::new();
    for file in FileList::from(list).iter() {
        files.push(read(file.clone()).await?);
    }
    Ok(files)
}

/// Standard base64, as the server functions take file contents.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}
