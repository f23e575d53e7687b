//! The individual needs card and the individual plan of a person 55+ (seed 002 §3.1.2, §3.1.6:
//! «составляет индивидуальную карту потребностей и формирует индивидуальный план работы … по
//! периодам – на 1 месяц, поквартально, на календарный год»). Types and rules, without a browser
//! or a database: the plan's periods («2026-12», «2026-Q4», «2026»), the checks of the needs card
//! and of a plan item, the fixed catalogue of the КЦСОН's services by interest and the order of
//! the suggestions — the person's interests first.
//!
//! The interests themselves are the card's (`Elder::interests`): the needs card shows and edits
//! them, it does not keep a copy.

use super::report::{month_end, month_title, Quarter};
use super::types::Interest;
use crate::error::FieldErrors;
use crate::labeled_enum;
use crate::validation::{check_len, check_printable, codes_of, optional_text, required_line};
use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

labeled_enum! {
    /// The length of a plan's period.
    pub enum PeriodKind {
        Month => "month", "Месяц",
        Quarter => "quarter", "Квартал",
        Year => "year", "Год",
    }
}

/// A period of the individual plan: a month, a quarter or a calendar year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    /// The first day of the month.
    Month(NaiveDate),
    Quarter(Quarter),
    Year(i32),
}

/// The years a plan may name at all (a typed «0026» or «9999» is refused).
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

impl Period {
    /// «2026-12», «2026-Q4» or «2026»; none for anything else.
    pub fn parse(text: &str) -> Option<Period> {
        let text = text.trim();
        let digits = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_digit());
        if digits(text, 4) {
            let year: i32 = text.parse().ok()?;
            return YEARS.contains(&year).then_some(Period::Year(year));
        }
        if text.contains(['Q', 'q']) {
            return Quarter::parse(text).map(Period::Quarter);
        }
        let (year, month) = text.split_once('-')?;
        if !digits(year, 4) || !digits(month, 2) {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        let month: u32 = month.parse().ok()?;
        if !YEARS.contains(&year) {
            return None;
        }
        NaiveDate::from_ymd_opt(year, month, 1).map(Period::Month)
    }

    /// The period of this kind a day falls in.
    pub fn of(kind: PeriodKind, day: NaiveDate) -> Period {
        match kind {
            PeriodKind::Month => Period::Month(day.with_day(1).unwrap_or(day)),
            PeriodKind::Quarter => Period::Quarter(Quarter::of(day)),
            PeriodKind::Year => Period::Year(day.year()),
        }
    }

    /// The current month, quarter and year of a day.
    pub fn containing(day: NaiveDate) -> [Period; 3] {
        [Period::of(PeriodKind::Month, day), Period::of(PeriodKind::Quarter, day), Period::of(PeriodKind::Year, day)]
    }

    pub fn kind(self) -> PeriodKind {
        match self {
            Period::Month(_) => PeriodKind::Month,
            Period::Quarter(_) => PeriodKind::Quarter,
            Period::Year(_) => PeriodKind::Year,
        }
    }

    /// «2026-12», «2026-Q4», «2026»: what is stored and what the URL carries.
    pub fn code(self) -> String {
        match self {
            Period::Month(first) => first.format("%Y-%m").to_string(),
            Period::Quarter(q) => q.code(),
            Period::Year(y) => y.to_string(),
        }
    }

    /// «Декабрь 2026», «IV квартал 2026 г.», «2026 год».
    pub fn words(self) -> String {
        match self {
            Period::Month(first) => format!("{} {}", month_title(first), first.year()),
            Period::Quarter(q) => q.words(),
            Period::Year(y) => format!("{y} год"),
        }
    }

    pub fn year(self) -> i32 {
        match self {
            Period::Month(first) => first.year(),
            Period::Quarter(q) => q.year,
            Period::Year(y) => y,
        }
    }

    pub fn first_day(self) -> NaiveDate {
        match self {
            Period::Month(first) => first,
            Period::Quarter(q) => q.first_day(),
            Period::Year(y) => NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(NaiveDate::MIN),
        }
    }

    pub fn last_day(self) -> NaiveDate {
        match self {
            Period::Month(first) => month_end(first),
            Period::Quarter(q) => q.last_day(),
            Period::Year(y) => NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or(NaiveDate::MAX),
        }
    }

