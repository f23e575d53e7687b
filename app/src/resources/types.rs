//! The territory resource map's records as the pages see them: partners and their services,
//! kinds of help, district passports, coverage, benefactors and beneficiaries.

use crate::labeled_enum;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

labeled_enum! {
    /// Kinds of partner organisations (DOMAIN.md §3; seed 004 II.5).
    pub enum PartnerKind {
        Guardianship => "guardianship", "Опека и попечительство",
        Education => "education", "Образование",
        Health => "health", "Здравоохранение",
        MinorsCommission => "minors_commission", "КДН и ЗП",
        Police => "police", "Полиция",
        SocialProtection => "social_protection", "Социальная защита населения",
        SocialFund => "social_fund", "Социальный фонд (пенсии, соцстрахование)",
        Housing => "housing", "ЖКХ, управляющие компании",
        Employment => "employment", "Центр занятости",
        Mse => "mse", "Бюро МСЭ",
        Culture => "culture", "Культура",
        Sport => "sport", "Спорт",
        MilitaryCommissariat => "military_commissariat", "Военный комиссариат",
        DefendersFund => "defenders_fund", "Фонд «Защитники Отечества»",
        WarriorsCommittee => "warriors_committee", "Комитет семей воинов Отечества",
        SupportCenter => "support_center", "Единый центр сопровождения СВО",
        Mfc => "mfc", "МФЦ",
        Ngo => "ngo", "НКО",
        Volunteers => "volunteers", "Добровольцы",
        Business => "business", "Бизнес (скидки, помощь)",
        Other => "other", "Другое",
    }
}

impl PartnerKind {
    /// The marker colour on the map: one hue per group of kinds, calm and distinguishable.
    pub fn color(self) -> &'static str {
        use PartnerKind::*;
        match self {
            Guardianship | MinorsCommission | Police => "#8e3b46",
            Education => "#2f6db5",
            Health | Mse => "#c0392b",
            SocialProtection | SocialFund | Mfc => "#1f7a6d",
            Housing => "#7a5c2e",
            Employment => "#6b4fa3",
            Culture | Sport => "#d07a12",
            MilitaryCommissariat | DefendersFund | WarriorsCommittee | SupportCenter => "#4b5d23",
            Ngo | Volunteers => "#b0407a",
            Business => "#3b4a5a",
            Other => "#6f6f6f",
        }
    }
}

labeled_enum! {
    /// What a service costs the family.
    pub enum Cost {
        Free => "free", "Бесплатно",
        Discount => "discount", "Льготно, со скидкой",
        Paid => "paid", "Платно",
    }
}

labeled_enum! {
    pub enum BenefactorKind {
        Person => "person", "Частное лицо",
        Organisation => "organisation", "Организация",
    }
}

labeled_enum! {
    /// Where a beneficiary's request stands.
    pub enum BeneficiaryStatus {
        Waiting => "waiting", "Ждёт помощи",
        Matched => "matched", "Благотворитель найден",
        Done => "done", "Помощь оказана",
    }
}

/// A passport not verified for this many months is overdue (seed 000 §4.1.9: «не реже 1 раза в
/// полугодие»).
pub const PASSPORT_MONTHS: u32 = 6;

/// One kind of help (вид помощи / трудная жизненная ситуация) of the shared taxonomy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpKind {
    pub code: String,
    pub label: String,
}

/// A service a partner gives (HSDS `service`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Service {
    pub name: String,
    pub description: String,
    pub help: Vec<String>,
    pub eligibility: String,
    pub cost: Cost,
    pub hours: String,
}

/// An agreement on interaction (соглашение о взаимодействии, seed 003 item 31).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    pub number: String,
    pub date: NaiveDate,
    /// None: open-ended.
    pub until: Option<NaiveDate>,
}

impl Agreement {
    pub fn in_force(&self, today: NaiveDate) -> bool {
        self.date <= today && self.until.is_none_or(|until| until >= today)
    }
}

