//! Loading the registry 55+ from the Excel or CSV lists institutions already keep (§3.1.4 — the
//! registry is formed from the lists of the district): first a check that names every problem by
//! row, then the load, all or nothing, in one transaction. A person already in the registry
//! (same name and birth date) is not entered twice: the row says «уже в реестре».

use super::repo::{person_key, works_district};
use super::rules::{validate_elder, ValidElder};
use super::types::{AttentionGroup, ElderForm, Interest, MarkForm};
use crate::auth::CurrentUser;
use crate::components::import::{ImportLine, ImportReport};
use crate::db::Db;
use crate::districts::DistrictOption;
use crate::error::{AppError, AppResult};
use crate::spreadsheet::{decode_upload, fold_header, Columns};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// The columns read, each with the other names institutions give it. The export's own columns
/// («№ п/п», «Возраст», «Контакт в этом месяце») are not read.
const COLUMNS: [(&str, &[&str]); 14] = [
    ("ФИО", &["фамилия, имя, отчество", "ф.и.о.", "ф. и. о.", "фио гражданина", "гражданин"]),
    ("Пол", &[]),
    ("Дата рождения", &["д.р.", "дата рожд.", "дата рождения (дд.мм.гггг)"]),
    ("Инвалидность", &["группа инвалидности", "инвалидность (группа)"]),
    ("Инвалидность с", &["дата установления инвалидности", "инвалидность установлена"]),
    ("Адрес", &["адрес проживания", "адрес места жительства", "место жительства"]),
    ("Участок", &["социальный участок", "№ участка", "участок №"]),
    ("Телефон", &["телефоны", "контактный телефон", "тел."]),
    ("Мессенджер", &["мессенджеры"]),
    ("С кем проживает", &["проживает", "состав семьи"]),
    ("Согласие на обработку ПДн", &["дата согласия", "согласие", "согласие на обработку персональных данных"]),
    ("Группы особого внимания", &["группы", "категория", "категории"]),
    ("Интересы", &["интересы, увлечения"]),
    ("Примечание", &["примечания", "комментарий"]),
];

/// What the import writes: the checked people, in the order of the file.
pub struct Checked {
    pub report: ImportReport,
    pub people: Vec<ValidElder>,
}

/// The sex from the words of a list: «ж», «жен.», «женский», or the code.
pub fn sex_of(value: &str) -> Option<&'static str> {
    let v = fold_header(value).trim_end_matches('.').to_string();
    match v.as_str() {
        "ж" | "жен" | "женский" | "женщина" | "female" => Some("female"),
        "м" | "муж" | "мужской" | "мужчина" | "male" => Some("male"),
        _ => None,
    }
}

/// The sex from the patronymic when the list has no column for it: «…вна», «…чна», «…кызы» —
/// a woman; «…вич», «…ич», «…оглы» — a man.
pub fn sex_from_name(full_name: &str) -> Option<&'static str> {
    let words: Vec<String> = full_name.split_whitespace().map(|w| w.to_lowercase()).collect();
    let last = words.last()?;
    if words.len() < 3 && !matches!(last.as_str(), "кызы" | "оглы") {
        return None;
    }
    if last.ends_with("вна") || last.ends_with("чна") || last == "кызы" {
        Some("female")
    } else if last.ends_with("ич") || last == "оглы" {
        Some("male")
    } else {
        None
    }
}

/// The disability group from the words of a list: «нет», «I группа», «2», «II гр.»,
/// «ребёнок-инвалид» (the empty code: none); none for words that are none of them.
pub fn disability_of(value: &str) -> Option<&'static str> {
    let v = fold_header(value).replace(['.', ' '], "");
    let v = v.trim_end_matches("группа").trim_end_matches("гр").trim_start_matches("группа");
    match v {
        "" | "нет" | "-" | "—" => Some(""),
        "1" | "i" | "первая" => Some("1"),
        "2" | "ii" | "вторая" => Some("2"),
        "3" | "iii" | "третья" => Some("3"),
        "child" | "ребенок-инвалид" | "ребенокинвалид" => Some("child"),
        _ => None,
    }
}

