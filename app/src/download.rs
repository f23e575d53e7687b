//! What the XLSX downloads (journal, audit trail) share: the session and role check, the
//! answer to a failure, and the file response. Downloads are plain HTTP handlers, not server
//! functions, so they check here what `require` checks for server functions.

use crate::auth::session::AuthSession;
use crate::auth::{CurrentUser, Role};
use crate::error::AppError;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;

/// A download that could not be made: its status and the message in Russian.
pub struct Failed(AppError);

impl<E: Into<AppError>> From<E> for Failed {
    fn from(err: E) -> Self {
        Failed(err.into())
    }
}

impl IntoResponse for Failed {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], self.0.to_string()).into_response()
    }
}

/// The signed-in user if one of their roles may download: 401 without a session, 403 otherwise.
pub fn downloader(session: Option<Extension<AuthSession>>, roles: &[Role]) -> Result<CurrentUser, Failed> {
    let Some(Extension(session)) = session else {
        return Err(AppError::Unauthorized.into());
    };
    if session.user.must_change_password || !session.user.has_any(roles) {
        return Err(AppError::forbidden().into());
    }
    Ok(session.user)
}

/// `Content-Disposition` of a file: an ASCII name for old browsers, the Russian one for the rest.
fn disposition(kind: &str, ascii_name: &str, name: &str) -> String {
    format!("{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{}", crate::url::urlencode(name).replace('+', "%20"))
}

/// A stored document opened in the browser (a PDF, a scan) under the name it was sent with.
pub fn inline_disposition(name: &str) -> String {
    let ascii: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' }).collect();
    disposition("inline", &ascii, name)
}

/// A workbook as a file: an ASCII name for old browsers, the Russian one for the rest.
pub fn xlsx(bytes: Vec<u8>, ascii_name: &str, name: &str) -> Response {
    let disposition = disposition("attachment", ascii_name, name);
    (
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

/// A workbook that could not be written is an internal error.
pub fn internal(err: rust_xlsxwriter::XlsxError) -> Failed {
    AppError::internal(err.to_string()).into()
}

/// The most characters an Excel cell holds (32,767): a longer text is cut, and the cut said, so
/// that one long value never makes a whole export fail.
pub const CELL_LIMIT: usize = 32_767;

/// A cell's text within Excel's limit: «…[обрезано: ещё N знаков]» at the end of a cut one.
pub fn cell(text: impl AsRef<str>) -> String {
    let text = text.as_ref();
    let length = text.chars().count();
    if length <= CELL_LIMIT {
        return text.to_string();
    }
    let kept = CELL_LIMIT - 40;
    let mut out: String = text.chars().take(kept).collect();
    out.push_str(&format!("…[обрезано: ещё {} знаков]", length - kept));
    out
}

/// A register exported as on paper (the journal of appeals, the journal of applications): one
/// sheet, a bold header row with the register's columns and widths, bordered wrapped cells.
pub struct RegisterSheet {
    workbook: rust_xlsxwriter::Workbook,
    /// The format of a text or number cell.
    pub text: rust_xlsxwriter::Format,
    columns: usize,
}

impl RegisterSheet {
    /// A workbook with the sheet `name` and its header row.
    pub fn new(name: &str, columns: &[&str], widths: &[f64]) -> Result<Self, rust_xlsxwriter::XlsxError> {
        use rust_xlsxwriter::{Format, FormatBorder, Workbook};
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.set_name(name)?;
        let header =
            Format::new().set_bold().set_text_wrap().set_border(FormatBorder::Thin).set_background_color("#E8EEF4");
        for (col, name) in columns.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, *name, &header)?;
        }
        for (col, width) in widths.iter().enumerate() {
            sheet.set_column_width(col as u16, *width)?;
        }
        let text = Format::new().set_text_wrap().set_border(FormatBorder::Thin);
        Ok(RegisterSheet { workbook, text, columns: columns.len() })
    }

    /// The sheet rows are written to.
    pub fn sheet(&mut self) -> Result<&mut rust_xlsxwriter::Worksheet, rust_xlsxwriter::XlsxError> {
        self.workbook.worksheet_from_index(0)
    }

    /// A date (and time) cell's format with the given Excel number format, bordered.
    pub fn moment(format: &str) -> rust_xlsxwriter::Format {
        rust_xlsxwriter::Format::new().set_num_format(format).set_border(rust_xlsxwriter::FormatBorder::Thin)
    }

    /// The file: the header row frozen and filtered over `rows` rows, A4 landscape with the
    /// header repeated on every printed page and `title` at the top of each.
    pub fn finish(mut self, rows: usize, title: &str) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let last_column = self.columns.saturating_sub(1) as u16;
        let sheet = self.sheet()?;
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(0, 0, rows as u32, last_column)?;
        sheet.set_landscape();
        sheet.set_paper_size(9); // A4
        sheet.set_repeat_rows(0, 0)?;
        sheet.set_header(format!("&L{}", title.replace('&', "&&")));
        self.workbook.save_to_buffer()
    }
}