/// A partner organisation of the registry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Partner {
    pub id: String,
    pub kind: PartnerKind,
    pub name: String,
    pub description: String,
    pub address: String,
    pub phones: Vec<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub contact_person: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// District keys; empty = the whole territory.
    pub districts: Vec<String>,
    pub hours: String,
    pub services: Vec<Service>,
    pub agreement: Option<Agreement>,
    pub verified_on: Option<NaiveDate>,
    pub verified_by_name: Option<String>,
    pub archived: bool,
    pub updated_by_name: String,
    pub version: i64,
}

/// Every kind of help some of these services answer, each once.
pub fn help_of(services: &[Service]) -> Vec<String> {
    let mut help: Vec<String> = Vec::new();
    for code in services.iter().flat_map(|s| s.help.iter()) {
        if !help.contains(code) {
            help.push(code.clone());
        }
    }
    help
}

impl Partner {
    pub fn help(&self) -> Vec<String> {
        help_of(&self.services)
    }
    pub fn serves(&self, district: &str) -> bool {
        self.districts.is_empty() || self.districts.iter().any(|d| d == district)
    }
}

/// A row of the registry list and a marker of the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartnerSummary {
    pub id: String,
    pub kind: PartnerKind,
    pub name: String,
    pub address: String,
    pub phone: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub districts: Vec<String>,
    pub help: Vec<String>,
    pub free: bool,
    pub discount: bool,
    pub agreement_in_force: bool,
    pub verified_on: Option<NaiveDate>,
    pub archived: bool,
    pub version: i64,
    /// Whether this user may edit it (and drag its marker).
    pub editable: bool,
}

/// Filters of the registry (they live in the URL).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerQuery {
    pub text: String,
    pub help: String,
    pub kind: String,
    pub district: String,
    /// "free", "discount" or empty.
    pub cost: String,
    pub agreement: bool,
    pub archived: bool,
}

impl PartnerQuery {
    pub fn from_pairs<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> Self {
        let mut query = PartnerQuery::default();
        for (key, value) in pairs {
            match key {
                "q" => query.text = value.to_string(),
                "help" => query.help = value.to_string(),
                "kind" => query.kind = value.to_string(),
                "district" => query.district = value.to_string(),
                "cost" => query.cost = value.to_string(),
                "agreement" => query.agreement = value == "1",
                "archived" => query.archived = value == "1",
                _ => {}
            }
        }
        query
    }

    /// The query string of these filters (without the leading «?»).
    pub fn to_query_string(&self) -> String {
        use crate::url::urlencode;
        let mut parts = Vec::new();
        for (key, value) in [
            ("q", &self.text),
            ("help", &self.help),
            ("kind", &self.kind),
            ("district", &self.district),
            ("cost", &self.cost),
        ] {
            if !value.trim().is_empty() {
                parts.push(format!("{key}={}", urlencode(value.trim())));
            }
        }
        if self.agreement {
            parts.push("agreement=1".into());
        }
        if self.archived {
            parts.push("archived=1".into());
        }
        parts.join("&")
    }
}

/// The registry page's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartnerList {
    pub partners: Vec<PartnerSummary>,
    /// More matched than were sent.
    pub more: bool,
}

/// The partner form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerForm {
    pub kind: String,
    pub name: String,
    pub description: String,
    pub address: String,
    /// One per line or separated by commas.
    pub phones: String,
    pub email: String,
    pub website: String,
    pub contact_person: String,
    pub lat: String,
    pub lon: String,
    pub districts: Vec<String>,
    pub hours: String,
    pub services: Vec<ServiceForm>,
    pub agreement_number: String,
    pub agreement_date: String,
    pub agreement_until: String,
    pub verified_on: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceForm {
    pub name: String,
    pub description: String,
    pub help: Vec<String>,
    pub eligibility: String,
    pub cost: String,
    pub hours: String,
}

