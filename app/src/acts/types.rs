//! The inspection act (акт обследования материально-бытовых и жилищных условий семьи): its
//! sections as DOMAIN.md §2 and seed 003 item 4 list them, the closed lists it chooses from, and
//! what a complete act needs before it is signed.

use crate::error::FieldErrors;
use crate::labeled_enum;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

labeled_enum! {
    pub enum ActStatus {
        Draft => "draft", "Черновик",
        Signed => "signed", "Подписан",
    }
}

/// Circumstances that worsen or may worsen the family's living conditions.
pub const CIRCUMSTANCES: &[(&str, &str)] = &[
    ("low_income", "Малоимущность"),
    ("unemployment", "Безработица родителей"),
    ("disability", "Инвалидность члена семьи"),
    ("illness", "Тяжёлое заболевание члена семьи"),
    ("alcohol", "Злоупотребление алкоголем, наркотиками"),
    ("conflict", "Внутрисемейный конфликт, насилие"),
    ("neglect", "Ненадлежащее исполнение родительских обязанностей"),
    ("breadwinner", "Утрата кормильца"),
    ("svo", "Участие члена семьи в СВО"),
    ("housing_loss", "Утрата или угроза утраты жилья"),
    ("large_family", "Многодетность"),
    ("single_parent", "Неполная семья"),
];

/// Indicators of the family's need of social support (Federal law 442-FZ, art. 15).
pub const NEED_INDICATORS: &[(&str, &str)] = &[
    ("self_care", "Полная или частичная утрата способности к самообслуживанию"),
    ("disabled_care", "Инвалид в семье, нуждающийся в постоянном уходе"),
    ("child_adaptation", "Ребёнок с трудностями социальной адаптации"),
    ("no_care", "Некому обеспечить уход за ребёнком, инвалидом, пожилым"),
    ("family_conflict", "Внутрисемейный конфликт, насилие в семье"),
    ("no_home", "Отсутствие определённого места жительства"),
    ("no_income", "Отсутствие работы и средств к существованию"),
];

pub const HOUSING_TYPES: &[(&str, &str)] = &[
    ("flat", "Квартира"),
    ("house", "Частный дом"),
    ("room", "Комната, общежитие"),
    ("rented", "Съёмное жильё"),
    ("relatives", "У родственников"),
    ("none", "Жилья нет"),
];

pub const AMENITIES: &[(&str, &str)] = &[
    ("central_heating", "Центральное отопление"),
    ("stove", "Печное отопление"),
    ("water", "Водопровод"),
    ("hot_water", "Горячая вода"),
    ("sewerage", "Канализация"),
    ("gas", "Газ"),
    ("electricity", "Электричество"),
];

/// State of the dwelling and its sanitary state.
pub const CONDITIONS: &[(&str, &str)] = &[
    ("good", "Хорошее"),
    ("fair", "Удовлетворительное"),
    ("poor", "Неудовлетворительное"),
    ("dangerous", "Аварийное, опасное для жизни"),
];

pub const CLIMATES: &[(&str, &str)] = &[
    ("favourable", "Благоприятный"),
    ("tense", "Напряжённый"),
    ("conflict", "Конфликтный"),
    ("dangerous", "Опасный для ребёнка"),
];

pub const CLIMATE_SIGNS: &[(&str, &str)] = &[
    ("violence", "Признаки насилия"),
    ("alcohol", "Члены семьи в состоянии опьянения"),
    ("neglected_child", "Ребёнок неопрятен, голоден"),
    ("no_contact", "Родители избегают контакта"),
];

pub const INCOME_SOURCES: &[(&str, &str)] = &[
    ("salary", "Заработная плата"),
    ("pension", "Пенсия"),
    ("benefits", "Пособия, выплаты"),
    ("alimony", "Алименты"),
    ("social_contract", "Социальный контракт"),
    ("casual", "Случайные заработки"),
    ("none", "Доходов нет"),
];