/// A report exported as its paper form (the rental point's, the social taxi's): the institution
/// and the title on top, then its tables one under another — a bold header row, bordered cells,
/// the totals in bold — on A4 landscape, one page wide.
pub struct ReportSheet {
    workbook: rust_xlsxwriter::Workbook,
    row: u32,
    title: rust_xlsxwriter::Format,
    head: rust_xlsxwriter::Format,
    cell: rust_xlsxwriter::Format,
    total: rust_xlsxwriter::Format,
}

impl ReportSheet {
    /// A workbook with the sheet `name`: the institution, `title`, and the column widths.
    pub fn new(name: &str, title: &str, widths: &[f64]) -> Result<Self, rust_xlsxwriter::XlsxError> {
        use rust_xlsxwriter::{Format, FormatBorder, Workbook};
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.set_name(name)?;
        for (col, width) in widths.iter().enumerate() {
            sheet.set_column_width(col as u16, *width)?;
        }
        let title_format = Format::new().set_bold().set_font_size(13);
        sheet.write_string(0, 0, crate::institution::INSTITUTION)?;
        sheet.write_string_with_format(1, 0, title, &title_format)?;
        let cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
        Ok(ReportSheet {
            workbook,
            row: 2,
            title: title_format,
            head: cell.clone().set_bold().set_background_color("#E8EEF4"),
            total: cell.clone().set_bold(),
            cell,
        })
    }

    fn sheet(&mut self) -> Result<&mut rust_xlsxwriter::Worksheet, rust_xlsxwriter::XlsxError> {
        self.workbook.worksheet_from_index(0)
    }

    /// The title of the next table, after an empty row.
    pub fn heading(&mut self, text: &str) -> Result<(), rust_xlsxwriter::XlsxError> {
        self.row += 1;
        let (row, format) = (self.row, self.title.clone());
        self.sheet()?.write_string_with_format(row, 0, text, &format)?;
        self.row += 1;
        Ok(())
    }

    /// The header row of a table.
    pub fn header(&mut self, columns: &[&str]) -> Result<(), rust_xlsxwriter::XlsxError> {
        let (row, format) = (self.row, self.head.clone());
        let sheet = self.sheet()?;
        for (col, name) in columns.iter().enumerate() {
            sheet.write_string_with_format(row, col as u16, *name, &format)?;
        }
        self.row += 1;
        Ok(())
    }

    /// A row of figures under its label; `total`: the bold row of totals.
    pub fn figures(&mut self, label: &str, figures: &[i64], total: bool) -> Result<(), rust_xlsxwriter::XlsxError> {
        let row = self.row;
        let format = if total { self.total.clone() } else { self.cell.clone() };
        let sheet = self.sheet()?;
        sheet.write_string_with_format(row, 0, cell(label), &format)?;
        for (i, n) in figures.iter().enumerate() {
            sheet.write_number_with_format(row, i as u16 + 1, *n as f64, &format)?;
        }
        self.row += 1;
        Ok(())
    }

    /// A row of texts (a list under the figures: the overdue loans, the waiting list).
    pub fn texts(&mut self, cells: &[String]) -> Result<(), rust_xlsxwriter::XlsxError> {
        let (row, format) = (self.row, self.cell.clone());
        let sheet = self.sheet()?;
        for (col, text) in cells.iter().enumerate() {
            sheet.write_string_with_format(row, col as u16, cell(text), &format)?;
        }
        self.row += 1;
        Ok(())
    }

