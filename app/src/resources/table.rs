//! The registry as a table, for Excel and CSV: one row per service, the organisation's columns
//! repeated on each of its rows (the flat form of HSDS). Export writes it, import reads it back,
//! and also reads the simpler lists institutions keep (one row per organisation, fewer columns).

use super::types::*;
use crate::districts::DistrictOption;

pub const COLUMNS: [&str; 24] = [
    "ID",
    "Вид организации",
    "Наименование",
    "Описание",
    "Адрес",
    "Телефоны",
    "E-mail",
    "Сайт",
    "Контактное лицо",
    "Широта",
    "Долгота",
    "Участки",
    "Режим работы",
    "Соглашение №",
    "Соглашение от",
    "Соглашение до",
    "Проверено",
    "Услуга",
    "Описание услуги",
    "Виды помощи",
    "Кому оказывается",
    "Стоимость",
    "Часы приёма услуги",
    // The partner's version when it was exported: an import row of a partner changed since then
    // is a conflict, not an overwrite.
    "Версия",
];

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(crate::time::format_naive_date).unwrap_or_default()
}

/// «все» or «1, 3».
pub fn districts_text(keys: &[String], districts: &[DistrictOption]) -> String {
    if keys.is_empty() {
        return "все".into();
    }
    districts.iter().filter(|d| keys.contains(&d.id)).map(|d| d.number.to_string()).collect::<Vec<_>>().join(", ")
}

pub fn help_text(codes: &[String], kinds: &[HelpKind]) -> String {
    codes
        .iter()
        .map(|c| kinds.iter().find(|k| k.code == *c).map(|k| k.label.clone()).unwrap_or_else(|| c.clone()))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The rows of the registry (without the header).
pub fn rows(partners: &[Partner], kinds: &[HelpKind], districts: &[DistrictOption]) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for p in partners {
        let head = vec![
            p.id.clone(),
            p.kind.label().to_string(),
            p.name.clone(),
            p.description.clone(),
            p.address.clone(),
            p.phones.iter().map(|ph| crate::phone::format_phone(ph)).collect::<Vec<_>>().join(", "),
            p.email.clone().unwrap_or_default(),
            p.website.clone().unwrap_or_default(),
            p.contact_person.clone(),
            p.lat.map(|v| format!("{v:.6}")).unwrap_or_default(),
            p.lon.map(|v| format!("{v:.6}")).unwrap_or_default(),
            districts_text(&p.districts, districts),
            p.hours.clone(),
            p.agreement.as_ref().map(|a| a.number.clone()).unwrap_or_default(),
            date(p.agreement.as_ref().map(|a| a.date)),
            date(p.agreement.as_ref().and_then(|a| a.until)),
            date(p.verified_on),
        ];
        let version = p.version.to_string();
        if p.services.is_empty() {
            let mut row = head.clone();
            row.extend(std::iter::repeat_n(String::new(), 6));
            row.push(version.clone());
            rows.push(row);
        }
        for s in &p.services {
            let mut row = head.clone();
            row.extend([
                s.name.clone(),
                s.description.clone(),
                help_text(&s.help, kinds),
                s.eligibility.clone(),
                s.cost.label().to_string(),
                s.hours.clone(),
                version.clone(),
            ]);
            rows.push(row);
        }
    }
    rows
}

/// A cell of a row by its column name; columns may come in any order, some may be missing.
pub struct Header(Vec<Option<usize>>);

impl Header {
    /// Maps the file's header to our columns; None when there is no «Наименование».
    pub fn new(header: &[String]) -> Option<Header> {
        let norm = |s: &str| s.trim().to_lowercase().replace('ё', "е");
        let positions: Vec<Option<usize>> = COLUMNS
            .iter()
            .map(|col| {
                header.iter().position(|h| norm(h) == norm(col)).or_else(|| {
                    // Common names in institutions' own lists.
                    let aliases: &[&str] = match *col {
                        "Наименование" => &["наименование организации", "организация", "название"],
                        "Вид организации" => &["вид", "тип организации", "ведомство"],
                        "Телефоны" => &["телефон", "контактный телефон"],
                        "Адрес" => &["адрес организации", "местонахождение"],
                        "Услуга" => &["услуги", "оказываемые услуги"],
                        "Виды помощи" => &["вид помощи", "виды помощи (тжс)"],
                        _ => &[],
                    };
                    header.iter().position(|h| aliases.contains(&norm(h).as_str()))
                })
            })
            .collect();
        positions[2].is_some().then_some(Header(positions))
    }