pub const MATERIAL_SIGNS: &[(&str, &str)] = &[
    ("debts", "Долги за жилищно-коммунальные услуги"),
    ("no_food", "Нехватка продуктов питания"),
    ("no_clothes", "Нет сезонной одежды, обуви"),
    ("no_furniture", "Нет необходимой мебели, спального места ребёнку"),
    ("no_firewood", "Нет дров, топлива на зиму"),
];

/// Levels of social support of a family (seed 003, the model programme).
pub const SUPPORT_LEVELS: &[(&str, &str)] =
    &[("emergency", "Экстренный"), ("crisis", "Кризисный"), ("basic", "Базовый")];

pub const SUPPORT_FORMS: &[(&str, &str)] = &[
    ("accompaniment", "Социальное сопровождение"),
    ("home", "Социальное обслуживание на дому"),
    ("day_care", "Полустационарное обслуживание"),
    ("urgent", "Срочные социальные услуги"),
];

/// Kinds of social services (442-FZ, art. 20).
pub const SERVICES: &[(&str, &str)] = &[
    ("household", "Социально-бытовые"),
    ("medical", "Социально-медицинские"),
    ("psychological", "Социально-психологические"),
    ("pedagogical", "Социально-педагогические"),
    ("labour", "Социально-трудовые"),
    ("legal", "Социально-правовые"),
    ("communication", "Повышение коммуникативного потенциала"),
    ("urgent", "Срочные социальные услуги"),
];

/// A member of the family as the act records them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActMember {
    pub full_name: String,
    pub relation: String,
    pub birth_date: String,
    /// Work, school, kindergarten…
    pub occupation: String,
    pub health: String,
}

/// The act as typed: every value a string or a list of codes, so that a draft keeps anything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActContent {
    pub inspected_on: String,
    pub address: String,
    pub present: String,
    pub family_categories: Vec<String>,
    pub circumstances: Vec<String>,
    pub circumstances_other: String,
    pub need_indicators: Vec<String>,
    pub need_other: String,
    pub members: Vec<ActMember>,
    pub housing_type: String,
    pub rooms: String,
    pub area: String,
    pub amenities: Vec<String>,
    pub housing_condition: String,
    pub sanitary: String,
    pub child_place: String,
    pub housing_notes: String,
    pub climate: String,
    pub climate_signs: Vec<String>,
    pub climate_notes: String,
    pub income_sources: Vec<String>,
    pub income_per_person: String,
    pub material_signs: Vec<String>,
    pub material_notes: String,
    pub support_level: String,
    pub support_form: String,
    pub services: Vec<String>,
    pub other_help: String,
    pub commission: String,
}

/// The sections of the act, with the fields each holds: (field, label). The form, the print view
/// and the field-by-field choice after a conflict all read this one table.
pub const SECTIONS: &[(&str, &[(&str, &str)])] = &[
    ("Общие сведения", &[("inspected_on", "Дата обследования"), ("address", "Адрес"), ("present", "Присутствовали")]),
    ("1. Категория семьи", &[("family_categories", "Категория семьи")]),
    (
        "2. Обстоятельства, ухудшающие условия жизнедеятельности",
        &[("circumstances", "Обстоятельства"), ("circumstances_other", "Другое")],
    ),
    (
        "3. Показатели нуждаемости в социальном сопровождении",
        &[("need_indicators", "Показатели"), ("need_other", "Другое")],
    ),
    ("4. Члены семьи", &[("members", "Члены семьи")]),
    (
        "5. Жилищные условия",
        &[
            ("housing_type", "Жильё"),
            ("rooms", "Комнат"),
            ("area", "Площадь, м²"),
            ("amenities", "Благоустройство"),
            ("housing_condition", "Состояние жилья"),
            ("sanitary", "Санитарное состояние"),
            ("child_place", "Место для сна и занятий ребёнка"),
            ("housing_notes", "Примечания"),
        ],
    ),
    (
        "6. Психологический климат в семье",
        &[("climate", "Климат"), ("climate_signs", "Что замечено"), ("climate_notes", "Взаимоотношения в семье")],
    ),
    (
        "7. Материальное положение",
        &[
            ("income_sources", "Источники дохода"),
            ("income_per_person", "Доход на человека, ₽ в месяц"),
            ("material_signs", "Признаки нужды"),
            ("material_notes", "Примечания"),
        ],
    ),
    (
        "8. Заключение комиссии",
        &[
            ("support_level", "Уровень сопровождения"),
            ("support_form", "Форма сопровождения"),
            ("services", "Виды социальных услуг"),
            ("other_help", "Иная помощь"),
            ("commission", "Члены комиссии"),
        ],
    ),
];

