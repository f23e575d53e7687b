//! Inter-agency information requests (межведомственный информационный запрос, seed 003 item 20):
//! what the institution asks of another body — the police, the guardianship office, a school, a
//! polyclinic, the social fund — and what other bodies (the prosecutor's office, a court) ask of
//! it. A request names the requesting or requested body, the essence of the request with its
//! references to the law and the period concerned, the other details needed to answer it, and
//! whom it concerns; it is sent on a day in a way, and the answer is due by a term counted in
//! working days (the production calendar) or in calendar days. Pure types and rules here.

use crate::calendar::ProductionCalendar;
use crate::cases::types::parse_case_number;
use crate::error::FieldErrors;
use crate::validation::{check_len, check_printable, required_line};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

crate::labeled_enum! {
    /// Whether the institution asks (исходящий) or is asked (входящий).
    #[derive(Default)]
    pub enum Direction {
        #[default]
        Outgoing => "outgoing", "Исходящий",
        Incoming => "incoming", "Входящий",
    }
}

crate::labeled_enum! {
    /// Where a request stands, as stored. «Просрочен» is not stored: it is a sent request whose
    /// answer is due before today ([`Standing`]).
    #[derive(Default)]
    pub enum InquiryStatus {
        #[default]
        Draft => "draft", "Черновик",
        Sent => "sent", "Отправлен",
        Answered => "answered", "Получен ответ",
    }
}

crate::labeled_enum! {
    /// How a request was sent (or, for an incoming one, how it came).
    pub enum Way {
        Post => "post", "Почта",
        Email => "email", "Электронная почта",
        Smev => "smev", "СМЭВ / ЕСМЭВ",
        ByHand => "by_hand", "Нарочным",
        Fax => "fax", "Факс",
    }
}

impl Way {
    /// How it went, in a sentence: «почтой», «через СМЭВ / ЕСМЭВ».
    pub fn phrase(self) -> &'static str {
        match self {
            Way::Post => "почтой",
            Way::Email => "по электронной почте",
            Way::Smev => "через СМЭВ / ЕСМЭВ",
            Way::ByHand => "нарочным",
            Way::Fax => "по факсу",
        }
    }
}

crate::labeled_enum! {
    /// The term of the answer: presets of the law and the institution's practice, or a date
    /// given by hand (the term a prosecutor or a court names in its request).
    #[derive(Default)]
    pub enum Term {
        Interagency => "interagency", "5 рабочих дней — межведомственный запрос (210-ФЗ)",
        Child => "child", "5 рабочих дней — ребёнок в социально опасном положении (120-ФЗ)",
        #[default]
        General => "general", "10 рабочих дней — общий срок",
        AppealDocuments => "appeal_documents", "15 дней — документы по обращению гражданина (59-ФЗ)",
        Appeal => "appeal", "30 дней — ответ на обращение гражданина (59-ФЗ)",
        Manual => "manual", "Свой срок — указать дату",
    }
}

/// How a term is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// Working days after the day of sending (the day of sending is day 0).
    Working(u32),
    /// Calendar days after the day of sending; a last day that is not a working day moves to
    /// the next working day.
    Calendar(u32),
    /// The date is given by hand.
    Manual,
}

impl Term {
    pub fn span(self) -> Span {
        match self {
            Term::Interagency | Term::Child => Span::Working(5),
            Term::General => Span::Working(10),
            Term::AppealDocuments => Span::Calendar(15),
            Term::Appeal => Span::Calendar(30),
            Term::Manual => Span::Manual,
        }
    }

    /// Why the term is what it is, in the words the form shows under the choice.
    pub fn explanation(self) -> &'static str {
        match self {
            Term::Interagency => {
                "Ответ на межведомственный запрос — не позднее 5 рабочих дней со дня его поступления, если иной срок не установлен (ч. 3 ст. 7.2 Федерального закона от 27.07.2010 № 210-ФЗ)."
            }
            Term::Child => {
                "Сведения о несовершеннолетнем в социально опасном положении нужны без промедления (ст. 9 Федерального закона от 24.06.1999 № 120-ФЗ); в учреждении принят срок ответа 5 рабочих дней."
            }
            Term::General => {
                "Срок по умолчанию, когда закон не называет иного: 10 рабочих дней со дня отправки."
            }
            Term::AppealDocuments => {
                "Документы и материалы для рассмотрения обращения гражданина представляются в течение 15 дней (ч. 2 ст. 10 Федерального закона от 02.05.2006 № 59-ФЗ); срок, выпавший на выходной, переносится на следующий рабочий день."
            }
            Term::Appeal => {
                "Письменное обращение гражданина рассматривается в течение 30 дней со дня регистрации (ч. 1 ст. 12 Федерального закона № 59-ФЗ); срок, выпавший на выходной, переносится на следующий рабочий день."
            }
            Term::Manual => "Укажите дату сами — например, срок, названный в запросе прокуратуры или суда.",
        }
    }
}

/// The day the answer is due for a request sent (or received) on `sent_on`; none for a term
/// given by hand.
pub fn due_date(calendar: &ProductionCalendar, term: Term, sent_on: NaiveDate) -> Option<NaiveDate> {
    match term.span() {
        Span::Working(n) => Some(calendar.add_working_days(sent_on, n)),
        Span::Calendar(n) => {
            let mut day = sent_on + Duration::days(i64::from(n));
            while !calendar.is_working_day(day) {
                day += Duration::days(1);
            }
            Some(day)
        }
        Span::Manual => None,
    }
}

