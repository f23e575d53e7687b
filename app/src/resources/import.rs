//! Import of the registry from an Excel workbook or a CSV file (the lists institutions already
//! keep). First a check that names every problem by row, then the import itself, all or nothing.
//! A partner already in the registry (same ID, or same name and address) is updated, not doubled.

use super::access::can_edit_partner;

use super::table::{cost_of, districts_of, help_of, kind_of, Header};
use super::types::*;
use super::validate::validate_partner;
use crate::auth::CurrentUser;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::spreadsheet::decode_upload;

/// One organisation of the file: the row it starts on, its form, and its key if it was exported.
struct Group {
    row: usize,
    id: String,
    /// The version the partner had when the file was exported, when the file says.
    version: Option<i64>,
    form: PartnerForm,
}

/// Groups the rows into partners (rows of one partner follow one another: same ID, or same name
/// and address) and turns each into a form; row-level problems are collected.
fn groups(
    table: &[Vec<String>],
    help_kinds: &[HelpKind],
    districts: &[crate::districts::DistrictOption],
    errors: &mut Vec<(usize, String)>,
) -> Result<Vec<Group>, String> {
    let Some((header, body)) = table.split_first() else {
        return Err("Файл пуст".into());
    };
    let header = Header::new(header)
        .ok_or_else(|| "В первой строке нет столбца «Наименование»: это не реестр партнёров".to_string())?;
    let mut groups: Vec<Group> = Vec::new();
    for (i, row) in body.iter().enumerate() {
        let n = i + 2;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let get = |col: &str| header.get(row, col).to_string();
        let name = get("Наименование");
        let id = get("ID");
        let same = groups.last().is_some_and(|g| {
            if !id.is_empty() || !g.id.is_empty() {
                g.id == id
            } else {
                g.form.name.trim().eq_ignore_ascii_case(name.trim())
                    && g.form.address.trim() == header.get(row, "Адрес").trim()
            }
        });
        if !same {
            let kind = match kind_of(&get("Вид организации")) {
                Some(kind) => kind.code().to_string(),
                None => {
                    errors.push((n, format!("неизвестный вид организации «{}»", get("Вид организации"))));
                    String::new()
                }
            };
            let district_keys = districts_of(&get("Участки"), districts).unwrap_or_else(|e| {
                errors.push((n, e));
                Vec::new()
            });
            groups.push(Group {
                row: n,
                id: id.clone(),
                version: get("Версия").parse().ok(),
                form: PartnerForm {
                    kind,
                    name: name.clone(),
                    description: get("Описание"),
                    address: get("Адрес"),
                    phones: get("Телефоны"),
                    email: get("E-mail"),
                    website: get("Сайт"),
                    contact_person: get("Контактное лицо"),
                    lat: get("Широта"),
                    lon: get("Долгота"),
                    districts: district_keys,
                    hours: get("Режим работы"),
                    services: Vec::new(),
                    agreement_number: get("Соглашение №"),
                    agreement_date: get("Соглашение от"),
                    agreement_until: get("Соглашение до"),
                    verified_on: get("Проверено"),
                },
            });
        }
        let service = get("Услуга");
        let help = help_of(&get("Виды помощи"), help_kinds).unwrap_or_else(|e| {
            errors.push((n, e));
            Vec::new()
        });
        if !service.is_empty() || !help.is_empty() {
            let cost = match cost_of(&get("Стоимость")) {
                Some(cost) => cost.code().to_string(),
                None => {
                    errors.push((n, format!("стоимость «{}»: бесплатно, льготно или платно", get("Стоимость"))));
                    String::new()
                }
            };
            if let Some(group) = groups.last_mut() {
                group.form.services.push(ServiceForm {
                    name: if service.is_empty() { "Услуги организации".into() } else { service },
                    description: get("Описание услуги"),
                    help,
                    eligibility: get("Кому оказывается"),
                    cost,
                    hours: get("Часы приёма услуги"),
                });
            }
        }
    }
    Ok(groups)
}