/// The district from the words of a list: its full name, its number («1», «№ 1»), or the name
/// after the dash («Центральный»). Empty: the user's only district, when she has one.
pub fn district_of(value: &str, mine: &[DistrictOption]) -> Result<String, String> {
    let v = fold_header(value);
    if v.is_empty() {
        return match mine {
            [only] => Ok(only.id.clone()),
            _ => Err("участок: укажите номер или название участка".into()),
        };
    }
    // «1», «№ 1», «участок 1», «уч. № 1».
    let number = v.trim_start_matches("участок").trim_start_matches("уч.").trim().trim_start_matches('№').trim();
    let number = (!number.is_empty() && number.chars().all(|c| c.is_ascii_digit())).then_some(number);
    let found = mine.iter().find(|d| {
        let name = fold_header(&d.name);
        name == v
            || name.rsplit(['—', '-']).next().map(str::trim) == Some(v.as_str())
            || number.is_some_and(|n| n == d.number.to_string())
    });
    match found {
        Some(d) => Ok(d.id.clone()),
        None => Err(format!("участок «{}»: такого участка нет среди ваших", value.trim())),
    }
}

/// The groups of special attention from the words of a list, separated by «;» or a line break:
/// a group's name, code or a word of it («одиноко», «пенсия», «прибыл», «мошенничество»).
pub fn groups_of(value: &str) -> Result<Vec<AttentionGroup>, String> {
    let mut out = Vec::new();
    for item in value.split([';', '\n']).map(fold_header).filter(|s| !s.is_empty()) {
        let group = AttentionGroup::ALL.iter().copied().find(|g| {
            fold_header(g.label()) == item
                || g.code() == item
                || match g {
                    AttentionGroup::RecentlyRetired => item.contains("пенси"),
                    AttentionGroup::NewlyArrived => item.contains("прибыл") || item.contains("переехал"),
                    AttentionGroup::Alone => item.contains("одино"),
                    AttentionGroup::VictimRisk => item.contains("виктим") || item.contains("мошен"),
                    AttentionGroup::SocialTrouble => item.contains("неблагополуч"),
                }
        });
        match group {
            Some(g) if !out.contains(&g) => out.push(g),
            Some(_) => {}
            None => return Err(format!("группа особого внимания «{item}» не из списка")),
        }
    }
    Ok(out)
}

/// Interests from the words of a list, separated by «;»: a name, a code or its first word.
pub fn interests_of(value: &str) -> Result<Vec<Interest>, String> {
    let mut out = Vec::new();
    for item in value.split([';', '\n']).map(fold_header).filter(|s| !s.is_empty()) {
        let interest = Interest::ALL.iter().copied().find(|i| {
            let label = fold_header(i.label());
            label == item || i.code() == item || label.split([':', ',', ' ']).next() == Some(item.as_str())
        });
        match interest {
            Some(i) if !out.contains(&i) => out.push(i),
            Some(_) => {}
            None => return Err(format!("интерес «{item}» не из списка")),
        }
    }
    Ok(out)
}

/// The consent column: a date is the consent given on that day; «да» without a date is not
/// enough (the registry keeps the day); empty — no consent.
fn consent_of(value: &str) -> (bool, String) {
    let v = value.trim();
    match fold_header(v).as_str() {
        "" | "нет" => (false, String::new()),
        "да" | "есть" | "+" => (true, String::new()),
        _ => (true, v.to_string()),
    }
}

/// The words of a field in a row's message.
fn field_label(field: &str) -> &str {
    match field.split('.').next().unwrap_or(field) {
        "full_name" => "ФИО",
        "sex" => "пол",
        "birth_date" => "дата рождения",
        "disability" => "инвалидность",
        "disability_since" => "инвалидность с",
        "address" => "адрес",
        "district" => "участок",
        "phone" | "phone2" => "телефон",
        "messenger" => "мессенджер",
        "lives_with" => "с кем проживает",
        "consent" | "consent_on" => "согласие на обработку ПДн",
        "marks" => "группы особого внимания",
        "interests" => "интересы",
        "notes" => "примечание",
        other => other,
    }
}