/// The status in the words of the request's direction: the institution sends a request and
/// receives the answer; a request to it comes in and is answered by it.
pub fn status_label(direction: Direction, status: InquiryStatus) -> &'static str {
    match (direction, status) {
        (_, InquiryStatus::Draft) => "Черновик",
        (Direction::Outgoing, InquiryStatus::Sent) => "Отправлен",
        (Direction::Outgoing, InquiryStatus::Answered) => "Получен ответ",
        (Direction::Incoming, InquiryStatus::Sent) => "На исполнении",
        (Direction::Incoming, InquiryStatus::Answered) => "Ответ направлен",
    }
}

/// Where a request stands today: its status with the days left to the answer or overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    Draft,
    /// Sent, the answer due in `left` working days (0: today).
    Waiting {
        due: NaiveDate,
        left: i64,
    },
    /// Sent, the answer due before today: `over` working days ago.
    Overdue {
        due: NaiveDate,
        over: i64,
    },
    Answered {
        on: NaiveDate,
    },
}

impl Standing {
    /// Where a request stands on `today`.
    pub fn of(
        status: InquiryStatus,
        due_on: Option<NaiveDate>,
        answer_on: Option<NaiveDate>,
        calendar: &ProductionCalendar,
        today: NaiveDate,
    ) -> Standing {
        match (status, due_on) {
            (InquiryStatus::Answered, _) => Standing::Answered { on: answer_on.unwrap_or(today) },
            (InquiryStatus::Sent, Some(due)) if due < today => {
                Standing::Overdue { due, over: calendar.working_days_between(due, today) }
            }
            (InquiryStatus::Sent, Some(due)) => {
                Standing::Waiting { due, left: calendar.working_days_between(today, due) }
            }
            _ => Standing::Draft,
        }
    }

    pub fn is_overdue(&self) -> bool {
        matches!(self, Standing::Overdue { .. })
    }

    /// «осталось 3 р. д.», «ответ сегодня», «просрочен на 2 р. д.», «ответ 04.12.2026».
    pub fn text(&self) -> String {
        match *self {
            Standing::Draft => "не отправлен".into(),
            Standing::Waiting { left: 0, .. } => "срок ответа сегодня".into(),
            Standing::Waiting { left, .. } => format!("осталось {left} р. д."),
            Standing::Overdue { over: 0, .. } => "просрочен".into(),
            Standing::Overdue { over, .. } => format!("просрочен на {over} р. д."),
            Standing::Answered { on } => format!("ответ {}", crate::time::format_naive_date(on)),
        }
    }

    /// The order of the register: overdue first (the longest overdue first), then those
    /// waiting by the days left, then drafts, then the answered ones.
    pub fn rank(&self) -> (u8, i64) {
        match *self {
            Standing::Overdue { due, .. } => (0, due.num_days_from_ce_i64()),
            Standing::Waiting { due, .. } => (1, due.num_days_from_ce_i64()),
            Standing::Draft => (2, 0),
            Standing::Answered { on } => (3, -on.num_days_from_ce_i64()),
        }
    }

    /// The class of its badge.
    pub fn class(&self) -> &'static str {
        match *self {
            Standing::Draft => "badge inquiry-draft",
            Standing::Waiting { left, .. } if left <= 1 => "badge inquiry-soon",
            Standing::Waiting { .. } => "badge inquiry-waiting",
            Standing::Overdue { .. } => "badge inquiry-overdue",
            Standing::Answered { .. } => "badge inquiry-answered",
        }
    }
}

/// Days from the common era, for ordering (chrono's `num_days_from_ce` is an i32).
trait DaysFromCe {
    fn num_days_from_ce_i64(&self) -> i64;
}

impl DaysFromCe for NaiveDate {
    fn num_days_from_ce_i64(&self) -> i64 {
        i64::from(chrono::Datelike::num_days_from_ce(self))
    }
}

/// Whether a request may move from one status to another: a draft is sent, a sent request is
/// answered; nothing else. The refusal says why, in Russian.
pub fn check_transition(direction: Direction, from: InquiryStatus, to: InquiryStatus) -> Result<(), String> {
    let incoming = direction == Direction::Incoming;
    match (from, to) {
        (InquiryStatus::Draft, InquiryStatus::Sent) | (InquiryStatus::Sent, InquiryStatus::Answered) => Ok(()),
        (InquiryStatus::Draft, InquiryStatus::Answered) => Err(if incoming {
            "Сначала зарегистрируйте поступление запроса: ответ записывается на поступивший запрос".into()
        } else {
            "Сначала отметьте запрос отправленным: ответ записывается на отправленный запрос".into()
        }),
        (InquiryStatus::Sent, InquiryStatus::Sent) => Err(if incoming {
            "Поступление запроса уже зарегистрировано".into()
        } else {
            "Запрос уже отмечен отправленным".into()
        }),
        (InquiryStatus::Answered, _) => Err(if incoming {
            "Ответ на запрос уже направлен — запрос больше не изменяется".into()
        } else {
            "Ответ на запрос уже получен — запрос больше не изменяется".into()
        }),
        (_, InquiryStatus::Draft) => Err("Отправленный запрос нельзя вернуть в черновики".into()),
    }
}