    pub fn get<'a>(&self, row: &'a [String], column: &str) -> &'a str {
        COLUMNS
            .iter()
            .position(|c| *c == column)
            .and_then(|i| self.0[i])
            .and_then(|i| row.get(i))
            .map(|s| crate::spreadsheet::cell_value(s))
            .unwrap_or("")
    }
}

/// Reads a kind of organisation from its label or code.
pub fn kind_of(value: &str) -> Option<PartnerKind> {
    let v = value.trim().to_lowercase();
    if v.is_empty() {
        return Some(PartnerKind::Other);
    }
    PartnerKind::ALL.iter().copied().find(|k| k.code() == v || k.label().to_lowercase() == v)
}

/// Reads kinds of help from labels («; »-separated, as exported) or codes.
pub fn help_of(value: &str, kinds: &[HelpKind]) -> Result<Vec<String>, String> {
    let find = |s: &str| {
        let s = s.trim().to_lowercase();
        kinds.iter().find(|k| k.code == s || k.label.to_lowercase() == s).map(|k| k.code.clone())
    };
    let mut codes = Vec::new();
    for piece in value.split([';', '\n']).map(str::trim).filter(|p| !p.is_empty()) {
        match find(piece) {
            Some(code) => codes.push(code),
            None => {
                for part in piece.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                    codes.push(find(part).ok_or_else(|| format!("неизвестный вид помощи «{part}»"))?);
                }
            }
        }
    }
    Ok(codes)
}

/// Reads «все», an empty cell, or district numbers «1, 3».
pub fn districts_of(value: &str, districts: &[DistrictOption]) -> Result<Vec<String>, String> {
    let v = value.trim().to_lowercase();
    if v.is_empty() || v == "все" || v == "весь город" {
        return Ok(Vec::new());
    }
    v.split([',', ';', ' '])
        .filter(|p| !p.is_empty())
        .map(|p| {
            let number =
                p.trim_start_matches('№').parse::<i64>().map_err(|_| format!("участок «{p}» — ожидается номер"))?;
            districts
                .iter()
                .find(|d| d.number == number)
                .map(|d| d.id.clone())
                .ok_or_else(|| format!("участка № {number} нет"))
        })
        .collect()
}

/// Reads a cost: «бесплатно», «льготно», «платно» or a code; empty is free.
pub fn cost_of(value: &str) -> Option<Cost> {
    let v = value.trim().to_lowercase();
    if v.is_empty() || v.starts_with("бесплат") {
        return Some(Cost::Free);
    }
    if v.starts_with("льгот") || v.contains("скидк") {
        return Some(Cost::Discount);
    }
    if v.starts_with("платн") {
        return Some(Cost::Paid);
    }
    Cost::from_code(&v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_read_the_way_people_type_them() {
        let kinds = vec![
            HelpKind { code: "legal".into(), label: "Юридическая помощь".into() },
            HelpKind {
                code: "rehabilitation".into(), label: "Реабилитация, санаторно-курортное лечение".into()
            },
        ];
        assert_eq!(
            help_of("Реабилитация, санаторно-курортное лечение; юридическая помощь", &kinds).unwrap(),
            vec!["rehabilitation".to_string(), "legal".to_string()]
        );
        assert_eq!(help_of("legal, rehabilitation", &kinds).unwrap().len(), 2);
        assert!(help_of("танцы", &kinds).is_err());
        let districts: Vec<DistrictOption> =
            (1..=6).map(|n| DistrictOption { id: format!("d{n}"), number: n, name: String::new() }).collect();
        assert_eq!(districts_of("1, 3", &districts).unwrap(), vec!["d1".to_string(), "d3".to_string()]);
        assert!(districts_of("Все", &districts).unwrap().is_empty());
        assert!(districts_of("7", &districts).is_err());
        assert_eq!(cost_of("Льготно, со скидкой"), Some(Cost::Discount));
        assert_eq!(cost_of(""), Some(Cost::Free));
        assert_eq!(kind_of("мфц"), Some(PartnerKind::Mfc));
        let header = Header::new(&["Организация".to_string(), "Телефон".to_string()]).unwrap();
        assert_eq!(header.get(&["ЦЗН".to_string(), "21122".to_string()], "Телефоны"), "21122");
    }
}