    /// Whether the day falls in the period.
    pub fn contains(self, day: NaiveDate) -> bool {
        self.first_day() <= day && day <= self.last_day()
    }

    /// Whether `other` lies wholly inside this period (a period is inside itself).
    pub fn encloses(self, other: Period) -> bool {
        self.first_day() <= other.first_day() && other.last_day() <= self.last_day()
    }

    /// The period of the same kind before.
    pub fn previous(self) -> Period {
        match self {
            Period::Month(first) => Period::Month(first.checked_sub_months(Months::new(1)).unwrap_or(first)),
            Period::Quarter(q) => Period::Quarter(q.previous()),
            Period::Year(y) => Period::Year(y - 1),
        }
    }

    /// The period of the same kind after.
    pub fn next(self) -> Period {
        match self {
            Period::Month(first) => Period::Month(first.checked_add_months(Months::new(1)).unwrap_or(first)),
            Period::Quarter(q) => Period::Quarter(q.next()),
            Period::Year(y) => Period::Year(y + 1),
        }
    }

    /// The period of another kind that holds this one's first day: from a month to its quarter,
    /// from a year to its first month.
    pub fn as_kind(self, kind: PeriodKind) -> Period {
        Period::of(kind, self.first_day())
    }

    /// The periods of a year, as the plan lists them: the year, its four quarters, its twelve
    /// months.
    pub fn of_year(year: i32) -> Vec<Period> {
        let mut out = vec![Period::Year(year)];
        out.extend((1..=4).map(|number| Period::Quarter(Quarter { year, number })));
        out.extend((1..=12).filter_map(|m| NaiveDate::from_ymd_opt(year, m, 1)).map(Period::Month));
        out
    }

    /// The periods whose items the plan of this period shows: the ones around it (its quarter
    /// and year) and the ones inside it (the months of a quarter, all of a year), longest first.
    pub fn related(self) -> Vec<Period> {
        Period::of_year(self.year()).into_iter().filter(|p| p.encloses(self) || self.encloses(*p)).collect()
    }

    /// Longest first, then in time: the year, then quarters, then months.
    pub fn sort_key(self) -> (u8, NaiveDate) {
        let rank = match self {
            Period::Year(_) => 0,
            Period::Quarter(_) => 1,
            Period::Month(_) => 2,
        };
        (rank, self.first_day())
    }
}

labeled_enum! {
    /// Whether the person can take part in group activities (seed 002 §3.1.6 «возможность
    /// привлечения к участию в групповых мероприятиях и занятиях»).
    pub enum GroupFit {
        Yes => "yes", "Может заниматься в группе",
        Limited => "limited", "В группе — с ограничениями (рядом с домом, с сопровождением)",
        Individual => "individual", "Только индивидуально",
        Unknown => "unknown", "Ещё не выяснено",
    }
}

labeled_enum! {
    /// Help the person needs that is not a social service (seed 002 §3.1.2).
    pub enum HelpNeed {
        Company => "company", "Общение, психологическая поддержка",
        Escort => "escort", "Сопровождение (к врачу, в учреждения, на мероприятия)",
        Transport => "transport", "Доставка до места занятий",
        Household => "household", "Помощь добровольцев по хозяйству (снег, дрова, мелкий ремонт)",
        Digital => "digital", "Смартфон, видеосвязь, госуслуги",
        Legal => "legal", "Юридическая консультация",
        Documents => "documents", "Документы, льготы, выплаты",
        Job => "job", "Поиск работы, подработки",
    }
}

labeled_enum! {
    /// What the person can give others (seed 002 §3.1.3: «волонтёры „серебряного“ возраста»).
    pub enum Contribution {
        SilverVolunteer => "silver_volunteer", "«Серебряный» волонтёр",
        Mentor => "mentor", "Наставничество, передача опыта",
        LeadGroup => "lead_group", "Может вести кружок или группу",
        Neighbours => "neighbours", "Помощь соседям",
        MasterClass => "master_class", "Мастер-классы, рукоделие",
        Organise => "organise", "Помощь в организации мероприятий",
    }
}

/// The needs card as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeedsCard {
    /// The priority directions: some of the person's interests, most important first.
    pub priorities: Vec<Interest>,
    pub preferences: Option<String>,
    pub group_fit: GroupFit,
    pub help_needs: Vec<HelpNeed>,
    pub help_note: Option<String>,
    pub can_give: Vec<Contribution>,
    pub can_give_note: Option<String>,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
    pub updated_by_name: String,
}