/// The request as the form holds it: text as typed, codes of the closed lists, dates as the
/// date inputs give them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InquiryForm {
    pub direction: String,
    /// The key of a partner of the resource map, or empty.
    pub partner: String,
    /// The requested (outgoing) or requesting (incoming) body.
    pub body: String,
    pub body_address: String,
    /// The other side's letter: its number and date («№ 7/15-2026 от 01.12.2026»).
    pub reference: String,
    pub essence: String,
    pub legal_basis: String,
    pub period_from: String,
    pub period_to: String,
    pub details: String,
    /// «2026-0042», or empty.
    pub case_number: String,
    /// Whom it concerns: full name and birth date.
    pub person: String,
    pub term: String,
    /// The due date given by hand (a term «manual»).
    pub due_on: String,
    pub sent_on: String,
    pub way: String,
}

/// A request form that passed its checks.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidInquiry {
    pub direction: Direction,
    pub partner: Option<String>,
    pub body: String,
    pub body_address: String,
    pub reference: String,
    pub essence: String,
    pub legal_basis: String,
    pub period_from: Option<NaiveDate>,
    pub period_to: Option<NaiveDate>,
    pub details: String,
    /// (year, number) of the case.
    pub case: Option<(i64, i64)>,
    pub person: String,
    pub term: Term,
    pub due_on: Option<NaiveDate>,
    pub sent_on: Option<NaiveDate>,
    pub way: Option<Way>,
}

/// What sending a request fixes: the day, the way and the day the answer is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sending {
    pub sent_on: NaiveDate,
    pub way: Way,
    pub due_on: NaiveDate,
}

/// Legal grounds the form offers to insert (short name, the words written into the request).
pub const LEGAL_BASES: &[(&str, &str)] = &[
    (
        "442-ФЗ",
        "ст. 28 Федерального закона от 28.12.2013 № 442-ФЗ «Об основах социального обслуживания граждан в Российской Федерации»",
    ),
    (
        "394-п ХМАО – Югры",
        "Регламент межведомственного взаимодействия в сфере социального обслуживания (постановление Правительства ХМАО – Югры от 31.10.2014 № 394-п)",
    ),
    (
        "120-ФЗ",
        "ст. 9 Федерального закона от 24.06.1999 № 120-ФЗ «Об основах системы профилактики безнадзорности и правонарушений несовершеннолетних»",
    ),
    (
        "210-ФЗ",
        "ст. 7.2 Федерального закона от 27.07.2010 № 210-ФЗ «Об организации предоставления государственных и муниципальных услуг»",
    ),
    (
        "59-ФЗ",
        "ст. 10 Федерального закона от 02.05.2006 № 59-ФЗ «О порядке рассмотрения обращений граждан Российской Федерации»",
    ),
];

/// The legal basis with one more ground added (after «; »), unless it is there already.
pub fn with_basis(current: &str, basis: &str) -> String {
    let current = current.trim();
    if current.contains(basis) {
        current.to_string()
    } else if current.is_empty() {
        basis.to_string()
    } else {
        format!("{}; {basis}", current.trim_end_matches(';'))
    }
}

/// The longest texts.
pub const MAX_BODY: usize = 300;
pub const MAX_ESSENCE: usize = 4000;
pub const MAX_BASIS: usize = 1000;
pub const MAX_DETAILS: usize = 4000;
pub const MAX_ANSWER: usize = 8000;

fn text_block(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> String {
    let text = value.trim().to_string();
    check_len(errors, field, &text, max);
    check_printable(errors, field, &text);
    text
}

/// The widest span of a request's dates: sent no earlier than a year ago, answered within a
/// year (a mistyped year would otherwise count working days over decades).
const MAX_TERM_DAYS: i64 = 366;

fn date_of(errors: &mut FieldErrors, field: &str, value: &str) -> Option<NaiveDate> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    let day = crate::time::parse_date(value);
    if day.is_none() {
        errors.add(field, "Дата в виде ДД.ММ.ГГГГ");
    }
    day
}