/// The form of one row; problems the form cannot name are added to `errors`.
fn form_of(
    columns: &Columns,
    row: &[String],
    mine: &[DistrictOption],
    today: NaiveDate,
    errors: &mut Vec<String>,
) -> ElderForm {
    let get = |name: &str| columns.get(row, name).to_string();
    let full_name = get("ФИО");
    let sex = if columns.has("Пол") && !get("Пол").is_empty() {
        sex_of(&get("Пол")).map(str::to_string).unwrap_or_else(|| {
            errors.push(format!("пол «{}»: «ж» или «м»", get("Пол")));
            String::new()
        })
    } else {
        sex_from_name(&full_name).map(str::to_string).unwrap_or_default()
    };
    let disability = disability_of(&get("Инвалидность")).map(str::to_string).unwrap_or_else(|| {
        errors.push(format!(
            "инвалидность «{}»: «нет», «I группа», «II группа», «III группа» или «ребёнок-инвалид»",
            get("Инвалидность")
        ));
        String::new()
    });
    let district = district_of(&get("Участок"), mine).unwrap_or_else(|e| {
        errors.push(e);
        // A key no district has, so that the form's own check does not repeat the message.
        "unknown".into()
    });
    let phones: Vec<String> =
        get("Телефон").split([',', ';', '\n']).map(str::trim).filter(|p| !p.is_empty()).map(str::to_string).collect();
    if phones.len() > 2 {
        errors.push("телефон: в реестре два номера — остальные перенесите в примечание".into());
    }
    let groups = groups_of(&get("Группы особого внимания")).unwrap_or_else(|e| {
        errors.push(e);
        vec![]
    });
    let interests = interests_of(&get("Интересы")).unwrap_or_else(|e| {
        errors.push(e);
        vec![]
    });
    let (consent, consent_on) = consent_of(&get("Согласие на обработку ПДн"));
    let mut lives_with = get("С кем проживает");
    if lives_with.is_empty() && groups.contains(&AttentionGroup::Alone) {
        lives_with = if sex == "male" { "один" } else { "одна" }.into();
    }
    ElderForm {
        full_name,
        sex,
        birth_date: get("Дата рождения"),
        disability,
        disability_since: get("Инвалидность с"),
        address: get("Адрес"),
        district,
        phone: phones.first().cloned().unwrap_or_default(),
        phone2: phones.get(1).cloned().unwrap_or_default(),
        messenger: get("Мессенджер"),
        lives_with,
        consent,
        consent_on,
        // Marked on the day of the load: the list does not say since when.
        marks: groups
            .iter()
            .map(|g| MarkForm {
                group: g.code().into(),
                since: crate::time::format_iso_date(today),
                note: "отмечено по загруженному списку".into(),
            })
            .collect(),
        interests: interests.iter().map(|i| i.code().to_string()).collect(),
        case_number: String::new(),
        notes: get("Примечание"),
        left_reason: String::new(),
    }
}

/// The rows of a table checked against the form's rules, the user's districts and the people
/// already in the registry (`existing`: the person keys found). Nothing is written.
pub fn check(
    table: &[Vec<String>],
    user: &CurrentUser,
    mine: &[DistrictOption],
    existing: &HashSet<String>,
    today: NaiveDate,
) -> Result<Checked, String> {
    let Some((at, columns)) = Columns::find(table, &COLUMNS, &["ФИО"]) else {
        return Err("В первых строках нет столбца «ФИО» (или «Фамилия, имя, отчество»): это не список граждан".into());
    };
    let mut report = ImportReport::default();
    let mut people = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, row) in table.iter().enumerate().skip(at + 1) {
        let n = i + 1;
        if row.iter().all(|c| crate::spreadsheet::cell_value(c).is_empty()) {
            continue;
        }
        let mut problems = Vec::new();
        let form = form_of(&columns, row, mine, today, &mut problems);
        let name = crate::validation::collapse_spaces(&form.full_name);
        // Someone the registry holds is not entered again, whatever else the row says (the
        // registry's own export lacks columns a new person needs).
        if let Some(key) = crate::time::parse_date(&form.birth_date).map(|d| person_key(&name, d)) {
            if existing.contains(&key) {
                if let Some(first) = seen.get(&key) {
                    report.errors.push((n, format!("«{name}» уже есть в файле в строке {first}")));
                } else {
                    seen.insert(key, n);
                    report.unchanged += 1;
                    report.lines.push(ImportLine { row: n, name, action: "уже в реестре".into() });
                }
                continue;
            }
        }
        let valid = validate_elder(&form, today);
        if let Err(errors) = &valid {
            for (field, message) in &errors.0 {
                // The district's own message is already said in words of the file; without
                // consent its date is not asked for.
                if (field == "district" && form.district == "unknown")
                    || (field == "consent_on" && errors.0.contains_key("consent"))
                {
                    continue;
                }
                problems.push(format!("{}: {message}", field_label(field)));
            }
        }
        let Ok(person) = valid else {
            report.errors.extend(problems.into_iter().map(|p| (n, p)));
            continue;
        };
        if !problems.is_empty() {
            report.errors.extend(problems.into_iter().map(|p| (n, p)));
            continue;
        }
        if !works_district(user, &person.district) {
            report.errors.push((n, "участок: вносить людей можно только на участки, которые вы ведёте".into()));
            continue;
        }
        let key = person_key(&person.full_name, person.birth_date);
        if let Some(first) = seen.get(&key) {
            report.errors.push((n, format!("«{name}» уже есть в файле в строке {first}")));
            continue;
        }
        seen.insert(key, n);
        report.lines.push(ImportLine { row: n, name, action: "новый".into() });
        people.push(person);
    }
    report.errors.sort();
    report.created = people.len();
    Ok(Checked { report, people })
}