/// The needs card form as typed, with the person's interests (saved on the person's card).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NeedsForm {
    pub interests: Vec<String>,
    pub priorities: Vec<String>,
    pub preferences: String,
    pub group_fit: String,
    pub help_needs: Vec<String>,
    pub help_note: String,
    pub can_give: Vec<String>,
    pub can_give_note: String,
}

impl NeedsForm {
    /// The form of a stored card (or a blank one) with the person's interests.
    pub fn of(card: Option<&NeedsCard>, interests: &[Interest]) -> NeedsForm {
        let codes = |v: Vec<&'static str>| v.into_iter().map(str::to_string).collect::<Vec<_>>();
        let interests = codes(interests.iter().map(|i| i.code()).collect());
        match card {
            None => NeedsForm { interests, ..Default::default() },
            Some(c) => NeedsForm {
                interests,
                priorities: codes(c.priorities.iter().map(|i| i.code()).collect()),
                preferences: c.preferences.clone().unwrap_or_default(),
                group_fit: c.group_fit.code().to_string(),
                help_needs: codes(c.help_needs.iter().map(|h| h.code()).collect()),
                help_note: c.help_note.clone().unwrap_or_default(),
                can_give: codes(c.can_give.iter().map(|g| g.code()).collect()),
                can_give_note: c.can_give_note.clone().unwrap_or_default(),
            },
        }
    }
}

/// A needs card form, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidNeeds {
    pub interests: Vec<Interest>,
    pub priorities: Vec<Interest>,
    pub preferences: Option<String>,
    pub group_fit: GroupFit,
    pub help_needs: Vec<HelpNeed>,
    pub help_note: Option<String>,
    pub can_give: Vec<Contribution>,
    pub can_give_note: Option<String>,
}

/// Most priority directions a card names.
pub const MAX_PRIORITIES: usize = 3;

fn free_text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> Option<String> {
    check_len(errors, field, value.trim(), max);
    check_printable(errors, field, value);
    optional_text(value)
}

/// Checks the needs card: the priorities are among the interests (at most three), whether the
/// person can join a group is said, texts are of sane length.
pub fn validate_needs(form: &NeedsForm) -> Result<ValidNeeds, FieldErrors> {
    let mut errors = FieldErrors::new();
    let interests = codes_of(&mut errors, "interests", &form.interests, Interest::from_code, "Выберите из списка");
    let priorities = codes_of(&mut errors, "priorities", &form.priorities, Interest::from_code, "Выберите из списка");
    if let Some(p) = priorities.iter().find(|p| !interests.contains(p)) {
        errors
            .add("priorities", format!("«{}» не отмечено в интересах: отметьте его там или снимите здесь", p.label()));
    }
    if priorities.len() > MAX_PRIORITIES {
        errors.add("priorities", format!("Не больше {MAX_PRIORITIES} приоритетных направлений"));
    }
    let preferences = free_text(&mut errors, "preferences", &form.preferences, 2000);
    if interests.is_empty() && preferences.is_none() {
        errors.add("interests", "Отметьте хотя бы один интерес или опишите предпочтения человека");
    }
    let group_fit = GroupFit::from_code(&form.group_fit);
    if group_fit.is_none() {
        errors.add("group_fit", "Отметьте, может ли человек заниматься в группе (или «ещё не выяснено»)");
    }
    let help_needs = codes_of(&mut errors, "help_needs", &form.help_needs, HelpNeed::from_code, "Выберите из списка");
    let help_note = free_text(&mut errors, "help_note", &form.help_note, 2000);
    let can_give = codes_of(&mut errors, "can_give", &form.can_give, Contribution::from_code, "Выберите из списка");
    let can_give_note = free_text(&mut errors, "can_give_note", &form.can_give_note, 2000);
    match (errors.is_empty(), group_fit) {
        (true, Some(group_fit)) => Ok(ValidNeeds {
            interests,
            priorities,
            preferences,
            group_fit,
            help_needs,
            help_note,
            can_give,
            can_give_note,
        }),
        _ => Err(errors),
    }
}