/// Checks a request before it is saved (a draft may leave the sending empty); every problem is
/// named at its field, in Russian.
pub fn validate_inquiry(form: &InquiryForm, today: NaiveDate) -> Result<ValidInquiry, FieldErrors> {
    let mut errors = FieldErrors::new();
    let direction = Direction::from_code(form.direction.trim());
    if direction.is_none() {
        errors.add("direction", "Выберите, исходящий это запрос или входящий");
    }
    let incoming = direction == Some(Direction::Incoming);
    let body = required_line(
        &mut errors,
        "body",
        &form.body,
        MAX_BODY,
        if incoming {
            "Укажите, от какого органа или организации поступил запрос"
        } else {
            "Укажите, в какой орган или организацию направляется запрос"
        },
    );
    let partner = crate::validation::optional_text(&form.partner);
    if partner.as_deref().is_some_and(|p| !crate::keys::is_record_key(p)) {
        errors.add("partner", "Такого партнёра нет в карте ресурсов");
    }
    let body_address =
        text_block(&mut errors, "body_address", &crate::validation::collapse_spaces(&form.body_address), 300);
    let reference = text_block(&mut errors, "reference", &crate::validation::collapse_spaces(&form.reference), 200);
    let essence = text_block(&mut errors, "essence", &form.essence, MAX_ESSENCE);
    if essence.is_empty() {
        errors.add("essence", "Изложите суть запроса: какие сведения нужны и для чего");
    }
    let legal_basis = text_block(&mut errors, "legal_basis", &form.legal_basis, MAX_BASIS);
    if legal_basis.is_empty() && !incoming {
        errors.add(
            "legal_basis",
            "Укажите правовые основания запроса — например, ст. 28 Федерального закона от 28.12.2013 № 442-ФЗ",
        );
    }
    let period_from = date_of(&mut errors, "period_from", &form.period_from);
    let period_to = date_of(&mut errors, "period_to", &form.period_to);
    if let (Some(from), Some(to)) = (period_from, period_to) {
        if to < from {
            errors.add("period_to", "Конец периода раньше его начала");
        }
    }
    let details = text_block(&mut errors, "details", &form.details, MAX_DETAILS);
    let case = match form.case_number.trim() {
        "" => None,
        text => {
            let parsed = parse_case_number(text);
            if parsed.is_none() {
                errors.add("case_number", "Номер случая в виде 2026-0042");
            }
            parsed
        }
    };
    let person = text_block(&mut errors, "person", &crate::validation::collapse_spaces(&form.person), 300);
    let term = match form.term.trim() {
        "" => Term::default(),
        code => Term::from_code(code).unwrap_or_else(|| {
            errors.add("term", "Выберите срок ответа из списка");
            Term::default()
        }),
    };
    let due_on = if term == Term::Manual { date_of(&mut errors, "due_on", &form.due_on) } else { None };
    let sent_on = date_of(&mut errors, "sent_on", &form.sent_on);
    if sent_on.is_some_and(|d| d > today) {
        errors.add(
            "sent_on",
            if incoming {
                "Дата поступления не может быть в будущем"
            } else {
                "Дата отправки не может быть в будущем: отметьте отправку в день, когда письмо ушло"
            },
        );
    }
    if sent_on.is_some_and(|d| d < today - Duration::days(MAX_TERM_DAYS)) {
        errors.add("sent_on", "Дата больше года назад — проверьте год");
    }
    let way = match form.way.trim() {
        "" => None,
        code => {
            let way = Way::from_code(code);
            if way.is_none() {
                errors.add("way", "Выберите способ из списка");
            }
            way
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ValidInquiry {
        direction: direction.unwrap_or_default(),
        partner,
        body,
        body_address,
        reference,
        essence,
        legal_basis,
        period_from,
        period_to,
        details,
        case,
        person,
        term,
        due_on,
        sent_on,
        way,
    })
}

/// Checks that a request can be sent (or an incoming one registered as received): the day, the
/// way and the term of the answer; the due day computed from the term, or the one given.
/// A sent (or received) request keeps the day, the way and the term it was sent with: they
/// decide its answer date, and an overdue request does not become timely by editing them. A save
/// of a sent request takes them from the stored request, whatever the form says.
pub fn keep_sending(form: &mut InquiryForm, current: &Inquiry) {
    if current.status != InquiryStatus::Sent {
        return;
    }
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    form.sent_on = date(current.sent_on);
    form.way = current.way.map(|w| w.code().to_string()).unwrap_or_default();
    form.term = current.term.code().to_string();
    form.due_on = date(current.due_on);
}

pub fn check_sending(valid: &ValidInquiry, calendar: &ProductionCalendar) -> Result<Sending, FieldErrors> {
    let mut errors = FieldErrors::new();
    let incoming = valid.direction == Direction::Incoming;
    if valid.sent_on.is_none() {
        errors.add(
            "sent_on",
            if incoming {
                "Укажите дату поступления запроса"
            } else {
                "Укажите дату отправки"
            },
        );
    }
    if valid.way.is_none() {
        errors.add(
            "way",
            if incoming {
                "Укажите, как поступил запрос"
            } else {
                "Выберите способ отправки"
            },
        );
    }
    let due_on = match (valid.sent_on, valid.term) {
        (Some(sent), Term::Manual) => match valid.due_on {
            None => {
                errors.add("due_on", "Укажите срок ответа или выберите срок из списка");
                None
            }
            Some(due) if due < sent => {
                errors.add(
                    "due_on",
                    if incoming {
                        "Срок ответа не может быть раньше дня поступления"
                    } else {
                        "Срок ответа не может быть раньше дня отправки"
                    },
                );
                None
            }
            Some(due) if due > sent + Duration::days(MAX_TERM_DAYS) => {
                errors.add("due_on", "Срок ответа больше года — проверьте год");
                None
            }
            Some(due) => Some(due),
        },
        (Some(sent), term) => due_date(calendar, term, sent),
        (None, _) => None,
    };
    match (valid.sent_on, valid.way, due_on) {
        (Some(sent_on), Some(way), Some(due_on)) if errors.is_empty() => Ok(Sending { sent_on, way, due_on }),
        _ => Err(errors),
    }
}

/// Checks the answer to a sent request: its day (not before the request, not in the future)
/// and its text.
pub fn validate_answer(
    direction: Direction,
    answer_on: &str,
    text: &str,
    sent_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(NaiveDate, String), FieldErrors> {
    let mut errors = FieldErrors::new();
    let day = match answer_on.trim() {
        "" => {
            errors.add("answer_on", "Укажите дату ответа");
            None
        }
        value => date_of(&mut errors, "answer_on", value),
    };
    match day {
        Some(d) if d > today => errors.add("answer_on", "Дата ответа не может быть в будущем"),
        Some(d) if sent_on.is_some_and(|s| d < s) => errors.add(
            "answer_on",
            if direction == Direction::Incoming {
                "Ответ не может быть раньше поступления запроса"
            } else {
                "Ответ не может быть раньше отправки запроса"
            },
        ),
        _ => {}
    }
    let text = text_block(&mut errors, "answer_text", text, MAX_ANSWER);
    if text.is_empty() {
        errors.add("answer_text", "Изложите ответ: какие сведения получены или направлены");
    }
    match day {
        Some(day) if errors.is_empty() => Ok((day, text)),
        _ => Err(errors),
    }
}

/// A request as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inquiry {
    pub id: String,
    pub year: i64,
    pub number: i64,
    pub direction: Direction,
    pub partner_id: Option<String>,
    pub body: String,
    pub body_address: String,
    pub reference: String,
    pub essence: String,
    pub legal_basis: String,
    pub period_from: Option<NaiveDate>,
    pub period_to: Option<NaiveDate>,
    pub details: String,
    pub case_id: Option<String>,
    /// «2026-0042».
    pub case_number: Option<String>,
    pub case_title: Option<String>,
    pub person: String,
    pub term: Term,
    pub due_on: Option<NaiveDate>,
    pub sent_on: Option<NaiveDate>,
    pub way: Option<Way>,
    pub status: InquiryStatus,
    pub answer_on: Option<NaiveDate>,
    pub answer_text: String,
    /// The letter of the answer (a scan or a PDF), when one was attached.
    pub answer_file: Option<AnswerFile>,
    /// The key of the user who registered it.
    pub created_by: String,
    pub created_by_name: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub updated_by_name: String,
    pub version: i64,
}

/// The file of an answer: the name it was sent under, its type and size, who attached it when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerFile {
    pub name: String,
    pub content_type: String,
    pub size: i64,
    pub at: DateTime<Utc>,
    pub by_name: String,
}