/// Checks a file sent as base64 and, when `apply` and it has no problems, enters its new people
/// with `audit` in one transaction.
pub async fn run(
    db: &Db,
    user: &CurrentUser,
    file_name: &str,
    data: &str,
    apply: bool,
    audit: impl FnOnce(&ImportReport) -> crate::audit::ssr::AuditLine,
) -> AppResult<ImportReport> {
    let fail = |message: String| AppError::field("file", message);
    let table = decode_upload(file_name, data).map_err(fail)?;
    let mine = super::repo::Scope::of(db, user).await?.mine;
    let today = crate::time::local_today(chrono::Utc::now());
    // The keys of the file, to ask the registry which of them it holds.
    let keys = candidate_keys(&table);
    let existing = super::repo::existing_people(db, &keys).await?;
    let Checked { mut report, people } = check(&table, user, &mine, &existing, today).map_err(fail)?;
    if report.lines.is_empty() && report.errors.is_empty() {
        return Err(fail("В файле нет ни одного человека".into()));
    }
    if apply && report.errors.is_empty() {
        // Everyone already in the registry: nothing to write, and the user is told so.
        if !people.is_empty() {
            super::repo::create_many(db, user, &people, audit(&report)).await?;
        }
        report.applied = true;
    }
    Ok(report)
}

