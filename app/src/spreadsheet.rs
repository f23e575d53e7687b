//! Tables people upload — an Excel workbook (.xlsx) or a CSV file, the lists institutions
//! already keep — read into rows of cell texts, with the limits that keep a hostile file from
//! exhausting the server; and the columns of such a table found by their names.

#[cfg(feature = "ssr")]
pub use read::*;

/// Reading files: on the server only.
#[cfg(feature = "ssr")]
mod read {
    use crate::textfile::{decode_text, read_csv};
    use base64::Engine;

    /// The largest file accepted.
    pub const MAX_BYTES: usize = 10 * 1024 * 1024;
    /// The most rows read.
    pub const MAX_ROWS: usize = 20_000;

    /// Reads the cells of a workbook's first sheet or of a CSV file.
    pub fn read_table(file_name: &str, bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
        let lower = file_name.to_lowercase();
        if bytes.starts_with(b"PK") || lower.ends_with(".xlsx") {
            read_xlsx(bytes)
        } else if lower.ends_with(".csv") || lower.ends_with(".txt") || !lower.contains('.') {
            let text = decode_text(bytes)?;
            Ok(read_csv(&text, MAX_ROWS))
        } else {
            Err("Загрузите файл Excel (.xlsx) или CSV".into())
        }
    }

    /// The most columns read from a workbook.
    pub const MAX_COLUMNS: u32 = 64;
    /// The most a workbook may hold unpacked (an .xlsx is a zip archive; a «zip bomb» packs
    /// gigabytes into a few kilobytes).
    pub const MAX_UNPACKED: u64 = 64 * 1024 * 1024;

    /// Checks the archive's directory before anything is unpacked: entries and their sizes.
    fn check_archive(bytes: &[u8]) -> Result<(), String> {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|_| "Файл Excel повреждён или это не .xlsx".to_string())?;
        if archive.len() > 1_000 {
            return Err("В файле Excel слишком много частей — это не обычная таблица".into());
        }
        let mut total: u64 = 0;
        for i in 0..archive.len() {
            let entry = archive.by_index_raw(i).map_err(|_| "Файл Excel повреждён".to_string())?;
            total = total.saturating_add(entry.size());
            if total > MAX_UNPACKED {
                return Err(format!(
                    "Файл Excel слишком велик в распакованном виде (больше {} МБ): разделите его на части",
                    MAX_UNPACKED / 1024 / 1024
                ));
            }
        }
        Ok(())
    }

    /// The text of a cell.
    fn cell_text(cell: &calamine::DataRef<'_>) -> String {
        use calamine::DataRef;
        match cell {
            DataRef::Empty | DataRef::Error(_) => String::new(),
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
            DataRef::SharedString(s) => s.to_string(),
            DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            DataRef::Float(f) => f.to_string(),
            DataRef::Int(i) => i.to_string(),
            DataRef::Bool(b) => if *b { "да" } else { "нет" }.to_string(),
            DataRef::DateTime(d) => {
                // Days since 1899-12-30, Excel's day zero.
                chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
                    .and_then(|zero| zero.checked_add_signed(chrono::Duration::days(d.as_f64().floor() as i64)))
                    .map(|day| day.format("%d.%m.%Y").to_string())
                    .unwrap_or_default()
            }
        }
    }

    /// The first sheet, cell by cell as the file stores them: the grid grows only to the cells
    /// that exist, and a cell beyond the row or column limit refuses the file (a sheet that claims
    /// a cell at XFD1048576 would otherwise ask for 17 billion cells).
    fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
        use calamine::{Reader, Xlsx};
        check_archive(bytes)?;
        let mut workbook: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec()))
            .map_err(|_| "Файл Excel повреждён или это не .xlsx".to_string())?;
        let Some(sheet) = workbook.sheet_names().first().cloned() else {
            return Err("В книге нет листов".into());
        };
        let mut cells =
            workbook.worksheet_cells_reader(&sheet).map_err(|_| "Не удалось прочитать первый лист".to_string())?;
        let mut rows: Vec<Vec<String>> = Vec::new();
        loop {
            let cell = match cells.next_cell() {
                Ok(Some(cell)) => cell,
                Ok(None) => break,
                Err(_) => return Err("Не удалось прочитать первый лист".into()),
            };
            let (row, column) = cell.get_position();
            if row as usize > MAX_ROWS {
                return Err(format!("Строка {}: в файле больше {MAX_ROWS} строк — разделите его на части", row + 1));
            }
            if column >= MAX_COLUMNS {
                return Err(format!(
                    "Строка {}: данные дальше {MAX_COLUMNS}-го столбца — столько столбцов в реестре нет",
                    row + 1
                ));
            }
            let text = cell_text(cell.get_value());
            if text.is_empty() {
                continue;
            }
            if rows.len() <= row as usize {
                rows.resize_with(row as usize + 1, Vec::new);
            }
            let line = &mut rows[row as usize];
            if line.len() <= column as usize {
                line.resize(column as usize + 1, String::new());
            }
            line[column as usize] = text;
        }
        Ok(rows)
    }

    /// A file sent to a server function as base64: decoded, its size checked, its first sheet read.
    pub fn decode_upload(file_name: &str, data: &str) -> Result<Vec<Vec<String>>, String> {
        if data.len() > MAX_BYTES * 4 / 3 + 4 {
            return Err(format!("Файл больше {} МБ", MAX_BYTES / 1024 / 1024));
        }
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(data.trim())
            .map_err(|_| "Файл не прочитан".to_string())?;
        read_table(file_name, &bytes)
    }
}

