//! Text files people upload (CSV from Excel, calendars, lists): decoding and reading cells.

/// UTF-8 (with or without BOM), else Windows-1251, the encoding Russian Excel saves CSV in.
pub fn decode_text(bytes: &[u8]) -> Result<String, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(_) => Ok(bytes.iter().map(|b| cp1251(*b)).collect()),
    }
}

/// Windows-1251: the upper half of the table, 0x80–0xFF.
const CP1251_HIGH: &str = "ЂЃ‚ѓ„…†‡€‰Љ‹ЊЌЋЏђ‘’“”•–—\u{98}™љ›њќћџ\u{a0}ЎўЈ¤Ґ¦§Ё©Є«¬\u{ad}®Ї°±Ііґµ¶·ё№є»јЅѕї\
    АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюя";

fn cp1251(b: u8) -> char {
    if b < 0x80 {
        return b as char;
    }
    CP1251_HIGH.chars().nth(usize::from(b - 0x80)).unwrap_or('?')
}

/// RFC 4180 with the separator guessed from the first lines (Excel in Russian writes «;»).
pub fn read_csv(text: &str, max_rows: usize) -> Vec<Vec<String>> {
    // The separator that splits most of the first lines into the same number of cells (more than
    // one): a list may start with a title line, and commas live inside addresses and names of
    // columns; on a tie the one giving more cells, then «;», as Excel in Russian writes.
    let outside_quotes = |line: &str, separator: char| {
        let mut quoted = false;
        line.chars()
            .filter(|c| {
                if *c == '"' {
                    quoted = !quoted;
                }
                !quoted && *c == separator
            })
            .count()
    };
    let separator = [('\t', 0), (',', 1), (';', 2)]
        .into_iter()
        .max_by_key(|(s, priority)| {
            let mut widths: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
            for line in text.lines().take(6) {
                let cells = outside_quotes(line, *s) + 1;
                if cells > 1 {
                    *widths.entry(cells).or_default() += 1;
                }
            }
            let (cells, lines) =
                widths.iter().max_by_key(|(cells, lines)| (**lines, **cells)).map_or((0, 0), |(c, l)| (*c, *l));
            (lines, cells, *priority)
        })
        .map(|(s, _)| s)
        .unwrap_or(';');
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') if cell.is_empty() => quoted = true,
            (false, c) if c == separator => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
                if rows.len() > max_rows {
                    return rows;
                }
            }
            (false, c) => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_quotes_and_semicolons() {
        let rows =
            read_csv("Наименование;Адрес\r\n\"ООО \"\"Дом\"\"\";\"ул. Мира, 1\nкв. 2\"\r\nМФЦ;ул. Ленина\n", 100);
        assert_eq!(rows[1], vec!["ООО \"Дом\"".to_string(), "ул. Мира, 1\nкв. 2".to_string()]);
        assert_eq!(rows[2], vec!["МФЦ".to_string(), "ул. Ленина".to_string()]);
    }

    #[test]
    fn a_title_line_above_the_header_does_not_hide_the_separator() {
        let rows = read_csv("Список граждан, участок № 1\nФИО;Адрес\nИванова Анна;ул. Мира, 1\n", 100);
        assert_eq!(rows[2], vec!["Иванова Анна".to_string(), "ул. Мира, 1".to_string()]);
        let rows =
            read_csv("ФИО;Адрес;Примечание\nИванова;г. Югорск, ул. Мира, 1;живёт одна, дочь в Тюмени, звонит\n", 100);
        assert_eq!(rows[1].len(), 3);
        let rows = read_csv("name,address\nAnna,\"Mira; 1\"\n", 100);
        assert_eq!(rows[1], vec!["Anna".to_string(), "Mira; 1".to_string()]);
    }

    #[test]
    fn windows_1251_is_decoded() {
        assert_eq!(CP1251_HIGH.chars().count(), 128);
        // «Мир» in Windows-1251.
        assert_eq!(decode_text(&[0xCC, 0xE8, 0xF0]).unwrap(), "Мир");
        // “ё” № … °
        assert_eq!(decode_text(&[0x93, 0xB8, 0x94, 0xB9, 0x85, 0xB0, 0xA8, 0xFF]).unwrap(), "“ё”№…°Ёя");
        assert_eq!(decode_text("\u{feff}Мир".as_bytes()).unwrap(), "Мир");
    }
}