impl PartnerForm {
    pub fn from_partner(p: &Partner) -> Self {
        let date = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
        PartnerForm {
            kind: p.kind.code().into(),
            name: p.name.clone(),
            description: p.description.clone(),
            address: p.address.clone(),
            phones: p.phones.iter().map(|ph| crate::phone::format_phone(ph)).collect::<Vec<_>>().join(", "),
            email: p.email.clone().unwrap_or_default(),
            website: p.website.clone().unwrap_or_default(),
            contact_person: p.contact_person.clone(),
            lat: p.lat.map(|v| format!("{v:.6}")).unwrap_or_default(),
            lon: p.lon.map(|v| format!("{v:.6}")).unwrap_or_default(),
            districts: p.districts.clone(),
            hours: p.hours.clone(),
            services: p
                .services
                .iter()
                .map(|s| ServiceForm {
                    name: s.name.clone(),
                    description: s.description.clone(),
                    help: s.help.clone(),
                    eligibility: s.eligibility.clone(),
                    cost: s.cost.code().into(),
                    hours: s.hours.clone(),
                })
                .collect(),
            agreement_number: p.agreement.as_ref().map(|a| a.number.clone()).unwrap_or_default(),
            agreement_date: date(p.agreement.as_ref().map(|a| a.date)),
            agreement_until: date(p.agreement.as_ref().and_then(|a| a.until)),
            verified_on: date(p.verified_on),
        }
    }
}

/// A partner page's data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartnerDetails {
    pub partner: Partner,
    pub editable: bool,
    pub today: NaiveDate,
}

/// What the resource pages need to draw their choices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceLists {
    pub help_kinds: Vec<HelpKind>,
    pub districts: Vec<DistrictShape>,
    pub today: NaiveDate,
    /// Tile URL template of the map; empty: none.
    pub tiles: String,
    pub tiles_attribution: String,
    /// May add partners (caseworkers add for their districts).
    pub can_edit: bool,
    /// May import and edit district boundaries.
    pub can_edit_boundaries: bool,
    /// The user's own districts (a caseworker edits partners of these).
    pub my_districts: Vec<String>,
}

/// A district on the map: its boundary and whether its passport is overdue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DistrictShape {
    pub id: String,
    pub number: i64,
    pub name: String,
    /// Polygon rings of (lon, lat).
    pub rings: Vec<Vec<[f64; 2]>>,
    pub verified_on: Option<NaiveDate>,
    pub overdue: bool,
}

/// Figures of a district passport.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Population {
    pub residents: i64,
    pub families_with_children: i64,
    pub large_families: i64,
    pub pensioners: i64,
    pub disabled: i64,
    pub svo_families: i64,
}

impl Population {
    pub const FIELDS: [(&'static str, &'static str); 6] = [
        ("residents", "Жителей"),
        ("families_with_children", "Семей с детьми"),
        ("large_families", "Многодетных семей"),
        ("pensioners", "Пенсионеров"),
        ("disabled", "Инвалидов"),
        ("svo_families", "Семей участников СВО"),
    ];
    pub fn get(&self, field: &str) -> i64 {
        match field {
            "residents" => self.residents,
            "families_with_children" => self.families_with_children,
            "large_families" => self.large_families,
            "pensioners" => self.pensioners,
            "disabled" => self.disabled,
            "svo_families" => self.svo_families,
            _ => 0,
        }
    }
}

/// A specialist who works a district.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Specialist {
    pub id: String,
    pub full_name: String,
    pub roles: String,
}

/// The district passport (паспорт социального участка).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Passport {
    pub id: String,
    pub number: i64,
    pub name: String,
    pub description: String,
    pub population: Population,
    pub infrastructure: String,
    pub verified_on: Option<NaiveDate>,
    pub verified_by_name: Option<String>,
    /// The date by which it must be verified again.
    pub due_on: Option<NaiveDate>,
    pub overdue: bool,
    pub version: i64,
    pub partners: Vec<PartnerSummary>,
    pub specialists: Vec<Specialist>,
    /// Kinds of help no partner of this district gives.
    pub gaps: Vec<HelpKind>,
    pub editable: bool,
    pub today: NaiveDate,
}