    /// A line of plain text under the tables (a note, a sum in words).
    pub fn note(&mut self, text: &str) -> Result<(), rust_xlsxwriter::XlsxError> {
        self.row += 1;
        let row = self.row;
        self.sheet()?.write_string(row, 0, cell(text))?;
        self.row += 1;
        Ok(())
    }

    /// A table of a report (`report_tables`) with its title and note, after an empty row.
    pub fn table(&mut self, table: &crate::report_tables::Table) -> Result<(), rust_xlsxwriter::XlsxError> {
        self.row += 1;
        let row = self.row;
        self.row = write_table(self.sheet()?, row, table)?;
        Ok(())
    }

    /// The file, set up for printing on A4 landscape, one page wide.
    pub fn finish(mut self) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let sheet = self.sheet()?;
        sheet.set_paper_size(9); // A4
        sheet.set_landscape();
        sheet.set_print_fit_to_pages(1, 0);
        self.workbook.save_to_buffer()
    }
}

/// Writes a table of a report from `row` down — its title, note, grouped headings, header row,
/// bordered cells with the totals in bold — and gives the first row under it.
pub fn write_table(
    sheet: &mut rust_xlsxwriter::Worksheet,
    mut row: u32,
    table: &crate::report_tables::Table,
) -> Result<u32, rust_xlsxwriter::XlsxError> {
    use crate::report_tables::Cell;
    use rust_xlsxwriter::{Format, FormatAlign, FormatBorder};
    let section = Format::new().set_bold().set_font_size(11);
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color("#E8EEF4");
    let label = Format::new().set_text_wrap().set_border(FormatBorder::Thin);
    let number = Format::new().set_border(FormatBorder::Thin).set_num_format("0");
    let share = Format::new().set_border(FormatBorder::Thin).set_num_format("0\" %\"");
    let dash = Format::new().set_border(FormatBorder::Thin).set_align(FormatAlign::Center);
    let total_label = label.clone().set_bold();
    let total_number = number.clone().set_bold();
    let total_share = share.clone().set_bold();
    let note = Format::new().set_italic();

    sheet.write_string_with_format(row, 0, &table.title, &section)?;
    row += 1;
    if let Some(text) = &table.note {
        sheet.write_string_with_format(row, 0, cell(text), &note)?;
        row += 1;
    }
    if !table.groups.is_empty() {
        let mut col: u16 = 0;
        for (text, span) in &table.groups {
            let last = col + span.saturating_sub(1);
            if *span > 1 {
                sheet.merge_range(row, col, row, last, text, &head)?;
            } else {
                sheet.write_string_with_format(row, col, text, &head)?;
            }
            col = last + 1;
        }
        row += 1;
    }
    for (col, text) in table.columns.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, text, &head)?;
    }
    sheet.set_row_height(row, 45.0)?;
    row += 1;
    if table.rows.is_empty() {
        sheet.write_string_with_format(row, 0, &table.empty, &label)?;
        row += 1;
    }
    for r in &table.rows {
        let (l, n, s) = if r.total { (&total_label, &total_number, &total_share) } else { (&label, &number, &share) };
        sheet.write_string_with_format(row, 0, cell(&r.label), l)?;
        for (i, c) in r.cells.iter().enumerate() {
            let col = i as u16 + 1;
            match c {
                Cell::Number(v) => sheet.write_number_with_format(row, col, *v as f64, n)?,
                Cell::Share(Some(v)) => sheet.write_number_with_format(row, col, *v as f64, s)?,
                Cell::Share(None) | Cell::Dash => sheet.write_string_with_format(row, col, "—", &dash)?,
                Cell::Text(t) => sheet.write_string_with_format(row, col, cell(t), l)?,
            };
        }
        row += 1;
    }
    Ok(row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_cell_is_cut_and_says_so() {
        assert_eq!(cell("Мир"), "Мир");
        let long = "я".repeat(100_000);
        let cut = cell(&long);
        assert!(cut.chars().count() <= CELL_LIMIT);
        assert!(cut.ends_with("…[обрезано: ещё 67273 знаков]"), "{}", &cut[cut.len() - 80..]);
    }
}