/// «исх. № 5/2026», «вх. № 2/2026».
pub fn label_of(direction: Direction, number: i64, year: i64) -> String {
    let prefix = match direction {
        Direction::Outgoing => "исх.",
        Direction::Incoming => "вх.",
    };
    format!("{prefix} № {number}/{year}")
}

fn date_text(d: Option<NaiveDate>) -> String {
    d.map(crate::time::format_iso_date).unwrap_or_default()
}

impl Inquiry {
    pub fn label(&self) -> String {
        label_of(self.direction, self.number, self.year)
    }

    pub fn status_label(&self) -> &'static str {
        status_label(self.direction, self.status)
    }

    /// Whether it concerns a person: its reading is a reading of personal data.
    pub fn concerns_person(&self) -> bool {
        self.case_id.is_some() || !self.person.is_empty()
    }

    /// The period concerned in words: «с 01.01.2026 по 30.11.2026», «с 01.01.2026», «по …».
    pub fn period_text(&self) -> String {
        let f = crate::time::format_naive_date;
        match (self.period_from, self.period_to) {
            (Some(a), Some(b)) => format!("с {} по {}", f(a), f(b)),
            (Some(a), None) => format!("с {}", f(a)),
            (None, Some(b)) => format!("по {}", f(b)),
            (None, None) => String::new(),
        }
    }

    /// The request in its form, to edit.
    pub fn form(&self) -> InquiryForm {
        InquiryForm {
            direction: self.direction.code().into(),
            partner: self.partner_id.clone().unwrap_or_default(),
            body: self.body.clone(),
            body_address: self.body_address.clone(),
            reference: self.reference.clone(),
            essence: self.essence.clone(),
            legal_basis: self.legal_basis.clone(),
            period_from: date_text(self.period_from),
            period_to: date_text(self.period_to),
            details: self.details.clone(),
            case_number: self.case_number.clone().unwrap_or_default(),
            person: self.person.clone(),
            term: self.term.code().into(),
            due_on: if self.term == Term::Manual { date_text(self.due_on) } else { String::new() },
            sent_on: date_text(self.sent_on),
            way: self.way.map(|w| w.code().to_string()).unwrap_or_default(),
        }
    }
}

/// A request in the register and on the case page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InquirySummary {
    pub id: String,
    pub label: String,
    pub direction: Direction,
    pub body: String,
    /// The essence, cut for the list.
    pub essence: String,
    pub person: String,
    pub case_id: Option<String>,
    pub case_number: Option<String>,
    pub sent_on: Option<NaiveDate>,
    pub way: Option<Way>,
    pub due_on: Option<NaiveDate>,
    pub status: InquiryStatus,
    pub standing: Standing,
}

impl InquirySummary {
    pub fn of(inquiry: &Inquiry, calendar: &ProductionCalendar, today: NaiveDate) -> Self {
        let essence = if inquiry.essence.chars().count() > 220 {
            format!("{}…", inquiry.essence.chars().take(219).collect::<String>().trim_end())
        } else {
            inquiry.essence.clone()
        };
        InquirySummary {
            id: inquiry.id.clone(),
            label: inquiry.label(),
            direction: inquiry.direction,
            body: inquiry.body.clone(),
            essence,
            person: inquiry.person.clone(),
            case_id: inquiry.case_id.clone(),
            case_number: inquiry.case_number.clone(),
            sent_on: inquiry.sent_on,
            way: inquiry.way,
            due_on: inquiry.due_on,
            status: inquiry.status,
            standing: Standing::of(inquiry.status, inquiry.due_on, inquiry.answer_on, calendar, today),
        }
    }