labeled_enum! {
    /// What a plan item is.
    pub enum ItemKind {
        Event => "event", "Мероприятие",
        Group => "group", "Группа по интересам",
        Service => "service", "Услуга КЦСОН",
        Partner => "partner", "Помощь партнёра",
        Other => "other", "Другое",
    }
}

/// An item of the individual plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanItem {
    pub id: String,
    /// «2026-12», «2026-Q4», «2026».
    pub period: String,
    pub kind: ItemKind,
    pub title: String,
    pub interest: Option<Interest>,
    pub event_id: Option<String>,
    pub group_id: Option<String>,
    pub partner_id: Option<String>,
    pub note: Option<String>,
    /// None: not marked yet; true: done; false: not done.
    pub done: Option<bool>,
    pub marked_at: Option<DateTime<Utc>>,
    pub marked_by_name: Option<String>,
    pub version: i64,
}

impl PlanItem {
    /// «выполнено», «не выполнено» or «не отмечено».
    pub fn mark_words(&self) -> &'static str {
        match self.done {
            Some(true) => "выполнено",
            Some(false) => "не выполнено",
            None => "не отмечено",
        }
    }
}

/// A plan item as typed (or as a suggestion fills it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanItemForm {
    pub period: String,
    pub kind: String,
    pub title: String,
    pub interest: String,
    pub event: String,
    pub group: String,
    pub partner: String,
    pub note: String,
}

/// A plan item form, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidItem {
    pub period: Period,
    pub kind: ItemKind,
    pub title: String,
    pub interest: Option<Interest>,
    pub event: Option<String>,
    pub group: Option<String>,
    pub partner: Option<String>,
    pub note: Option<String>,
}

/// A link of an item: empty, or a record key; only for its own kind of item.
fn link(errors: &mut FieldErrors, field: &str, value: &str, allowed: bool) -> Option<String> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if !crate::keys::is_record_key(value) || !allowed {
        errors.add(field, "Ссылка не подходит к этому пункту плана");
        return None;
    }
    Some(value.to_string())
}

/// Checks a plan item: the period is a month, a quarter or a year of last, this or next year;
/// the item says what it is; a link to an event, a group or a partner belongs to its kind.
pub fn validate_item(form: &PlanItemForm, today: NaiveDate) -> Result<ValidItem, FieldErrors> {
    let mut errors = FieldErrors::new();
    let period = match Period::parse(&form.period) {
        None if form.period.trim().is_empty() => {
            errors.add("period", "Выберите период плана: месяц, квартал или год");
            None
        }
        None => {
            errors.add("period", "Период в виде 2026-12 (месяц), 2026-Q4 (квартал) или 2026 (год)");
            None
        }
        Some(p) if (p.year() - today.year()).abs() > 1 => {
            errors.add("period", "План составляется на прошлый, текущий или следующий год");
            None
        }
        Some(p) => Some(p),
    };
    let kind = ItemKind::from_code(&form.kind);
    if kind.is_none() {
        errors.add("kind", "Выберите, что это: мероприятие, группа, услуга, помощь партнёра или другое");
    }
    let title = required_line(&mut errors, "title", &form.title, 300, "Напишите, что запланировано");
    let interest = match form.interest.trim() {
        "" => None,
        code => {
            let found = Interest::from_code(code);
            if found.is_none() {
                errors.add("interest", "Выберите из списка");
            }
            found
        }
    };
    let event = link(&mut errors, "event", &form.event, kind == Some(ItemKind::Event));
    let group = link(&mut errors, "group", &form.group, kind == Some(ItemKind::Group));
    let partner = link(&mut errors, "partner", &form.partner, kind == Some(ItemKind::Partner));
    let note = free_text(&mut errors, "note", &form.note, 1000);
    match (errors.is_empty(), period, kind) {
        (true, Some(period), Some(kind)) => {
            Ok(ValidItem { period, kind, title, interest, event, group, partner, note })
        }
        _ => Err(errors),
    }
}

/// The КЦСОН's own services offered by interest (seed 002 §3.1.6: «занятия в университете
/// третьего возраста, скандинавской ходьбой, иное»).
pub fn kcson_services(interest: Interest) -> &'static [&'static str] {
    match interest {
        Interest::Culture => &["Посещение концертов и выставок"],
        Interest::SportHealth => &["Скандинавская ходьба", "Группа здоровья (ЛФК)"],
        Interest::Tourism => &["Экскурсии"],
        Interest::Learning => &["Университет третьего возраста", "Компьютерная грамотность"],
        Interest::Volunteering => &["Клуб «Серебряный волонтёр»"],
        Interest::Work => &["Содействие в трудоустройстве"],
        Interest::Safety => &["Школа безопасности"],
    }
}