/// The closed list a field chooses from, if it has one.
pub fn list_of(field: &str) -> Option<&'static [(&'static str, &'static str)]> {
    Some(match field {
        "circumstances" => CIRCUMSTANCES,
        "need_indicators" => NEED_INDICATORS,
        "housing_type" => HOUSING_TYPES,
        "amenities" => AMENITIES,
        "housing_condition" | "sanitary" => CONDITIONS,
        "climate" => CLIMATES,
        "climate_signs" => CLIMATE_SIGNS,
        "income_sources" => INCOME_SOURCES,
        "material_signs" => MATERIAL_SIGNS,
        "support_level" => SUPPORT_LEVELS,
        "support_form" => SUPPORT_FORMS,
        "services" => SERVICES,
        _ => return None,
    })
}

impl ActContent {
    fn json(&self) -> serde_json::Map<String, serde_json::Value> {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(map)) => map,
            _ => serde_json::Map::new(),
        }
    }

    /// A field as people read it: labels of chosen codes, members one per line.
    pub fn display(&self, field: &str) -> String {
        let value = self.json().remove(field).unwrap_or_default();
        match (field, value) {
            ("members", _) => self
                .members
                .iter()
                .map(|m| {
                    [
                        m.full_name.as_str(),
                        m.relation.as_str(),
                        m.birth_date.as_str(),
                        m.occupation.as_str(),
                        m.health.as_str(),
                    ]
                    .iter()
                    .filter(|p| !p.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", ")
                })
                .collect::<Vec<_>>()
                .join("\n"),
            ("family_categories", serde_json::Value::Array(codes)) => codes
                .iter()
                .filter_map(|c| c.as_str())
                .map(|c| crate::cases::types::Category::from_code(c).map(|k| k.label()).unwrap_or(c).to_string())
                .collect::<Vec<_>>()
                .join("; "),
            (field, serde_json::Value::Array(codes)) => {
                let list = list_of(field).unwrap_or(&[]);
                codes
                    .iter()
                    .filter_map(|c| c.as_str())
                    .map(|c| list.iter().find(|(code, _)| *code == c).map(|(_, l)| *l).unwrap_or(c).to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            }
            ("inspected_on", serde_json::Value::String(s)) => {
                crate::time::parse_date(&s).map(crate::time::format_naive_date).unwrap_or(s)
            }
            (field, serde_json::Value::String(s)) => match list_of(field) {
                Some(list) => list.iter().find(|(code, _)| *code == s).map(|(_, l)| l.to_string()).unwrap_or(s),
                None => s,
            },
            _ => String::new(),
        }
    }

    /// The fields where two versions differ.
    pub fn differences(&self, other: &ActContent) -> Vec<&'static str> {
        let (mine, theirs) = (self.json(), other.json());
        SECTIONS
            .iter()
            .flat_map(|(_, fields)| fields.iter().map(|(f, _)| *f))
            .filter(|f| mine.get(*f) != theirs.get(*f))
            .collect()
    }

    /// This act with one field taken from another.
    pub fn with_field_of(&self, field: &str, other: &ActContent) -> ActContent {
        let mut mine = self.json();
        if let Some(value) = other.json().remove(field) {
            mine.insert(field.to_string(), value);
        }
        serde_json::from_value(serde_json::Value::Object(mine)).unwrap_or_else(|_| self.clone())
    }
}

/// The act as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Act {
    pub content: ActContent,
    pub status: ActStatus,
    pub signed_at: Option<DateTime<Utc>>,
    pub signed_by_name: Option<String>,
    pub updated_at: DateTime<Utc>,
    pub updated_by_name: String,
    pub version: i64,
}