/// The passport form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassportForm {
    pub residents: String,
    pub families_with_children: String,
    pub large_families: String,
    pub pensioners: String,
    pub disabled: String,
    pub svo_families: String,
    pub infrastructure: String,
    /// Also mark the passport verified today.
    pub verified: bool,
}

impl PassportForm {
    pub fn from_passport(p: &Passport) -> Self {
        let n = |v: i64| v.to_string();
        PassportForm {
            residents: n(p.population.residents),
            families_with_children: n(p.population.families_with_children),
            large_families: n(p.population.large_families),
            pensioners: n(p.population.pensioners),
            disabled: n(p.population.disabled),
            svo_families: n(p.population.svo_families),
            infrastructure: p.infrastructure.clone(),
            verified: false,
        }
    }
    pub fn get(&self, field: &str) -> &str {
        match field {
            "residents" => &self.residents,
            "families_with_children" => &self.families_with_children,
            "large_families" => &self.large_families,
            "pensioners" => &self.pensioners,
            "disabled" => &self.disabled,
            "svo_families" => &self.svo_families,
            _ => "",
        }
    }
    pub fn set(&mut self, field: &str, value: String) {
        match field {
            "residents" => self.residents = value,
            "families_with_children" => self.families_with_children = value,
            "large_families" => self.large_families = value,
            "pensioners" => self.pensioners = value,
            "disabled" => self.disabled = value,
            "svo_families" => self.svo_families = value,
            _ => {}
        }
    }
}

/// A passport in the list of passports to verify.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PassportDue {
    pub id: String,
    pub number: i64,
    pub name: String,
    pub verified_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    pub overdue: bool,
    pub partners: usize,
}

/// Kinds of help × districts: how many partners give each kind of help in each district.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    pub help_kinds: Vec<HelpKind>,
    pub districts: Vec<(String, i64, String)>,
    /// `counts[help][district]`.
    pub counts: Vec<Vec<usize>>,
}

impl Coverage {
    pub fn gaps(&self) -> usize {
        self.counts.iter().flatten().filter(|c| **c == 0).count()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Benefactor {
    pub id: String,
    pub kind: BenefactorKind,
    pub name: String,
    pub contact: String,
    pub phone: Option<String>,
    pub help: Vec<String>,
    pub offer: String,
    pub districts: Vec<String>,
    pub archived: bool,
    pub version: i64,
    /// Beneficiaries this benefactor took on.
    pub helping: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenefactorForm {
    pub kind: String,
    pub name: String,
    pub contact: String,
    pub phone: String,
    pub help: Vec<String>,
    pub offer: String,
    pub districts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Beneficiary {
    pub id: String,
    pub name: String,
    pub district: Option<String>,
    pub members: i64,
    pub help: Vec<String>,
    pub need: String,
    /// The case key and its number, where the family has a case.
    pub case: Option<(String, String)>,
    pub benefactor: Option<(String, String)>,
    pub status: BeneficiaryStatus,
    pub archived: bool,
    pub version: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BeneficiaryForm {
    pub name: String,
    pub district: String,
    pub members: String,
    pub help: Vec<String>,
    pub need: String,
    /// «2026-15» or a case key, or empty.
    pub case: String,
    pub benefactor: String,
    pub status: String,
}

/// Both registries of donated help, for one page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Donations {
    pub benefactors: Vec<Benefactor>,
    /// The first of the families (a page of [`DONATIONS_PAGE`] at a time).
    pub beneficiaries: Vec<Beneficiary>,
    /// How many families the user may see in all.
    #[serde(default)]
    pub beneficiaries_total: usize,
    pub can_edit: bool,
}

/// How many families the registry shows at a time («Показать ещё» adds as many).
pub const DONATIONS_PAGE: usize = 100;

pub use crate::components::import::{ImportLine, ImportReport};
