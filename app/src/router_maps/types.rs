//! A router map of difficult life situations (карта-маршрутизатор ТЖС, seed 004 II.1.7; DOMAIN.md
//! §4): situations → ways of solving them (steps with documents and a typical duration in working
//! days) → the kind of partner who acts, and optionally a specific partner. The lists of typical
//! activities of the support plans of other families (ИПССС, seed 003 item 7) have the same shape:
//! situations and the activities answering them. Maps and lists are data: four ship by default,
//! supervisors edit them, and every saved change is a new version.

use crate::error::{AppError, FieldErrors};
use crate::resources::types::PartnerKind;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

crate::labeled_enum! {
    /// Whom a map is for.
    pub enum Audience {
        Participant => "participant", "Участник СВО",
        Family => "family", "Член семьи участника СВО",
        Children => "children", "Семья с детьми",
        Adults => "adults", "Гражданин, пожилой, инвалид",
    }
}

/// The longest typical duration of a step, in working days (a quarter of a year).
pub const MAX_DURATION: u32 = 60;

/// A way of solving a situation: one activity a route can take.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub documents: Vec<String>,
    pub duration_days: u32,
    /// A code of the resource map's kinds of help (`help_kind`).
    pub help_kind: String,
    /// A code of `PartnerKind`; none when the department acts itself.
    #[serde(default)]
    pub partner_kind: Option<String>,
    /// A specific partner the map recommends.
    #[serde(default)]
    pub partner_id: Option<String>,
    #[serde(default)]
    pub archived: bool,
}

/// A difficult life situation (ТЖС) and its ways of solving it, in the order shown.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Situation {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub steps: Vec<Step>,
    #[serde(default)]
    pub archived: bool,
}

/// The content of a map: what a version holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MapContent {
    pub title: String,
    pub situations: Vec<Situation>,
}

/// A map as stored: its current content and version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouterMap {
    /// The audience's code: `participant`, `family`, `children` or `adults`.
    pub code: String,
    pub audience: Audience,
    pub content: MapContent,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
    pub updated_by_name: String,
}

impl RouterMap {
    pub fn situation(&self, id: &str) -> Option<&Situation> {
        self.content.situations.iter().find(|s| s.id == id)
    }
    pub fn step(&self, id: &str) -> Option<(&Situation, &Step)> {
        self.content.situations.iter().find_map(|s| s.steps.iter().find(|st| st.id == id).map(|st| (s, st)))
    }
}

/// One saved version, for the history list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapVersion {
    pub version: i64,
    pub at: DateTime<Utc>,
    pub by_name: String,
    pub situations: usize,
    pub steps: usize,
}

/// Everything the map page needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapsPage {
    pub maps: Vec<RouterMap>,
    pub help_kinds: Vec<crate::resources::types::HelpKind>,
    pub can_edit: bool,
}

/// A map as shipped in `server/data/router_maps.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct DefaultMap {
    pub code: String,
    pub title: String,
    pub audience: Audience,
    pub situations: Vec<Situation>,
}

/// Whether a text is usable as a situation or step id: short, latin letters, digits and dashes.
pub fn is_item_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 60 && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A fresh id for a new situation or step, unique in `content`.
pub fn new_item_id(content: &MapContent, prefix: &str) -> String {
    let taken = |id: &str| content.situations.iter().any(|s| s.id == id || s.steps.iter().any(|st| st.id == id));
    let mut n = content.situations.iter().map(|s| 1 + s.steps.len()).sum::<usize>() + 1;
    loop {
        let id = format!("{prefix}-{n}");
        if !taken(&id) {
            return id;
        }
        n += 1;
    }
}