    pub fn status_label(&self) -> &'static str {
        status_label(self.direction, self.status)
    }
}

/// Puts the register in its order: overdue first, then by the days left, drafts, answered.
pub fn sort_register(items: &mut [InquirySummary]) {
    items.sort_by(|a, b| a.standing.rank().cmp(&b.standing.rank()).then(b.label.cmp(&a.label)));
}

/// The register's filters, as the page's URL holds them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InquiryQuery {
    /// `draft`, `sent` (waiting, overdue ones too), `overdue`, `answered`, or empty.
    pub status: String,
    /// `outgoing`, `incoming`, or empty.
    pub direction: String,
    /// Words of the body, the essence, the person or the number.
    pub q: String,
}

impl InquiryQuery {
    pub fn to_query_string(&self) -> String {
        crate::url::query_string(&[("status", &self.status), ("direction", &self.direction), ("q", &self.q)])
    }

    /// The filters in words, for the audit trail.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some((_, label)) = STATUS_FILTERS.iter().find(|(c, _)| *c == self.status) {
            parts.push(label.to_string());
        }
        if let Some(d) = Direction::from_code(&self.direction) {
            parts.push(d.label().to_lowercase());
        }
        if !self.q.trim().is_empty() {
            parts.push(format!("поиск «{}»", self.q.trim()));
        }
        if parts.is_empty() {
            "все".into()
        } else {
            parts.join(", ")
        }
    }
}

/// The choices of the register's status filter.
pub const STATUS_FILTERS: &[(&str, &str)] =
    &[("overdue", "Просроченные"), ("sent", "Ждут ответа"), ("draft", "Черновики"), ("answered", "С ответом")];

/// The register's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InquiryPage {
    pub items: Vec<InquirySummary>,
    /// More requests match than are shown.
    pub more: bool,
    pub overdue: usize,
}

/// A partner of the resource map to address a request to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartnerOption {
    pub id: String,
    pub name: String,
    pub address: String,
}

/// What the request's page needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InquiryDetails {
    /// None for a new request.
    pub inquiry: Option<Inquiry>,
    /// The request's form: its content, or a new one (from a case when asked).
    pub form: InquiryForm,
    /// The case a new request is registered from: «№ 2026-0042 «Семья Ивановых»».
    pub case_label: Option<String>,
    pub standing: Standing,
    pub can_edit: bool,
    /// Today, as the server counts it (the form's default dates).
    pub today: NaiveDate,
}

/// The answer's due day as the form shows it before sending.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuePreview {
    pub due_on: Option<NaiveDate>,
    /// «Ответ ожидается до 11.12.2026 (5 рабочих дней после 04.12.2026)».
    pub text: String,
}