/// The interest a partner of the resource map serves, by its kind's code.
pub fn partner_interest(kind: &str) -> Option<Interest> {
    match kind {
        "culture" => Some(Interest::Culture),
        "sport" | "health" => Some(Interest::SportHealth),
        "education" => Some(Interest::Learning),
        "volunteers" | "ngo" => Some(Interest::Volunteering),
        "employment" => Some(Interest::Work),
        "police" => Some(Interest::Safety),
        _ => None,
    }
}

/// A plan item the plan offers to add in one tap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub form: PlanItemForm,
    /// «Концерт, 12.12.2026 15:00», «группа, ведёт Иванова», «партнёр»…
    pub detail: String,
    /// The interest it comes from, if any.
    pub interest: Option<Interest>,
}

/// An event of the coming months, as the suggestions need it.
#[derive(Debug, Clone)]
pub struct SourceEvent {
    pub id: String,
    pub title: String,
    /// «Концерт».
    pub kind: String,
    pub starts_at: DateTime<Utc>,
    pub suits: Vec<Interest>,
}

/// What the suggestions are made of.
#[derive(Debug, Clone, Default)]
pub struct SuggestionSources {
    pub events: Vec<SourceEvent>,
    /// (key, name, theme).
    pub groups: Vec<(String, String, Interest)>,
    /// (key, name, kind code).
    pub partners: Vec<(String, String, String)>,
}

/// Most suggestions offered at once.
pub const SUGGESTIONS: usize = 16;

/// The suggestions for a person's plan of `period`: first by the priorities, then by the other
/// interests (events of their months, groups of their theme, the КЦСОН's services, partners of
/// their kind), then the other partners of the district; without what the plan already has.
pub fn suggestions(
    interests: &[Interest],
    priorities: &[Interest],
    period: Period,
    sources: &SuggestionSources,
    planned: &[PlanItem],
) -> Vec<Suggestion> {
    // Priorities first, in their order; then the rest of the interests.
    let mut order: Vec<Interest> = priorities.iter().filter(|p| interests.contains(p)).copied().collect();
    let rest: Vec<Interest> = interests.iter().filter(|i| !order.contains(i)).copied().collect();
    order.extend(rest);
    let code = period.code();
    let has = |f: &dyn Fn(&PlanItem) -> bool| planned.iter().any(f);
    let mut out: Vec<Suggestion> = Vec::new();
    let form = |kind: ItemKind, period: String, title: &str, interest: Option<Interest>| PlanItemForm {
        period,
        kind: kind.code().to_string(),
        title: title.to_string(),
        interest: interest.map(|i| i.code().to_string()).unwrap_or_default(),
        ..Default::default()
    };
    for interest in &order {
        for SourceEvent { id: key, title, kind, starts_at, suits } in &sources.events {
            if !suits.contains(interest) || has(&|p| p.event_id.as_deref() == Some(key.as_str())) {
                continue;
            }
            if out.iter().any(|s| s.form.event == *key) {
                continue;
            }
            let month = Period::of(PeriodKind::Month, crate::time::local_today(*starts_at));
            out.push(Suggestion {
                form: PlanItemForm {
                    event: key.clone(),
                    ..form(ItemKind::Event, month.code(), title, Some(*interest))
                },
                detail: format!("{kind}, {}", crate::time::format_datetime(*starts_at)),
                interest: Some(*interest),
            });
        }
        for (key, name, theme) in &sources.groups {
            let taken = has(&|p| p.period == code && p.group_id.as_deref() == Some(key.as_str()));
            if theme != interest || taken {
                continue;
            }
            out.push(Suggestion {
                form: PlanItemForm {
                    group: key.clone(),
                    ..form(ItemKind::Group, code.clone(), &format!("Занятия в группе «{name}»"), Some(*interest))
                },
                detail: "группа по интересам".into(),
                interest: Some(*interest),
            });
        }
        for service in kcson_services(*interest) {
            if has(&|p| p.period == code && p.title == *service) || out.iter().any(|s| s.form.title == *service) {
                continue;
            }
            out.push(Suggestion {
                form: form(ItemKind::Service, code.clone(), service, Some(*interest)),
                detail: "услуга КЦСОН".into(),
                interest: Some(*interest),
            });
        }
        for (key, name, kind) in &sources.partners {
            let taken = has(&|p| p.period == code && p.partner_id.as_deref() == Some(key.as_str()));
            if partner_interest(kind) != Some(*interest) || taken || out.iter().any(|s| s.form.partner == *key) {
                continue;
            }
            out.push(Suggestion {
                form: PlanItemForm {
                    partner: key.clone(),
                    ..form(ItemKind::Partner, code.clone(), name, Some(*interest))
                },
                detail: "партнёр карты ресурсов".into(),
                interest: Some(*interest),
            });
        }
    }
    // The district's other partners last.
    for (key, name, _) in &sources.partners {
        let taken = has(&|p| p.period == code && p.partner_id.as_deref() == Some(key.as_str()));
        if taken || out.iter().any(|s| s.form.partner == *key) {
            continue;
        }
        out.push(Suggestion {
            form: PlanItemForm { partner: key.clone(), ..form(ItemKind::Partner, code.clone(), name, None) },
            detail: "партнёр карты ресурсов на участке".into(),
            interest: None,
        });
    }
    out.truncate(SUGGESTIONS);
    out
}