/// Checks a map before it is saved; each problem is named by its place («situation 3, step 2»),
/// on the field `situations.<i>[.steps.<j>].<field>`. Trims texts and drops empty documents.
pub fn validate_map(content: &mut MapContent, help_kinds: &[String]) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    content.title = content.title.trim().to_string();
    if content.title.is_empty() {
        errors.add("title", "Укажите название карты");
    } else if content.title.chars().count() > 200 {
        errors.add("title", "Название карты длиннее 200 знаков");
    }
    if content.situations.iter().filter(|s| !s.archived).count() == 0 {
        errors.add("situations", "В карте должна быть хотя бы одна действующая ситуация");
    }
    if content.situations.len() > 100 {
        errors.add("situations", "В карте больше 100 ситуаций");
    }
    let mut ids = std::collections::HashSet::new();
    for (i, situation) in content.situations.iter_mut().enumerate() {
        let place = format!("Ситуация {}", i + 1);
        let key = format!("situations.{i}");
        situation.title = situation.title.trim().to_string();
        situation.description = situation.description.trim().to_string();
        if !is_item_id(&situation.id) || !ids.insert(situation.id.clone()) {
            errors.add(&format!("{key}.id"), format!("{place}: неверный или повторный код"));
        }
        if situation.title.is_empty() {
            errors.add(&format!("{key}.title"), format!("{place}: укажите, в чём трудность"));
        } else if situation.title.chars().count() > 300 {
            errors.add(&format!("{key}.title"), format!("{place}: название длиннее 300 знаков"));
        }
        if situation.description.chars().count() > 2000 {
            errors.add(&format!("{key}.description"), format!("{place}: описание длиннее 2000 знаков"));
        }
        if situation.steps.len() > 50 {
            errors.add(&format!("{key}.steps"), format!("{place}: больше 50 шагов"));
        }
        if !situation.archived && situation.steps.iter().all(|s| s.archived) {
            errors.add(&format!("{key}.steps"), format!("{place}: добавьте хотя бы один способ решения"));
        }
        for (j, step) in situation.steps.iter_mut().enumerate() {
            let place = format!("{place}, шаг {}", j + 1);
            let key = format!("{key}.steps.{j}");
            step.title = step.title.trim().to_string();
            step.content = step.content.trim().to_string();
            step.documents = step.documents.iter().map(|d| d.trim().to_string()).filter(|d| !d.is_empty()).collect();
            step.partner_kind = step.partner_kind.take().filter(|k| !k.is_empty());
            step.partner_id = step.partner_id.take().filter(|k| !k.is_empty());
            if !is_item_id(&step.id) || !ids.insert(step.id.clone()) {
                errors.add(&format!("{key}.id"), format!("{place}: неверный или повторный код"));
            }
            if step.title.is_empty() {
                errors.add(&format!("{key}.title"), format!("{place}: укажите, что делается"));
            } else if step.title.chars().count() > 300 {
                errors.add(&format!("{key}.title"), format!("{place}: название длиннее 300 знаков"));
            }
            if step.content.chars().count() > 2000 {
                errors.add(&format!("{key}.content"), format!("{place}: описание длиннее 2000 знаков"));
            }
            if step.documents.len() > 30 || step.documents.iter().any(|d| d.chars().count() > 300) {
                errors.add(&format!("{key}.documents"), format!("{place}: слишком длинный список документов"));
            }
            if step.duration_days == 0 || step.duration_days > MAX_DURATION {
                errors.add(
                    &format!("{key}.duration_days"),
                    format!("{place}: срок — от 1 до {MAX_DURATION} рабочих дней"),
                );
            }
            if !help_kinds.contains(&step.help_kind) {
                errors.add(&format!("{key}.help_kind"), format!("{place}: выберите вид помощи"));
            }
            if let Some(kind) = &step.partner_kind {
                if PartnerKind::from_code(kind).is_none() {
                    errors.add(&format!("{key}.partner_kind"), format!("{place}: неизвестный вид партнёра"));
                }
            }
            if let Some(partner) = &step.partner_id {
                if !crate::keys::is_record_key(partner) {
                    errors.add(&format!("{key}.partner_id"), format!("{place}: неизвестный партнёр"));
                }
            }
        }
    }
    errors.into_result()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds() -> Vec<String> {
        vec!["medical".into(), "legal".into()]
    }

    fn map() -> MapContent {
        MapContent {
            title: " Карта ".into(),
            situations: vec![Situation {
                id: "p-medical".into(),
                title: "Нужна медицинская помощь".into(),
                description: String::new(),
                steps: vec![Step {
                    id: "p-medical-1".into(),
                    title: "Запись к врачу".into(),
                    documents: vec![" Паспорт ".into(), "  ".into()],
                    duration_days: 5,
                    help_kind: "medical".into(),
                    partner_kind: Some("health".into()),
                    ..Default::default()
                }],
                archived: false,
            }],
        }
    }

    #[test]
    fn a_good_map_is_trimmed_and_accepted() {
        let mut m = map();
        validate_map(&mut m, &kinds()).unwrap();
        assert_eq!(m.title, "Карта");
        assert_eq!(m.situations[0].steps[0].documents, vec!["Паспорт".to_string()]);
    }

    #[test]
    fn problems_are_named_by_their_place() {
        let mut m = map();
        m.situations[0].steps[0].duration_days = 0;
        m.situations[0].steps[0].help_kind = "unknown".into();
        m.situations.push(Situation { id: "p-medical".into(), title: "".into(), ..Default::default() });
        let errors = validate_map(&mut m, &kinds()).unwrap_err();
        let errors = errors.field_errors().unwrap();
        assert_eq!(
            errors.get("situations.0.steps.0.duration_days"),
            Some("Ситуация 1, шаг 1: срок — от 1 до 60 рабочих дней")
        );
        assert_eq!(errors.get("situations.0.steps.0.help_kind"), Some("Ситуация 1, шаг 1: выберите вид помощи"));
        assert_eq!(errors.get("situations.1.id"), Some("Ситуация 2: неверный или повторный код"));
        assert_eq!(errors.get("situations.1.title"), Some("Ситуация 2: укажите, в чём трудность"));
    }

    #[test]
    fn an_archived_situation_does_not_count_as_live() {
        let mut m = map();
        m.situations[0].archived = true;
        let errors = validate_map(&mut m, &kinds()).unwrap_err();
        assert!(errors.field_errors().unwrap().get("situations").is_some());
    }

    #[test]
    fn new_ids_do_not_repeat() {
        let m = map();
        let id = new_item_id(&m, "p");
        assert!(is_item_id(&id));
        assert!(m.situations.iter().all(|s| s.id != id && s.steps.iter().all(|st| st.id != id)));
    }
}