/// The act page's data: the case, the act (or a blank filled from the case) and the rights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActDetails {
    pub case_id: String,
    pub case_number: String,
    pub case_title: String,
    pub district_name: Option<String>,
    pub curator_name: Option<String>,
    /// The stored act; None: not begun (then `blank` is the form to start from).
    pub act: Option<Act>,
    pub blank: ActContent,
    pub photos: Vec<ActPhoto>,
    pub can_edit: bool,
}

/// What a complete act must have before it is signed.
pub fn check_complete(content: &ActContent) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    if crate::time::parse_date(&content.inspected_on).is_none() {
        errors.add("inspected_on", "Укажите дату обследования");
    }
    for (field, value, message) in [
        ("address", &content.address, "Укажите адрес"),
        ("housing_type", &content.housing_type, "Выберите вид жилья"),
        ("housing_condition", &content.housing_condition, "Оцените состояние жилья"),
        ("climate", &content.climate, "Оцените психологический климат"),
        ("support_level", &content.support_level, "Выберите рекомендуемый уровень сопровождения"),
        ("support_form", &content.support_form, "Выберите форму сопровождения"),
        ("commission", &content.commission, "Укажите членов комиссии"),
    ] {
        if value.trim().is_empty() {
            errors.add(field, message);
        }
    }
    if content.family_categories.is_empty() {
        errors.add("family_categories", "Отметьте категорию семьи");
    }
    if content.members.iter().all(|m| m.full_name.trim().is_empty()) {
        errors.add("members", "Впишите членов семьи");
    }
    if content.income_sources.is_empty() {
        errors.add("income_sources", "Отметьте источники дохода");
    }
    if !content.income_per_person.trim().is_empty()
        && content.income_per_person.trim().replace([' ', '\u{a0}'], "").parse::<u64>().is_err()
    {
        errors.add("income_per_person", "Целое число рублей");
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_field_is_a_field_of_the_act() {
        let act = ActContent { inspected_on: "2026-11-25".into(), ..Default::default() };
        let fields = act.json();
        for (_, section) in SECTIONS {
            for (field, _) in *section {
                assert!(fields.contains_key(*field), "{field}");
            }
        }
    }

    #[test]
    fn differences_are_found_and_taken_field_by_field() {
        let mine = ActContent { climate: "tense".into(), rooms: "2".into(), ..Default::default() };
        let theirs =
            ActContent { climate: "favourable".into(), rooms: "2".into(), area: "48".into(), ..Default::default() };
        assert_eq!(mine.differences(&theirs), vec!["area", "climate"]);
        let merged = mine.with_field_of("area", &theirs);
        assert_eq!(merged.area, "48");
        assert_eq!(merged.climate, "tense");
        assert_eq!(theirs.display("climate"), "Благоприятный");
    }

    #[test]
    fn an_act_is_signed_only_when_complete() {
        let errors = check_complete(&ActContent::default()).unwrap_err();
        for field in [
            "inspected_on",
            "address",
            "family_categories",
            "members",
            "housing_type",
            "climate",
            "support_level",
            "commission",
        ] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        let complete = ActContent {
            inspected_on: "25.11.2026".into(),
            address: "ул. Мира, 1".into(),
            family_categories: vec!["large_family".into()],
            members: vec![ActMember { full_name: "Иванова Анна".into(), ..Default::default() }],
            housing_type: "house".into(),
            housing_condition: "fair".into(),
            climate: "favourable".into(),
            income_sources: vec!["salary".into()],
            support_level: "basic".into(),
            support_form: "accompaniment".into(),
            commission: "Петрова А. С.".into(),
            ..Default::default()
        };
        assert!(check_complete(&complete).is_ok());
    }
}

/// A photo of living conditions attached to the act.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActPhoto {
    pub id: String,
    pub name: String,
    pub size: i64,
    pub taken_at: DateTime<Utc>,
    pub by_name: String,
}

/// The largest photo accepted, in bytes.
pub const MAX_PHOTO: usize = crate::stored_files::MAX_FILE;

/// What signing did: the signed act, and the stage the case moved to, if it moved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signed {
    pub act: Act,
    pub moved_to: Option<String>,
}