/// The preview of the due day for a term and a sending day (or the day given by hand).
pub fn preview(
    calendar: &ProductionCalendar,
    term: Term,
    sent_on: Option<NaiveDate>,
    manual: Option<NaiveDate>,
) -> DuePreview {
    let f = crate::time::format_naive_date;
    match (term.span(), sent_on) {
        (Span::Manual, _) => match manual {
            Some(due) => {
                DuePreview { due_on: Some(due), text: format!("Ответ ожидается до {}", f(due)) }
            }
            None => DuePreview {
                due_on: None, text: "Укажите дату, до которой ожидается ответ".into()
            },
        },
        (_, None) => DuePreview {
            due_on: None,
            text: "Срок ответа будет посчитан от дня отправки по производственному календарю".into(),
        },
        (span, Some(sent)) => {
            let due = due_date(calendar, term, sent);
            let count = match span {
                Span::Working(n) => crate::calendar::working_days_phrase(i64::from(n)),
                Span::Calendar(n) => format!("{n} календарных дней"),
                Span::Manual => String::new(),
            };
            DuePreview {
                due_on: due,
                text: match due {
                    Some(d) => format!("Ответ ожидается до {} — {count} после {}", f(d), f(sent)),
                    None => String::new(),
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::DayKind;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn calendar() -> ProductionCalendar {
        // The 2026 transfer: 31 December is a day off.
        ProductionCalendar::new([(d(2026, 12, 31), DayKind::DayOff)])
    }

    fn form() -> InquiryForm {
        InquiryForm {
            direction: "outgoing".into(),
            body: "  ОМВД России по г. Югорску ".into(),
            essence: "Сведения о привлечении к административной ответственности".into(),
            legal_basis: "ст. 8 Федерального закона от 28.12.2013 № 442-ФЗ".into(),
            term: "general".into(),
            ..Default::default()
        }
    }

    #[test]
    fn the_answer_is_due_in_working_days_across_a_holiday() {
        let cal = calendar();
        // Sent on Friday 30 October 2026: 4 November (Wednesday) is a public holiday.
        let sent = d(2026, 10, 30);
        // 5 working days: 2, 3, 5, 6, 9 November.
        assert_eq!(due_date(&cal, Term::Interagency, sent), Some(d(2026, 11, 9)));
        assert_eq!(due_date(&cal, Term::Child, sent), Some(d(2026, 11, 9)));
        // 10 working days: … 10, 11, 12, 13, 16 November.
        assert_eq!(due_date(&cal, Term::General, sent), Some(d(2026, 11, 16)));
        // Across the New Year: 31 December (transfer) and 1–10 January are days off: 29, 30
        // December, 11, 12, 13 January.
        assert_eq!(due_date(&cal, Term::Interagency, d(2026, 12, 28)), Some(d(2027, 1, 13)));
        // Calendar days: 15 days after 27 November is Saturday 12 December → Monday 14.
        assert_eq!(due_date(&cal, Term::AppealDocuments, d(2026, 11, 27)), Some(d(2026, 12, 14)));
        // 30 days after 2 December is 1 January (a holiday) → the first working day, 11 January.
        assert_eq!(due_date(&cal, Term::Appeal, d(2026, 12, 2)), Some(d(2027, 1, 11)));
        assert_eq!(due_date(&cal, Term::Manual, sent), None);
        let shown = preview(&cal, Term::Interagency, Some(sent), None);
        assert_eq!(shown.text, "Ответ ожидается до 09.11.2026 — 5 рабочих дней после 30.10.2026");
        assert_eq!(preview(&cal, Term::Manual, Some(sent), None).due_on, None);
    }

    #[test]
    fn a_sent_request_counts_its_days_and_is_overdue_after_its_due_day() {
        let cal = calendar();
        let due = d(2026, 11, 9);
        let left = Standing::of(InquiryStatus::Sent, Some(due), None, &cal, d(2026, 11, 3));
        // 5, 6, 9 November (4 November is a holiday).
        assert_eq!(left, Standing::Waiting { due, left: 3 });
        assert_eq!(left.text(), "осталось 3 р. д.");
        assert_eq!(Standing::of(InquiryStatus::Sent, Some(due), None, &cal, due).text(), "срок ответа сегодня");
        let over = Standing::of(InquiryStatus::Sent, Some(due), None, &cal, d(2026, 11, 11));
        assert_eq!(over, Standing::Overdue { due, over: 2 });
        assert_eq!(over.text(), "просрочен на 2 р. д.");
        assert!(over.is_overdue());
        // An answered request is never overdue, however late.
        let answered = Standing::of(InquiryStatus::Answered, Some(due), Some(d(2026, 11, 20)), &cal, d(2026, 12, 1));
        assert!(!answered.is_overdue());
        assert_eq!(answered.text(), "ответ 20.11.2026");
        assert_eq!(Standing::of(InquiryStatus::Draft, None, None, &cal, due), Standing::Draft);
    }

    #[test]
    fn the_register_puts_the_overdue_first_then_the_days_left() {
        let cal = calendar();
        let today = d(2026, 12, 4);
        let item = |n: i64, status, due| {
            let standing = Standing::of(status, due, Some(d(2026, 12, 1)), &cal, today);
            InquirySummary {
                id: n.to_string(),
                label: format!("исх. № {n}/2026"),
                direction: Direction::Outgoing,
                body: String::new(),
                essence: String::new(),
                person: String::new(),
                case_id: None,
                case_number: None,
                sent_on: None,
                way: None,
                due_on: due,
                status,
                standing,
            }
        };
        let mut items = vec![
            item(1, InquiryStatus::Answered, Some(d(2026, 11, 20))),
            item(2, InquiryStatus::Sent, Some(d(2026, 12, 10))),
            item(3, InquiryStatus::Draft, None),
            item(4, InquiryStatus::Sent, Some(d(2026, 12, 1))),
            item(5, InquiryStatus::Sent, Some(d(2026, 12, 7))),
            item(6, InquiryStatus::Sent, Some(d(2026, 11, 25))),
        ];
        sort_register(&mut items);
        let order: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(order, ["6", "4", "5", "2", "3", "1"]);
    }

    #[test]
    fn only_a_draft_is_sent_and_only_a_sent_request_is_answered() {
        use InquiryStatus::*;
        let out = Direction::Outgoing;
        assert!(check_transition(out, Draft, Sent).is_ok());
        assert!(check_transition(out, Sent, Answered).is_ok());
        assert_eq!(
            check_transition(out, Draft, Answered).unwrap_err(),
            "Сначала отметьте запрос отправленным: ответ записывается на отправленный запрос"
        );
        assert_eq!(check_transition(out, Sent, Sent).unwrap_err(), "Запрос уже отмечен отправленным");
        assert!(check_transition(out, Answered, Sent).is_err());
        assert!(check_transition(out, Answered, Answered).is_err());
        assert!(check_transition(out, Sent, Draft).is_err());
        assert_eq!(
            check_transition(Direction::Incoming, Sent, Sent).unwrap_err(),
            "Поступление запроса уже зарегистрировано"
        );
        assert_eq!(status_label(Direction::Incoming, Answered), "Ответ направлен");
        assert_eq!(status_label(out, Answered), "Получен ответ");
    }

    #[test]
    fn a_request_names_its_body_essence_and_legal_basis() {
        let today = d(2026, 12, 4);
        let empty = InquiryForm { direction: "outgoing".into(), ..Default::default() };
        let errors = validate_inquiry(&empty, today).unwrap_err();
        assert_eq!(errors.get("body"), Some("Укажите, в какой орган или организацию направляется запрос"));
        assert_eq!(errors.get("essence"), Some("Изложите суть запроса: какие сведения нужны и для чего"));
        assert!(errors.get("legal_basis").unwrap().contains("442-ФЗ"));
        let errors = validate_inquiry(&InquiryForm::default(), today).unwrap_err();
        assert_eq!(errors.get("direction"), Some("Выберите, исходящий это запрос или входящий"));
        // An incoming request may come without its basis written out.
        let incoming = InquiryForm { direction: "incoming".into(), legal_basis: String::new(), ..form() };
        assert!(validate_inquiry(&incoming, today).is_ok());

        let mut bad = form();
        bad.period_from = "2026-11-30".into();
        bad.period_to = "01.01.2026".into();
        bad.case_number = "сорок два".into();
        bad.sent_on = "2026-12-05".into();
        bad.way = "pigeon".into();
        bad.term = "forever".into();
        let errors = validate_inquiry(&bad, today).unwrap_err();
        assert_eq!(errors.get("period_to"), Some("Конец периода раньше его начала"));
        assert_eq!(errors.get("case_number"), Some("Номер случая в виде 2026-0042"));
        assert!(errors.get("sent_on").unwrap().contains("не может быть в будущем"));
        assert_eq!(errors.get("way"), Some("Выберите способ из списка"));
        assert_eq!(errors.get("term"), Some("Выберите срок ответа из списка"));

        let mut good = form();
        good.case_number = "№ 2026-0042".into();
        good.period_from = "01.01.2026".into();
        let valid = validate_inquiry(&good, today).unwrap();
        assert_eq!(valid.body, "ОМВД России по г. Югорску");
        assert_eq!(valid.case, Some((2026, 42)));
        assert_eq!(valid.period_from, Some(d(2026, 1, 1)));
        assert_eq!(valid.sent_on, None, "a draft need not be sent");
    }

    #[test]
    fn sending_needs_the_day_the_way_and_the_term() {
        let cal = calendar();
        let today = d(2026, 12, 4);
        let draft = validate_inquiry(&form(), today).unwrap();
        let errors = check_sending(&draft, &cal).unwrap_err();
        assert_eq!(errors.get("sent_on"), Some("Укажите дату отправки"));
        assert_eq!(errors.get("way"), Some("Выберите способ отправки"));

        let mut f = form();
        f.sent_on = "2026-12-04".into();
        f.way = "smev".into();
        let sending = check_sending(&validate_inquiry(&f, today).unwrap(), &cal).unwrap();
        // 10 working days from Friday 4 December 2026.
        assert_eq!(sending, Sending { sent_on: d(2026, 12, 4), way: Way::Smev, due_on: d(2026, 12, 18) });

        f.term = "manual".into();
        let errors = check_sending(&validate_inquiry(&f, today).unwrap(), &cal).unwrap_err();
        assert_eq!(errors.get("due_on"), Some("Укажите срок ответа или выберите срок из списка"));
        f.due_on = "2026-12-01".into();
        let errors = check_sending(&validate_inquiry(&f, today).unwrap(), &cal).unwrap_err();
        assert_eq!(errors.get("due_on"), Some("Срок ответа не может быть раньше дня отправки"));
        f.due_on = "2026-12-25".into();
        assert_eq!(check_sending(&validate_inquiry(&f, today).unwrap(), &cal).unwrap().due_on, d(2026, 12, 25));
    }

    #[test]
    fn an_answer_has_its_day_and_text() {
        let today = d(2026, 12, 4);
        let sent = Some(d(2026, 11, 20));
        let out = Direction::Outgoing;
        let errors = validate_answer(out, "", " ", sent, today).unwrap_err();
        assert_eq!(errors.get("answer_on"), Some("Укажите дату ответа"));
        assert!(errors.get("answer_text").is_some());
        let errors = validate_answer(out, "2026-11-19", "Сведения направлены", sent, today).unwrap_err();
        assert_eq!(errors.get("answer_on"), Some("Ответ не может быть раньше отправки запроса"));
        let errors = validate_answer(out, "2026-12-05", "Сведения направлены", sent, today).unwrap_err();
        assert_eq!(errors.get("answer_on"), Some("Дата ответа не может быть в будущем"));
        assert_eq!(
            validate_answer(out, "03.12.2026", " Сведения направлены ", sent, today).unwrap(),
            (d(2026, 12, 3), "Сведения направлены".to_string())
        );
    }

    #[test]
    fn a_legal_ground_is_added_once() {
        let basis = with_basis("", LEGAL_BASES[0].1);
        assert!(basis.starts_with("ст. 28 Федерального закона"));
        assert_eq!(with_basis(&basis, LEGAL_BASES[0].1), basis);
        assert_eq!(with_basis("ст. 5;", "ст. 6"), "ст. 5; ст. 6");
    }

    #[test]
    fn the_register_filters_are_in_the_url_and_in_words() {
        let q = InquiryQuery { status: "overdue".into(), direction: "incoming".into(), q: "опека".into() };
        assert_eq!(q.to_query_string(), "?status=overdue&direction=incoming&q=%D0%BE%D0%BF%D0%B5%D0%BA%D0%B0");
        assert_eq!(q.describe(), "Просроченные, входящий, поиск «опека»");
        assert_eq!(InquiryQuery::default().to_query_string(), "");
        assert_eq!(label_of(Direction::Incoming, 3, 2026), "вх. № 3/2026");
        assert_eq!(parse_case_number("2026-0042"), Some((2026, 42)));
        assert_eq!(parse_case_number("42"), None);
    }
}

/// What the start pages show of the requests the user sees: sent requests past their answer
/// date and those whose answer is due within two working days.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct InquiryDeadlines {
    pub overdue: i64,
    pub due_soon: i64,
}

/// Working days ahead within which an awaited answer counts as «due soon».
pub const DUE_SOON_DAYS: i64 = 2;