/// What a cell says, trimmed, without the apostrophe an export puts before a cell that looks
/// like a formula.
pub fn cell_value(cell: &str) -> &str {
    let s = cell.trim();
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => s,
    }
}

/// A column's name folded for comparison: case, spaces around, «ё».
pub fn fold_header(name: &str) -> String {
    name.trim().to_lowercase().replace('ё', "е")
}

/// The columns of a table found by their names (or other names institutions use for them):
/// columns may come in any order, some may be missing.
pub struct Columns {
    names: Vec<&'static str>,
    positions: Vec<Option<usize>>,
}

impl Columns {
    /// Finds each column — `(name, other names)` — in the file's header row.
    pub fn new(header: &[String], columns: &[(&'static str, &[&str])]) -> Columns {
        let folded: Vec<String> = header.iter().map(|h| fold_header(h)).collect();
        let positions = columns
            .iter()
            .map(|(name, aliases)| {
                let wanted: Vec<String> =
                    std::iter::once(fold_header(name)).chain(aliases.iter().map(|a| fold_header(a))).collect();
                folded.iter().position(|h| wanted.contains(h))
            })
            .collect();
        Columns { names: columns.iter().map(|(name, _)| *name).collect(), positions }
    }

    /// The header row among the first rows of a table (a list may start with its title): the
    /// first whose columns include all of `required`; its index and its columns.
    pub fn find(
        table: &[Vec<String>],
        columns: &[(&'static str, &[&str])],
        required: &[&str],
    ) -> Option<(usize, Columns)> {
        const HEADER_SEARCH: usize = 10;
        table
            .iter()
            .take(HEADER_SEARCH)
            .enumerate()
            .map(|(i, row)| (i, Columns::new(row, columns)))
            .find(|(_, c)| required.iter().all(|r| c.has(r)))
    }

    /// Whether the file has this column.
    pub fn has(&self, column: &str) -> bool {
        self.names.iter().position(|n| *n == column).and_then(|i| self.positions[i]).is_some()
    }

    /// The cell of this column in a row; empty when the file has no such column.
    pub fn get<'a>(&self, row: &'a [String], column: &str) -> &'a str {
        self.names
            .iter()
            .position(|n| *n == column)
            .and_then(|i| self.positions[i])
            .and_then(|i| row.get(i))
            .map(|s| cell_value(s))
            .unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_found_by_name_or_alias_in_any_order() {
        let header: Vec<String> = ["№", " Дата рождения ", "Фамилия, имя, отчество"].map(String::from).to_vec();
        let columns =
            Columns::new(&header, &[("ФИО", &["фамилия, имя, отчество"]), ("Дата рождения", &[]), ("Пол", &[])]);
        let row: Vec<String> = ["1", "01.02.1950", "'=Иванова Анна"].map(String::from).to_vec();
        assert_eq!(columns.get(&row, "ФИО"), "=Иванова Анна");
        assert_eq!(columns.get(&row, "Дата рождения"), "01.02.1950");
        assert!(!columns.has("Пол"));
        assert_eq!(columns.get(&row, "Пол"), "");
    }

    #[test]
    fn a_file_that_is_not_a_table_is_refused_in_words() {
        assert_eq!(read_table("список.pdf", b"%PDF").err().as_deref(), Some("Загрузите файл Excel (.xlsx) или CSV"));
        assert!(decode_upload("список.xlsx", "не base64!").is_err());
        let rows = decode_upload("список.csv", "0KTQmNCeO9Cf0L7Quwo=").unwrap_or_default();
        assert_eq!(rows, vec![vec!["ФИО".to_string(), "Пол".to_string()]]);
    }
}