/// Every name and date of the file as a person key, whatever the columns: a superset of the
/// keys of its valid rows.
fn candidate_keys(table: &[Vec<String>]) -> Vec<String> {
    let mut keys = HashSet::new();
    for row in table {
        let dates: Vec<NaiveDate> = row.iter().filter_map(|c| crate::time::parse_date(c)).collect();
        for cell in row {
            let name = crate::validation::collapse_spaces(crate::spreadsheet::cell_value(cell));
            if name.split(' ').count() >= 2
                && name.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '.'))
            {
                keys.extend(dates.iter().map(|d| person_key(&name, *d)));
            }
        }
    }
    keys.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;

    fn districts() -> Vec<DistrictOption> {
        vec![
            DistrictOption {
                id: "d1".into(), number: 1, name: "Участок № 1 — Центральный".into()
            },
            DistrictOption { id: "d2".into(), number: 2, name: "Участок № 2 — Южный".into() },
        ]
    }

    fn caseworker(districts: &[&str]) -> CurrentUser {
        CurrentUser {
            id: "u1".into(),
            login: "tkachenko".into(),
            full_name: "Ткаченко Ольга Викторовна".into(),
            roles: vec![Role::Caseworker],
            districts: districts.iter().map(|d| d.to_string()).collect(),
            must_change_password: false,
        }
    }

    fn table(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
    }

    const HEADER: &[&str] = &[
        "Фамилия, имя, отчество",
        "Дата рождения",
        "Адрес проживания",
        "Участок",
        "Телефон",
        "С кем проживает",
        "Дата согласия",
        "Группы особого внимания",
    ];

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 5).unwrap_or_default()
    }

    #[test]
    fn words_of_lists_are_read() {
        assert_eq!(sex_of("Ж."), Some("female"));
        assert_eq!(sex_of("мужской"), Some("male"));
        assert_eq!(sex_from_name("Иванова Анна Петровна"), Some("female"));
        assert_eq!(sex_from_name("Петров Иван Сергеевич"), Some("male"));
        assert_eq!(sex_from_name("Смит Джон"), None);
        assert_eq!(disability_of("II группа"), Some("2"));
        assert_eq!(disability_of("3 гр."), Some("3"));
        assert_eq!(disability_of("нет"), Some(""));
        assert_eq!(disability_of("Ребёнок-инвалид"), Some("child"));
        assert_eq!(disability_of("лёгкая"), None);
        let mine = districts();
        assert_eq!(district_of("Участок № 2 — Южный", &mine).as_deref(), Ok("d2"));
        assert_eq!(district_of("2", &mine).as_deref(), Ok("d2"));
        assert_eq!(district_of("№ 1", &mine).as_deref(), Ok("d1"));
        assert_eq!(district_of("уч. 2", &mine).as_deref(), Ok("d2"));
        assert_eq!(district_of("центральный", &mine).as_deref(), Ok("d1"));
        assert!(district_of("7", &mine).is_err());
        assert!(district_of("", &mine).is_err());
        assert_eq!(district_of("", &mine[..1]).as_deref(), Ok("d1"));
        assert_eq!(
            groups_of("Проживает одиноко; риск виктимизации (мошенничество, насилие)"),
            Ok(vec![AttentionGroup::Alone, AttentionGroup::VictimRisk])
        );
        assert_eq!(groups_of("недавно вышла на пенсию"), Ok(vec![AttentionGroup::RecentlyRetired]));
        assert!(groups_of("ветеран труда").is_err());
        assert_eq!(interests_of("Спорт и здоровье; туризм"), Ok(vec![Interest::SportHealth, Interest::Tourism]));
    }

    #[test]
    fn every_problem_is_named_by_its_row_and_nothing_is_taken_from_a_bad_row() {
        let file = table(&[
            &["Список граждан 55+ участка № 1"],
            HEADER,
            &[
                "Иванова Анна Петровна",
                "12.03.1950",
                "ул. Ленина, 12-4",
                "1",
                "8 902 814-22-10",
                "",
                "01.11.2026",
                "одиноко",
            ],
            &["Петров Иван", "31.02.1950", "ул. Ленина, 14", "1", "", "с женой", "01.11.2026", ""],
            &["Сидорова Мария Ивановна", "01.01.1990", "ул. Мира, 3", "2", "", "с мужем", "", ""],
            &["Иванова  Анна Петровна", "12.03.1950", "ул. Ленина, 12-4", "1", "", "одна", "01.11.2026", ""],
            &["Кузнецова Вера Павловна", "05.06.1948", "ул. Мира, 5", "2", "", "с дочерью", "02.11.2026", ""],
        ]);
        let user = caseworker(&["d1"]);
        let checked = check(&file, &user, &districts(), &HashSet::new(), today()).expect("a list of people");
        let rows: Vec<usize> = checked.report.errors.iter().map(|(n, _)| *n).collect();
        assert_eq!(checked.report.lines.len(), 1, "{:?}", checked.report);
        assert_eq!(checked.report.lines[0].row, 3);
        assert_eq!(checked.people[0].lives_with, "одна");
        assert_eq!(checked.people[0].marks[0].group, AttentionGroup::Alone);
        let text = format!("{:?}", checked.report.errors);
        assert!(rows.contains(&4) && text.contains("пол") && text.contains("дата рождения"), "{text}");
        assert!(rows.contains(&5) && text.contains("согласие"), "{text}");
        assert!(text.contains("уже есть в файле в строке 3"), "{text}");
        assert!(rows.contains(&7) && text.contains("участки, которые вы ведёте"), "{text}");
    }

    #[test]
    fn a_person_already_in_the_registry_is_not_entered_again() {
        let file = table(&[
            HEADER,
            &["Иванова Анна Петровна", "12.03.1950", "ул. Ленина, 12-4", "", "", "одна", "01.11.2026", ""],
        ]);
        let existing: HashSet<String> =
            [person_key("Иванова Анна Петровна", NaiveDate::from_ymd_opt(1950, 3, 12).unwrap_or_default())].into();
        let user = caseworker(&["d1"]);
        let checked = check(&file, &user, &districts()[..1], &existing, today()).expect("a list of people");
        assert!(checked.report.errors.is_empty(), "{:?}", checked.report.errors);
        assert!(checked.people.is_empty());
        assert_eq!(checked.report.unchanged, 1);
        assert_eq!(checked.report.lines[0].action, "уже в реестре");
        assert!(candidate_keys(&file).contains(existing.iter().next().unwrap_or(&String::new())));
    }

    #[test]
    fn a_file_without_names_is_not_a_list_of_people() {
        let file = table(&[&["Наименование", "Адрес"], &["ООО «Ромашка»", "ул. Мира, 1"]]);
        let user = caseworker(&["d1"]);
        assert!(check(&file, &user, &districts(), &HashSet::new(), today()).is_err());
    }
}