/// A period as the chooser and the item form offer it: (code, words).
pub fn choices(periods: &[Period]) -> Vec<(String, String)> {
    periods.iter().map(|p| (p.code(), p.words())).collect()
}

/// The items of a plan grouped by period, longest first: (period, its items).
pub fn grouped(items: &[PlanItem]) -> Vec<(Period, Vec<PlanItem>)> {
    let mut groups: Vec<(Period, Vec<PlanItem>)> = Vec::new();
    for item in items {
        let Some(period) = Period::parse(&item.period) else { continue };
        match groups.iter_mut().find(|(p, _)| *p == period) {
            Some((_, list)) => list.push(item.clone()),
            None => groups.push((period, vec![item.clone()])),
        }
    }
    groups.sort_by_key(|(p, _)| p.sort_key());
    groups
}

/// «выполнено 2 из 5».
pub fn done_words(items: &[PlanItem]) -> String {
    let done = items.iter().filter(|i| i.done == Some(true)).count();
    format!("выполнено {done} из {}", items.len())
}

/// A person's plan page: the needs card, the plan of a period with the periods around it and
/// inside it, and what to add.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanPage {
    pub elder_id: String,
    pub full_name: String,
    pub birth_date: NaiveDate,
    pub address: String,
    pub district_name: String,
    pub in_registry: bool,
    /// The person's interests (from the card).
    pub interests: Vec<Interest>,
    pub card: Option<NeedsCard>,
    /// The period chosen («2026-12»).
    pub period: String,
    /// The periods shown, longest first: (code, words).
    pub periods: Vec<(String, String)>,
    /// Today's month, quarter and year codes.
    pub current: Vec<String>,
    pub items: Vec<PlanItem>,
    pub suggestions: Vec<Suggestion>,
    /// The caseworkers' names of the person's district, for the print view's signature.
    pub printed_by: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn periods_are_written_and_read_back() {
        for code in ["2026-12", "2026-Q4", "2026", "2027-01", "2027-Q1"] {
            assert_eq!(Period::parse(code).map(Period::code).as_deref(), Some(code), "{code}");
        }
        assert_eq!(Period::parse(" 2026-q4 "), Some(Period::Quarter(Quarter { year: 2026, number: 4 })));
        assert_eq!(Period::parse("2026-12").map(Period::words).as_deref(), Some("Декабрь 2026"));
        assert_eq!(Period::parse("2026-Q4").map(Period::words).as_deref(), Some("IV квартал 2026 г."));
        assert_eq!(Period::parse("2026").map(Period::words).as_deref(), Some("2026 год"));
        for bad in
            ["", "2026-13", "2026-00", "2026-Q5", "2026-Q0", "26-12", "2026-1", "декабрь", "1999", "2026-12-01", "9999"]
        {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_period_holds_its_days_across_the_new_year() {
        let december = Period::parse("2026-12").unwrap();
        let q4 = Period::parse("2026-Q4").unwrap();
        let year = Period::parse("2026").unwrap();
        for p in [december, q4, year] {
            assert!(p.contains(day(2026, 12, 31)), "{p:?}");
            assert!(!p.contains(day(2027, 1, 1)), "{p:?}");
        }
        assert!(q4.contains(day(2026, 10, 1)) && !q4.contains(day(2026, 9, 30)));
        assert!(!december.contains(day(2026, 11, 30)));
        assert_eq!(Period::containing(day(2027, 1, 1)).map(Period::code), ["2027-01", "2027-Q1", "2027"]);
        assert_eq!(december.next().code(), "2027-01");
        assert_eq!(Period::parse("2027-01").unwrap().previous().code(), "2026-12");
        assert_eq!(q4.next().code(), "2027-Q1");
        assert_eq!(Period::parse("2027-Q1").unwrap().previous().code(), "2026-Q4");
        assert_eq!(year.next().code(), "2027");
        assert_eq!(december.as_kind(PeriodKind::Quarter), q4);
        assert_eq!(year.as_kind(PeriodKind::Month).code(), "2026-01");
        // February of a leap year ends on the 29th.
        assert!(Period::parse("2028-02").unwrap().contains(day(2028, 2, 29)));
    }

    #[test]
    fn a_plan_shows_the_periods_around_and_inside_the_chosen_one() {
        let codes = |p: &str| Period::parse(p).unwrap().related().into_iter().map(Period::code).collect::<Vec<_>>();
        assert_eq!(codes("2026-12"), ["2026", "2026-Q4", "2026-12"]);
        assert_eq!(codes("2026-Q4"), ["2026", "2026-Q4", "2026-10", "2026-11", "2026-12"]);
        assert_eq!(codes("2026").len(), 17);
        assert_eq!(Period::of_year(2026).len(), 17);
    }

    fn needs() -> NeedsForm {
        NeedsForm {
            interests: vec!["learning".into(), "volunteering".into()],
            priorities: vec!["learning".into()],
            group_fit: "yes".into(),
            ..Default::default()
        }
    }

    #[test]
    fn the_needs_card_keeps_its_priorities_among_the_interests() {
        let valid = validate_needs(&needs()).unwrap();
        assert_eq!(valid.priorities, [Interest::Learning]);
        let errors = validate_needs(&NeedsForm { priorities: vec!["culture".into()], ..needs() }).unwrap_err();
        assert!(errors.get("priorities").unwrap().contains("Культура"), "{errors:?}");
        let errors = validate_needs(&NeedsForm {
            interests: Interest::ALL.iter().map(|i| i.code().to_string()).collect(),
            priorities: vec!["culture".into(), "learning".into(), "work".into(), "tourism".into()],
            ..needs()
        })
        .unwrap_err();
        assert!(errors.get("priorities").unwrap().contains("Не больше 3"), "{errors:?}");
        let errors = validate_needs(&NeedsForm {
            interests: vec![],
            priorities: vec![],
            group_fit: String::new(),
            help_needs: vec!["flying".into()],
            can_give_note: "x".repeat(2001),
            ..needs()
        })
        .unwrap_err();
        for field in ["interests", "group_fit", "help_needs", "can_give_note"] {
            assert!(errors.get(field).is_some(), "{field}: {errors:?}");
        }
        // Preferences alone are enough to start a card.
        let valid = validate_needs(&NeedsForm {
            interests: vec![],
            priorities: vec![],
            preferences: "Любит петь".into(),
            ..needs()
        });
        assert!(valid.is_ok(), "{valid:?}");
    }

    #[test]
    fn a_plan_item_names_its_period_kind_and_title() {
        let today = day(2026, 12, 4);
        let form = PlanItemForm {
            period: "2026-Q4".into(),
            kind: "service".into(),
            title: "  Скандинавская   ходьба ".into(),
            interest: "sport_health".into(),
            ..Default::default()
        };
        let valid = validate_item(&form, today).unwrap();
        assert_eq!(valid.title, "Скандинавская ходьба");
        assert_eq!(valid.period.code(), "2026-Q4");
        // Next year may be planned already; three years ahead may not.
        assert!(validate_item(&PlanItemForm { period: "2027".into(), ..form.clone() }, today).is_ok());
        let errors = validate_item(&PlanItemForm { period: "2029-01".into(), ..form.clone() }, today).unwrap_err();
        assert!(errors.get("period").unwrap().contains("следующий год"), "{errors:?}");
        let errors = validate_item(
            &PlanItemForm {
                period: "декабрь".into(),
                kind: "party".into(),
                title: " ".into(),
                event: "ev1".into(),
                ..Default::default()
            },
            today,
        )
        .unwrap_err();
        for field in ["period", "kind", "title", "event"] {
            assert!(errors.get(field).is_some(), "{field}: {errors:?}");
        }
        // A link must be a key of its own kind of item.
        let errors =
            validate_item(&PlanItemForm { kind: "event".into(), event: "bad key!".into(), ..form.clone() }, today)
                .unwrap_err();
        assert!(errors.get("event").is_some(), "{errors:?}");
        assert!(validate_item(&PlanItemForm { kind: "event".into(), event: "ev1".into(), ..form }, today).is_ok());
    }

    #[test]
    fn suggestions_come_from_the_priorities_first_and_skip_what_is_planned() {
        let december = Period::parse("2026-12").unwrap();
        let at = crate::time::start_of_local_day(day(2027, 1, 15)) + chrono::Duration::hours(15);
        let sources = SuggestionSources {
            events: vec![
                SourceEvent {
                    id: "e1".into(),
                    title: "Концерт хора".into(),
                    kind: "Концерт".into(),
                    starts_at: at,
                    suits: vec![Interest::Culture],
                },
                SourceEvent {
                    id: "e2".into(),
                    title: "Ярмарка вакансий".into(),
                    kind: "Ярмарка вакансий".into(),
                    starts_at: at,
                    suits: vec![Interest::Work],
                },
            ],
            groups: vec![("g1".into(), "Ходим вместе".into(), Interest::SportHealth)],
            partners: vec![
                ("p1".into(), "Центр занятости".into(), "employment".into()),
                ("p2".into(), "Библиотека".into(), "culture".into()),
            ],
        };
        let planned = vec![PlanItem {
            id: "i1".into(),
            period: "2026-12".into(),
            kind: ItemKind::Service,
            title: "Посещение концертов и выставок".into(),
            interest: Some(Interest::Culture),
            event_id: None,
            group_id: None,
            partner_id: None,
            note: None,
            done: None,
            marked_at: None,
            marked_by_name: None,
            version: 1,
        }];
        let list = suggestions(
            &[Interest::Culture, Interest::SportHealth],
            &[Interest::SportHealth],
            december,
            &sources,
            &planned,
        );
        let titles: Vec<&str> = list.iter().map(|s| s.form.title.as_str()).collect();
        // Sport and health is the priority: its group and services come first; the concert service
        // is planned already; the event is put in its own month; partners of no interest come last.
        assert_eq!(
            titles,
            [
                "Занятия в группе «Ходим вместе»",
                "Скандинавская ходьба",
                "Группа здоровья (ЛФК)",
                "Концерт хора",
                "Библиотека",
                "Центр занятости",
            ]
        );
        assert_eq!(list[3].form.period, "2027-01");
        assert_eq!(list[3].form.event, "e1");
        assert_eq!(list[0].form.period, "2026-12");
        assert_eq!(list[5].interest, None);
        // Nothing of interest: only the district's partners.
        assert_eq!(suggestions(&[], &[], december, &sources, &[]).len(), 2);
    }

    #[test]
    fn items_are_grouped_by_period_longest_first() {
        let item = |id: &str, period: &str, done: Option<bool>| PlanItem {
            id: id.into(),
            period: period.into(),
            kind: ItemKind::Other,
            title: id.into(),
            interest: None,
            event_id: None,
            group_id: None,
            partner_id: None,
            note: None,
            done,
            marked_at: None,
            marked_by_name: None,
            version: 1,
        };
        let items = vec![
            item("a", "2026-12", Some(true)),
            item("b", "2026", None),
            item("c", "2026-Q4", None),
            item("d", "2026-12", Some(false)),
        ];
        let groups = grouped(&items);
        let codes: Vec<String> = groups.iter().map(|(p, _)| p.code()).collect();
        assert_eq!(codes, ["2026", "2026-Q4", "2026-12"]);
        assert_eq!(done_words(&groups[2].1), "выполнено 1 из 2");
    }
}