/// Field names of the form, as the report names them.
fn field_label(field: &str) -> &str {
    let base = field.rsplit('.').next().unwrap_or(field);
    match base {
        "kind" => "вид организации",
        "name" if field.starts_with("services") => "услуга",
        "name" => "наименование",
        "phones" | "phone" => "телефоны",
        "email" => "e-mail",
        "website" => "сайт",
        "lat" => "широта",
        "lon" => "долгота",
        "districts" => "участки",
        "help" => "виды помощи",
        "cost" => "стоимость",
        "agreement_number" => "соглашение №",
        "agreement_date" => "соглашение от",
        "agreement_until" => "соглашение до",
        "verified_on" => "проверено",
        "address" => "адрес",
        _ => base,
    }
}

/// Checks a file and, when `apply` and it has no problems, imports it.
pub async fn run(db: &Db, user: &CurrentUser, file_name: &str, data: &str, apply: bool) -> AppResult<ImportReport> {
    let fail = |message: String| AppError::field("file", message);
    let table = decode_upload(file_name, data).map_err(fail)?;
    let help_kinds = super::repo::help_kinds(db).await?;
    let districts = crate::districts::repo::list(db).await?;
    let district_keys: Vec<String> = districts.iter().map(|d| d.id.clone()).collect();
    let mut report = ImportReport::default();
    let groups = groups(&table, &help_kinds, &districts, &mut report.errors).map_err(fail)?;
    if groups.is_empty() {
        return Err(fail("В файле нет ни одной организации".into()));
    }

    // Existing partners, by key and by name and address.
    let existing = super::repo::all(db).await?;
    let today = crate::time::local_today(chrono::Utc::now());
    let mut valid: Vec<super::repo::Imported> = Vec::new();
    for group in groups {
        let partner = match validate_partner(&group.form, today, &help_kinds, &district_keys) {
            Ok(p) => p,
            Err(errors) => {
                for (field, message) in errors.0 {
                    report.errors.push((group.row, format!("{}: {message}", field_label(&field))));
                }
                continue;
            }
        };
        let current = existing.iter().find(|p| {
            (!group.id.is_empty() && p.id == group.id)
                || (p.name.to_lowercase() == partner.name.to_lowercase() && p.address == partner.address)
        });
        let allowed =
            can_edit_partner(user, &partner.districts) && current.is_none_or(|c| can_edit_partner(user, &c.districts));
        if !allowed {
            report.errors.push((group.row, format!("«{}»: это партнёр других участков", partner.name)));
            continue;
        }
        // A row that says what Опора already holds changes nothing (a file imported twice).
        let unchanged = current.is_some_and(|c| {
            validate_partner(&PartnerForm::from_partner(c), today, &help_kinds, &district_keys)
                .is_ok_and(|c| c == partner)
        });
        if unchanged {
            report.unchanged += 1;
            report.lines.push(ImportLine {
                row: group.row,
                name: partner.name.clone(),
                action: "без изменений".into(),
            });
            continue;
        }
        // Exported, edited in the file, and meanwhile changed in Опора: the file must not win.
        if let (Some(current), Some(version)) = (current, group.version) {
            if current.version != version {
                report.errors.push((
                    group.row,
                    format!(
                        "«{}» изменили в Опоре после выгрузки ({}): выгрузите реестр заново и перенесите свои правки",
                        partner.name,
                        if current.updated_by_name.is_empty() {
                            "другой сотрудник"
                        } else {
                            current.updated_by_name.as_str()
                        }
                    ),
                ));
                continue;
            }
        }
        if valid.iter().any(|v| {
            v.partner.name.to_lowercase() == partner.name.to_lowercase()
                && v.partner.address == partner.address
                && v.current.as_ref().map(|c| &c.id) == current.map(|c| &c.id)
        }) {
            report.errors.push((group.row, format!("«{}» встречается в файле дважды", partner.name)));
            continue;
        }
        report.lines.push(ImportLine {
            row: group.row,
            name: partner.name.clone(),
            action: if current.is_some() { "обновится" } else { "новый" }.into(),
        });
        valid.push(super::repo::Imported { current: current.cloned(), partner });
    }
    report.errors.sort();
    report.created = valid.iter().filter(|v| v.current.is_none()).count();
    report.updated = valid.len() - report.created;
    if apply && report.errors.is_empty() {
        super::repo::import(db, user, &valid, &help_kinds, chrono::Utc::now()).await?;
        report.applied = true;
    }
    Ok(report)
}
