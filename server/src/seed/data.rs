//! The demo department's content, kept as data in `server/data/demo/`: built into the binary and
//! read once, at first use. Each file starts with an `about` text that says what it holds; the
//! codes in it are the application's own (categories, stages, topics, kinds of partner), so a
//! wrong code fails at parsing, and `tests` below check the rest.

use app::auth::Role;
use app::cases::types::{Category, Stage};
use app::journal::types::{Outcome, Topic, UrgentRecipient};
use app::resources::types::{BenefactorKind, Cost, PartnerKind};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::sync::LazyLock;

const ADDRESSES: &str = include_str!("../../data/demo/addresses.json");
const CASES: &str = include_str!("../../data/demo/cases.json");
const CONSILIUM: &str = include_str!("../../data/demo/consilium.json");
const DISTRICTS: &str = include_str!("../../data/demo/districts.json");
const ELDERS: &str = include_str!("../../data/demo/elders.json");
const DONATIONS: &str = include_str!("../../data/demo/donations.json");
const INQUIRIES: &str = include_str!("../../data/demo/inquiries.json");
const IPPSU: &str = include_str!("../../data/demo/ippsu.json");
const JOURNAL: &str = include_str!("../../data/demo/journal.json");
const PARTNERS: &str = include_str!("../../data/demo/partners.json");
const PEOPLE: &str = include_str!("../../data/demo/people.json");
const ROUTES: &str = include_str!("../../data/demo/routes.json");
const STAFF: &str = include_str!("../../data/demo/staff.json");
const VISITS: &str = include_str!("../../data/demo/visits.json");

/// Every demo data file by name, with its text.
pub const FILES: &[(&str, &str)] = &[
    ("addresses.json", ADDRESSES),
    ("cases.json", CASES),
    ("consilium.json", CONSILIUM),
    ("districts.json", DISTRICTS),
    ("donations.json", DONATIONS),
    ("elders.json", ELDERS),
    ("inquiries.json", INQUIRIES),
    ("ippsu.json", IPPSU),
    ("journal.json", JOURNAL),
    ("partners.json", PARTNERS),
    ("people.json", PEOPLE),
    ("routes.json", ROUTES),
    ("staff.json", STAFF),
    ("visits.json", VISITS),
];

/// The files are part of the binary and checked by the tests, so a file that does not parse is
/// a defect of the build, not a condition to handle.
fn parse<T: DeserializeOwned>(name: &str, text: &str) -> T {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("server/data/demo/{name}: {e}"))
}

/// An inclusive range of numbers written as `[from, to]`.
pub type Span = [u32; 2];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    Female,
    Male,
}

// ---------------------------------------------------------------------------------------------
// people.json

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeopleFile {
    pub about: String,
    pub name_sets: Vec<NameSet>,
    /// Codes of mobile operators: `+7 912 …`.
    pub mobile_codes: Vec<u16>,
    /// The town's code for landline numbers: `8 (34675) …`.
    pub landline_code: String,
}

/// Surnames and first names of one origin.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameSet {
    pub code: String,
    /// The share of the town's people with names of this set; a set without one is used only
    /// where a kind of case names it.
    #[serde(default)]
    pub share: Option<f64>,
    pub surnames: Vec<Surname>,
    pub male_names: Vec<MaleName>,
    pub female_names: Vec<FemaleName>,
}

/// A surname in its three forms: «Кузнецов», «Кузнецова», «Семья Кузнецовых».
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Surname {
    pub male: String,
    pub female: String,
    pub family: String,
}

impl Surname {
    pub fn of(&self, sex: Sex) -> &str {
        match sex {
            Sex::Male => &self.male,
            Sex::Female => &self.female,
        }
    }
}

/// A man's first name with the patronymics his son and daughter get from it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaleName {
    pub name: String,
    pub son: String,
    pub daughter: String,
    /// Years of birth in which the name was commonly given.
    pub born: Vec<Span>,
}

impl MaleName {
    /// The patronymic of his child of this sex.
    pub fn patronymic(&self, sex: Sex) -> &str {
        match sex {
            Sex::Male => &self.son,
            Sex::Female => &self.daughter,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FemaleName {
    pub name: String,
    pub born: Vec<Span>,
}

/// Whether a name was common for people born in `year`.
pub fn given_in(born: &[Span], year: i32) -> bool {
    born.iter().any(|[from, to]| (*from as i32..=*to as i32).contains(&year))
}

pub fn people() -> &'static PeopleFile {
    static FILE: LazyLock<PeopleFile> = LazyLock::new(|| parse("people.json", PEOPLE));
    &FILE
}

/// The name set of this code; the first one for an unknown code.
pub fn name_set(code: &str) -> &'static NameSet {
    let sets = &people().name_sets;
    sets.iter().find(|s| s.code == code).unwrap_or(&sets[0])
}

// ---------------------------------------------------------------------------------------------
// addresses.json

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddressesFile {
    pub about: String,
    /// «г. Югорск».
    pub town: String,
    pub districts: Vec<DistrictStreets>,
}

/// The streets of one social district.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistrictStreets {
    pub district: i64,
    pub streets: Vec<String>,
    pub houses: Span,
    pub flats: Span,
    /// The share of addresses that are private houses, without a flat.
    pub private_houses: f64,
}

pub fn addresses() -> &'static AddressesFile {
    static FILE: LazyLock<AddressesFile> = LazyLock::new(|| parse("addresses.json", ADDRESSES));
    &FILE
}

// ---------------------------------------------------------------------------------------------
// staff.json

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffFile {
    pub about: String,
    pub users: Vec<StaffMember>,
    pub password_words: Vec<String>,
}

/// A demo account.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffMember {
    pub login: String,
    pub full_name: String,
    pub position: String,
    pub roles: Vec<Role>,
    /// Numbers of the districts a caseworker curates (all six for the supervisor).
    pub districts: Vec<i64>,
}

impl StaffMember {
    /// «Сидорова Е. В.» of «Сидорова Елена Викторовна».
    pub fn short_name(&self) -> String {
        let mut words = self.full_name.split_whitespace();
        let surname = words.next().unwrap_or_default();
        let initials: Vec<String> = words.filter_map(|w| w.chars().next()).map(|c| format!("{c}.")).collect();
        if initials.is_empty() {
            surname.to_string()
        } else {
            format!("{surname} {}", initials.join(" "))
        }
    }
}

pub fn staff() -> &'static StaffFile {
    static FILE: LazyLock<StaffFile> = LazyLock::new(|| parse("staff.json", STAFF));
    &FILE
}

// ---------------------------------------------------------------------------------------------
// journal.json

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JournalFile {
    pub about: String,
    pub scenarios: Vec<Scenario>,
    pub urgent: Vec<Urgent>,
    pub urgent_answer: String,
}

/// One kind of appeal: what people ask, what the desk answers, how it usually ends.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub topics: Vec<Topic>,
    pub summaries: Vec<Summary>,
    pub answer: String,
    pub outcome: Outcome,
    pub weight: u32,
}

/// What an appeal is about; with the applicant's sex where the text gives it away.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Summary {
    Plain(String),
    Told { text: String, applicant: Sex },
}

impl Summary {
    pub fn text(&self) -> &str {
        match self {
            Summary::Plain(text) | Summary::Told { text, .. } => text,
        }
    }
    pub fn applicant(&self) -> Option<Sex> {
        match self {
            Summary::Plain(_) => None,
            Summary::Told { applicant, .. } => Some(*applicant),
        }
    }
}

/// An urgent appeal: a threat to life or health, passed on at once.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Urgent {
    pub summary: String,
    pub recipient: UrgentRecipient,
    pub detail: String,
    #[serde(default)]
    pub applicant: Option<Sex>,
}

pub fn journal() -> &'static JournalFile {
    static FILE: LazyLock<JournalFile> = LazyLock::new(|| parse("journal.json", JOURNAL));
    &FILE
}

// ---------------------------------------------------------------------------------------------
// cases.json

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CasesFile {
    pub about: String,
    pub kinds: Vec<Kind>,
    pub stages: Vec<StageShare>,
    pub closing: Closing,
}

/// Who a family or a citizen is: given on a kind, refined on each of its notes.
#[derive(Debug, Default, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Makeup {
    /// A citizen's sex.
    #[serde(default)]
    pub sex: Option<Sex>,
    /// A citizen's age.
    #[serde(default)]
    pub age: Option<Span>,
    /// The share of women among the citizens, when `sex` is not given.
    #[serde(default)]
    pub women: Option<f64>,
    /// Whether the family has a father; a mother alone when not.
    #[serde(default)]
    pub father: Option<bool>,
    #[serde(default)]
    pub children: Option<Span>,
    #[serde(default)]
    pub child_ages: Option<Span>,
    #[serde(default)]
    pub youngest: Option<Span>,
}

impl Makeup {
    /// This makeup with whatever `other` gives in place of its own.
    pub fn refined(self, other: Makeup) -> Makeup {
        Makeup {
            sex: other.sex.or(self.sex),
            age: other.age.or(self.age),
            women: other.women.or(self.women),
            father: other.father.or(self.father),
            children: other.children.or(self.children),
            child_ages: other.child_ages.or(self.child_ages),
            youngest: other.youngest.or(self.youngest),
        }
    }
}

/// One kind of family (or citizen) the department works with.
#[derive(Debug, Deserialize)]
pub struct Kind {
    pub categories: Vec<Category>,
    pub citizen: bool,
    pub weight: u32,
    /// The code of the name set of `people.json`; without it, a set of the town's people.
    #[serde(default)]
    pub names: Option<String>,
    #[serde(flatten)]
    pub makeup: Makeup,
    pub notes: Vec<Note>,
}

/// What the case file says of the family, with the makeup that the text implies.
#[derive(Debug, Deserialize)]
pub struct Note {
    pub text: String,
    #[serde(flatten)]
    pub makeup: Makeup,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageShare {
    pub stage: Stage,
    /// Demo cases of 100 at this stage.
    pub share: u32,
}

/// Conclusions written when a case is closed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Closing {
    pub family: Vec<String>,
    pub citizen: Vec<String>,
}

pub fn cases() -> &'static CasesFile {
    static FILE: LazyLock<CasesFile> = LazyLock::new(|| parse("cases.json", CASES));
    &FILE
}

// ---------------------------------------------------------------------------------------------
// partners.json

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnersFile {
    pub about: String,
    pub partners: Vec<DemoPartner>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoService {
    pub name: String,
    pub description: String,
    /// Codes of kinds of help (`help_kind`).
    pub help: Vec<String>,
    pub eligibility: String,
    pub cost: Cost,
    pub hours: String,
}

/// An agreement on interaction; without `until` it is open-ended.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    pub number: String,
    /// YYYY-MM-DD.
    pub date: String,
    #[serde(default)]
    pub until: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoPartner {
    pub kind: PartnerKind,
    pub name: String,
    pub description: String,
    pub address: String,
    /// Phones in +7XXXXXXXXXX form.
    pub phones: Vec<String>,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub website: String,
    pub contact_person: String,
    pub lat: f64,
    pub lon: f64,
    /// District numbers 1..=6 it serves; empty = the whole town.
    pub districts: Vec<u8>,
    pub hours: String,
    pub services: Vec<DemoService>,
    #[serde(default)]
    pub agreement: Option<Agreement>,
    /// Days before today the record was last verified.
    pub verified_days_ago: i64,
}

fn partners_file() -> &'static PartnersFile {
    static FILE: LazyLock<PartnersFile> = LazyLock::new(|| parse("partners.json", PARTNERS));
    &FILE
}

/// Territory partners (реестр субъектов межведомственного взаимодействия).
pub fn partners() -> &'static [DemoPartner] {
    &partners_file().partners
}

// ---------------------------------------------------------------------------------------------
// districts.json

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistrictsFile {
    pub about: String,
    pub vertices: Vec<Vertex>,
    pub districts: Vec<DemoDistrict>,
}

/// A named point of the district boundaries; adjacent districts share them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vertex {
    pub name: String,
    pub lon: f64,
    pub lat: f64,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoDistrict {
    pub number: u8,
    /// The outer ring by vertex names, closed (the last equals the first).
    pub boundary: Vec<String>,
    pub population: u32,
    pub families_with_children: u32,
    pub large_families: u32,
    pub pensioners: u32,
    pub disabled: u32,
    pub svo_families: u32,
    pub infrastructure: String,
    /// Days before today the passport was last verified.
    pub verified_days_ago: i64,
}

impl DistrictsFile {
    /// A district's boundary as (lon, lat) points; `None` if it names an unknown vertex.
    pub fn ring(&self, district: &DemoDistrict) -> Option<Vec<(f64, f64)>> {
        district
            .boundary
            .iter()
            .map(|name| self.vertices.iter().find(|v| &v.name == name).map(|v| (v.lon, v.lat)))
            .collect()
    }
}

/// District passports and boundaries, numbers matching migrations/0002_districts.surql.
pub fn districts() -> &'static DistrictsFile {
    static FILE: LazyLock<DistrictsFile> = LazyLock::new(|| parse("districts.json", DISTRICTS));
    &FILE
}

// ---------------------------------------------------------------------------------------------
// donations.json

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DonationsFile {
    pub about: String,
    pub benefactors: Vec<DemoBenefactor>,
    pub beneficiaries: Vec<DemoBeneficiary>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoBenefactor {
    pub kind: BenefactorKind,
    pub name: String,
    pub contact: String,
    pub phone: String,
    /// Codes of kinds of help.
    pub help: Vec<String>,
    pub offer: String,
    pub districts: Vec<u8>,
}

/// A family waiting for a benefactor, named like «Семья Ивановых» — no personal data.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoBeneficiary {
    pub name: String,
    pub district: u8,
    pub members: u8,
    pub help: Vec<String>,
    pub need: String,
}

/// Benefactors (благотворители) and beneficiaries (благополучатели).
pub fn donations() -> &'static DonationsFile {
    static FILE: LazyLock<DonationsFile> = LazyLock::new(|| parse("donations.json", DONATIONS));
    &FILE
}

// ---------------------------------------------------------------------------------------------
// routes.json and visits.json

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoutesFile {
    pub about: String,
    pub situations: RouteSituations,
    pub diagnostic: Diagnostic,
    pub diagnostic_other: Diagnostic,
    pub results: Vec<String>,
    /// The result of an activity that was not achieved.
    pub not_achieved: String,
    pub control: String,
    pub conclusion: String,
    pub recommendations: String,
    pub recommendations_other: String,
}

/// The situations a demo plan finds, by router map or list of typical activities.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteSituations {
    pub participant: Vec<RouteSituation>,
    pub family: Vec<RouteSituation>,
    pub children: Vec<RouteSituation>,
    pub adults: Vec<RouteSituation>,
}

impl RouteSituations {
    /// Those of the map or list with `code`.
    pub fn of(&self, code: &str) -> &[RouteSituation] {
        match code {
            "participant" => &self.participant,
            "family" => &self.family,
            "children" => &self.children,
            "adults" => &self.adults,
            _ => &[],
        }
    }
}

/// A situation of a router map, what is known of it, and the numbers of its steps taken.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteSituation {
    pub situation: String,
    pub note: String,
    pub steps: Vec<usize>,
}

/// The resources of the family in the diagnostic map.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Diagnostic {
    pub personal: String,
    pub family: String,
    pub social: String,
    pub material: String,
}

/// What the demo ИППСУ hold: for families with children and for adults.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IppsuFile {
    pub about: String,
    pub children: IppsuTemplate,
    pub adults: IppsuTemplate,
    /// The institution's head, the executor of the demo contracts.
    pub executor: String,
    pub conclusion: String,
    pub recommendations: String,
}

/// The forms, services and measures of one kind of demo programme.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IppsuTemplate {
    pub forms: Vec<String>,
    pub services: Vec<IppsuService>,
    pub measures: Vec<IppsuMeasure>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IppsuService {
    pub kind: String,
    pub name: String,
    pub volume: String,
    pub periodicity: String,
    pub conditions: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IppsuMeasure {
    pub area: String,
    pub content: String,
}

pub fn ippsu() -> &'static IppsuFile {
    static FILE: LazyLock<IppsuFile> = LazyLock::new(|| parse("ippsu.json", IPPSU));
    &FILE
}

/// The demo session of the social consilium.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsiliumFile {
    pub about: String,
    pub chair: String,
    pub decisions: Vec<DemoDecision>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoDecision {
    pub decision: String,
    #[serde(default)]
    pub extend_days: i64,
    pub text: String,
}

pub fn consilium() -> &'static ConsiliumFile {
    static FILE: LazyLock<ConsiliumFile> = LazyLock::new(|| parse("consilium.json", CONSILIUM));
    &FILE
}

/// The demo inter-agency requests.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InquiriesFile {
    pub about: String,
    pub requests: Vec<DemoInquiry>,
}

/// One demo request: its text, whom it concerns (a case of a category, of a district) and where
/// it stands, in working days back from the seeding.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoInquiry {
    pub direction: String,
    /// Who registered it: `curator` (the case's curator), `dispatcher`, `supervisor`.
    pub by: String,
    /// The exact name of a partner of `partners.json` it is addressed to.
    #[serde(default)]
    pub partner: Option<String>,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub body_address: String,
    #[serde(default)]
    pub reference: String,
    pub essence: String,
    #[serde(default)]
    pub legal_basis: String,
    /// The period concerned: this many months up to the day of sending (0: none).
    #[serde(default)]
    pub period_months: u32,
    #[serde(default)]
    pub details: String,
    #[serde(default)]
    pub case_category: Option<String>,
    /// The number of the case's district, when it matters.
    #[serde(default)]
    pub case_district: Option<i64>,
    pub term: String,
    /// Working days after the sending the due day falls, for a term given by hand.
    #[serde(default)]
    pub manual_working_days: u32,
    /// `draft`, `sent` or `answered`.
    pub state: String,
    #[serde(default)]
    pub sent_working_days_ago: u32,
    pub way: String,
    #[serde(default)]
    pub answer_after_working_days: u32,
    #[serde(default)]
    pub answer: String,
}

pub fn inquiries() -> &'static InquiriesFile {
    static FILE: LazyLock<InquiriesFile> = LazyLock::new(|| parse("inquiries.json", INQUIRIES));
    &FILE
}

pub fn routes() -> &'static RoutesFile {
    static FILE: LazyLock<RoutesFile> = LazyLock::new(|| parse("routes.json", ROUTES));
    &FILE
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitsFile {
    pub about: String,
    pub purposes: Vec<String>,
}

pub fn visits() -> &'static VisitsFile {
    static FILE: LazyLock<VisitsFile> = LazyLock::new(|| parse("visits.json", VISITS));
    &FILE
}

/// The demo registry of «дворовый» social management.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EldersFile {
    pub about: String,
    /// People of each district's registry, districts 1 to 6.
    pub per_district: Vec<u32>,
    /// Share of people not yet reached this month.
    pub uncontacted_this_month: f64,
    pub months_of_contacts: u32,
    pub disabled_share: f64,
    /// Share of disabled people younger than the target age.
    pub young_disabled_share: f64,
    pub lives_with: Vec<LivesWith>,
    pub messengers: Vec<String>,
    pub marks: Vec<DemoMark>,
    pub contacts: Vec<DemoContact>,
    pub events: Vec<DemoEvent>,
    pub groups: Vec<DemoGroup>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoEvent {
    pub title: String,
    pub kind: app::elders::events::EventKind,
    #[serde(default)]
    pub topic: Option<app::elders::events::SafetyTopic>,
    pub day: u32,
    pub hour: u32,
    pub place: String,
    pub organiser: String,
    pub suits: Vec<app::elders::types::Interest>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoGroup {
    pub name: String,
    pub theme: app::elders::types::Interest,
    pub leader: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LivesWith {
    pub text: String,
    pub weight: u32,
    pub alone: bool,
    #[serde(default)]
    pub sex: Option<Sex>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoMark {
    pub group: app::elders::types::AttentionGroup,
    pub share: f64,
    pub notes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoContact {
    pub way: app::elders::types::ContactWay,
    pub purposes: Vec<app::elders::types::ContactPurpose>,
    pub weight: u32,
    pub result: String,
}

pub fn elders() -> &'static EldersFile {
    static FILE: LazyLock<EldersFile> = LazyLock::new(|| parse("elders.json", ELDERS));
    &FILE
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::cases::types::Stage;
    use std::collections::BTreeSet;

    /// The codes of the kinds of help the migrations create.
    fn help_kinds() -> BTreeSet<String> {
        let mut codes = BTreeSet::new();
        for (_, text) in crate::db::MIGRATIONS {
            for part in text.split("help_kind:").skip(1) {
                let code: String = part.chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
                if !code.is_empty() {
                    codes.insert(code);
                }
            }
        }
        codes
    }

    /// Panics with the repeated ones if `items` are not all different.
    fn unique<'a>(what: &str, items: impl IntoIterator<Item = &'a str>) {
        let mut seen = BTreeSet::new();
        let repeated: Vec<&str> = items.into_iter().filter(|i| !seen.insert(*i)).collect();
        assert!(repeated.is_empty(), "{what} repeated: {repeated:?}");
    }

    fn filled(what: &str, text: &str) {
        assert!(!text.trim().is_empty(), "{what} is empty");
    }

    fn span(what: &str, [from, to]: Span) {
        assert!(from <= to, "{what}: [{from}, {to}] runs backwards");
    }

    #[test]
    fn every_demo_file_is_built_in_and_parses() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .expect("server/data/demo")
            .map(|e| e.expect("an entry").file_name().to_string_lossy().to_string())
            .collect();
        on_disk.sort();
        let built_in: Vec<String> = FILES.iter().map(|(name, _)| name.to_string()).collect();
        assert_eq!(on_disk, built_in, "every file of server/data/demo is in FILES, and only those");
        for (name, text) in FILES {
            let value: serde_json::Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            let about = value.get("about").and_then(|a| a.as_str()).unwrap_or_default();
            assert!(about.len() > 40, "{name} says what it holds in «about»");
        }
        // Each file into its types.
        let _ = (people(), addresses(), staff(), journal(), cases(), partners(), districts(), donations());
        let _ = (routes(), visits(), ippsu(), consilium(), inquiries());
    }

    #[test]
    fn partners_are_complete_of_every_kind_and_leave_the_deliberate_gaps() {
        let help = help_kinds();
        let partners = partners();
        assert!(partners.len() >= 40, "{} partners", partners.len());
        unique("partner names", partners.iter().map(|p| p.name.as_str()));
        for p in partners {
            let what = &p.name;
            for (field, text) in [
                ("name", &p.name),
                ("description", &p.description),
                ("address", &p.address),
                ("contact_person", &p.contact_person),
                ("hours", &p.hours),
            ] {
                filled(&format!("{what}: {field}"), text);
            }
            assert!(p.address.starts_with("г. Югорск"), "{what}: {}", p.address);
            assert!(!p.phones.is_empty(), "{what} has a phone");
            for phone in &p.phones {
                assert!(
                    phone.len() == 12 && phone.starts_with("+7") && phone[1..].chars().all(|c| c.is_ascii_digit()),
                    "{what}: {phone}"
                );
            }
            assert!(p.email.is_empty() || p.email.contains('@'), "{what}: {}", p.email);
            assert!(p.website.is_empty() || p.website.starts_with("http"), "{what}: {}", p.website);
            assert!((61.2..61.4).contains(&p.lat) && (63.2..63.5).contains(&p.lon), "{what} is in Yugorsk");
            assert!(p.districts.iter().all(|d| (1..=6).contains(d)), "{what}: {:?}", p.districts);
            assert!(p.verified_days_ago >= 0, "{what}");
            assert!(!p.services.is_empty(), "{what} offers something");
            unique(&format!("services of {what}"), p.services.iter().map(|s| s.name.as_str()));
            for s in &p.services {
                filled(&format!("{what}: a service's name"), &s.name);
                filled(&format!("{what}: {}: description", s.name), &s.description);
                assert!(!s.help.is_empty(), "{what}: {} names its kinds of help", s.name);
                for h in &s.help {
                    assert!(help.contains(h), "{what}: {}: unknown kind of help {h}", s.name);
                }
            }
            if let Some(a) = &p.agreement {
                filled(&format!("{what}: agreement number"), &a.number);
                let date = chrono::NaiveDate::parse_from_str(&a.date, "%Y-%m-%d");
                assert!(date.is_ok(), "{what}: agreement date {}", a.date);
                if !a.until.is_empty() {
                    let until = chrono::NaiveDate::parse_from_str(&a.until, "%Y-%m-%d").expect("agreement until");
                    assert!(until > date.expect("a date"), "{what}: the agreement ends after it starts");
                }
            }
        }
        let missing: Vec<PartnerKind> = PartnerKind::ALL
            .iter()
            .copied()
            .filter(|k| *k != PartnerKind::Other && !partners.iter().any(|p| p.kind == *k))
            .collect();
        assert!(missing.is_empty(), "no partner of kinds {missing:?}");
        // District 6 has nobody for long-term care or leisure, and the whole town neither.
        for gap in ["long_term_care", "leisure"] {
            let covering: Vec<&str> = partners
                .iter()
                .filter(|p| p.districts.is_empty() || p.districts.contains(&6))
                .filter(|p| p.services.iter().any(|s| s.help.iter().any(|h| h == gap)))
                .map(|p| p.name.as_str())
                .collect();
            assert!(covering.is_empty(), "{gap} in district 6: {covering:?}");
        }
    }

    #[test]
    fn districts_are_the_six_with_closed_boundaries_and_some_overdue_passports() {
        let file = districts();
        unique("vertices", file.vertices.iter().map(|v| v.name.as_str()));
        for v in &file.vertices {
            assert!((61.2..61.4).contains(&v.lat) && (63.2..63.5).contains(&v.lon), "vertex {} is in Yugorsk", v.name);
        }
        let numbers: Vec<u8> = file.districts.iter().map(|d| d.number).collect();
        assert_eq!(numbers, vec![1, 2, 3, 4, 5, 6]);
        for d in &file.districts {
            let ring = file.ring(d).unwrap_or_else(|| panic!("district {}: an unknown vertex", d.number));
            assert!(ring.len() >= 4 && ring.first() == ring.last(), "district {}: a closed ring", d.number);
            filled(&format!("district {}: infrastructure", d.number), &d.infrastructure);
            assert!(d.population > d.families_with_children && d.families_with_children > d.large_families);
            assert!(d.population > d.pensioners && d.population > d.disabled && d.svo_families > 0);
        }
        assert_eq!(file.districts.iter().map(|d| d.population).sum::<u32>(), 38_000);
        assert!(file.districts.iter().filter(|d| d.verified_days_ago > 183).count() >= 2, "overdue passports");
        assert!(file.districts.iter().any(|d| d.verified_days_ago <= 183), "and passports in time");
    }

    #[test]
    fn benefactors_and_beneficiaries_are_complete() {
        let help = help_kinds();
        let file = donations();
        assert!(!file.benefactors.is_empty() && !file.beneficiaries.is_empty());
        unique("benefactors", file.benefactors.iter().map(|b| b.name.as_str()));
        unique("beneficiaries", file.beneficiaries.iter().map(|b| b.name.as_str()));
        for b in &file.benefactors {
            for (field, text) in [("contact", &b.contact), ("phone", &b.phone), ("offer", &b.offer)] {
                filled(&format!("{}: {field}", b.name), text);
            }
            assert!(!b.help.is_empty() && b.help.iter().all(|h| help.contains(h)), "{}: {:?}", b.name, b.help);
            assert!(b.districts.iter().all(|d| (1..=6).contains(d)), "{}", b.name);
            let town_or_six = b.districts.is_empty() || b.districts.contains(&6);
            assert!(
                !(town_or_six && b.help.iter().any(|h| h == "long_term_care" || h == "leisure")),
                "{} would close a deliberate gap of district 6",
                b.name
            );
        }
        for b in &file.beneficiaries {
            assert!(b.name.starts_with("Семья "), "{}: a family, no personal data", b.name);
            assert!((1..=6).contains(&b.district) && b.members >= 1, "{}", b.name);
            filled(&format!("{}: need", b.name), &b.need);
            assert!(!b.help.is_empty() && b.help.iter().all(|h| help.contains(h)), "{}: {:?}", b.name, b.help);
        }
    }

    #[test]
    fn names_are_unique_and_complete() {
        let file = people();
        unique("name sets", file.name_sets.iter().map(|s| s.code.as_str()));
        let shares: Vec<f64> = file.name_sets.iter().filter_map(|s| s.share).collect();
        assert!(!shares.is_empty() && shares.iter().all(|s| *s > 0.0), "the town's people have names: {shares:?}");
        assert!((shares.iter().sum::<f64>() - 1.0).abs() < 1e-9, "the shares make the whole town: {shares:?}");
        for (code, kind) in cases().kinds.iter().filter_map(|k| k.names.as_ref().map(|n| (n, k))) {
            assert!(file.name_sets.iter().any(|s| &s.code == code), "{:?}: no name set {code}", kind.categories);
        }
        for set in &file.name_sets {
            let code = &set.code;
            assert!(set.surnames.len() >= 10 && set.male_names.len() >= 8 && set.female_names.len() >= 8, "{code}");
            unique(&format!("{code}: surnames"), set.surnames.iter().map(|s| s.male.as_str()));
            unique(&format!("{code}: families"), set.surnames.iter().map(|s| s.family.as_str()));
            for s in &set.surnames {
                filled("a surname", &s.male);
                filled("a surname", &s.female);
                filled("a surname", &s.family);
            }
            unique(&format!("{code}: male names"), set.male_names.iter().map(|n| n.name.as_str()));
            unique(&format!("{code}: female names"), set.female_names.iter().map(|n| n.name.as_str()));
            for n in &set.male_names {
                assert!(n.son.ends_with("ич") && n.daughter.ends_with("на"), "{}: {} / {}", n.name, n.son, n.daughter);
                assert!(!n.born.is_empty(), "{}", n.name);
                n.born.iter().for_each(|b| span(&n.name, *b));
            }
            for n in &set.female_names {
                assert!(!n.born.is_empty(), "{}", n.name);
                n.born.iter().for_each(|b| span(&n.name, *b));
            }
            for n in &set.male_names {
                assert!(!set.female_names.iter().any(|f| f.name == n.name), "{} is not of both sexes", n.name);
            }
        }
        assert!(!file.mobile_codes.is_empty() && file.mobile_codes.iter().all(|c| (900..1000).contains(c)));
        assert!(file.landline_code.len() == 5 && file.landline_code.chars().all(|c| c.is_ascii_digit()));
    }

    #[test]
    fn every_district_has_its_own_streets() {
        let file = addresses();
        filled("town", &file.town);
        let numbers: Vec<i64> = file.districts.iter().map(|d| d.district).collect();
        assert_eq!(numbers, vec![1, 2, 3, 4, 5, 6]);
        unique("streets", file.districts.iter().flat_map(|d| d.streets.iter().map(String::as_str)));
        for d in &file.districts {
            assert!(d.streets.len() >= 3, "district {}", d.district);
            d.streets.iter().for_each(|s| filled("a street", s));
            span("houses", d.houses);
            span("flats", d.flats);
            assert!(d.houses[0] >= 1 && d.flats[0] >= 1);
            assert!((0.0..=1.0).contains(&d.private_houses), "district {}", d.district);
        }
    }

    #[test]
    fn the_demo_staff_has_every_role_and_a_caseworker_in_every_district() {
        let file = staff();
        unique("logins", file.users.iter().map(|u| u.login.as_str()));
        unique("staff names", file.users.iter().map(|u| u.full_name.as_str()));
        for role in Role::ALL {
            assert!(file.users.iter().any(|u| u.roles.contains(role)), "nobody is {role:?}");
        }
        for district in 1..=6 {
            assert!(
                file.users.iter().any(|u| u.roles.contains(&Role::Caseworker) && u.districts.contains(&district)),
                "district {district} has a caseworker"
            );
        }
        for u in &file.users {
            filled(&u.login, &u.full_name);
            filled(&u.login, &u.position);
            assert!(!u.roles.is_empty() && u.districts.iter().all(|d| (1..=6).contains(d)), "{}", u.login);
        }
        // The accounts the browser tests and the documentation sign in with.
        for login in ["admin", "petrova", "morozova", "sidorova"] {
            assert!(file.users.iter().any(|u| u.login == login), "{login}");
        }
        let dispatcher = file.users.iter().find(|u| u.login == "sidorova").expect("sidorova");
        assert_eq!(dispatcher.short_name(), "Сидорова Е. В.");
        assert!(file.password_words.len() >= 6);
        unique("password words", file.password_words.iter().map(String::as_str));
    }

    #[test]
    fn journal_scenarios_are_complete() {
        let file = journal();
        assert!(file.scenarios.len() >= 5 && !file.urgent.is_empty());
        unique(
            "summaries",
            file.scenarios
                .iter()
                .flat_map(|s| s.summaries.iter().map(Summary::text))
                .chain(file.urgent.iter().map(|u| u.summary.as_str())),
        );
        for s in &file.scenarios {
            assert!(!s.topics.is_empty() && !s.summaries.is_empty() && s.weight > 0, "{:?}", s.topics);
            s.summaries.iter().for_each(|t| filled("a summary", t.text()));
            filled("an answer", &s.answer);
        }
        for u in &file.urgent {
            filled(&u.summary, &u.detail);
        }
        filled("urgent answer", &file.urgent_answer);
        assert!(staff().users.iter().any(|u| u.roles.contains(&Role::Dispatcher)), "someone records hand-offs");
    }

    #[test]
    fn kinds_of_cases_are_complete_and_every_stage_has_cases() {
        let file = cases();
        assert!(file.kinds.len() >= 5);
        let citizen_keys = ["sex", "age", "women"];
        let family_keys = ["father", "children", "child_ages", "youngest"];
        // The makeup is flattened into kinds and notes, so unknown keys are looked for here.
        let raw: serde_json::Value = serde_json::from_str(CASES).expect("cases.json");
        for (kind, raw) in file.kinds.iter().zip(raw["kinds"].as_array().expect("kinds")) {
            let what = format!("{:?}", kind.categories);
            assert!(!kind.categories.is_empty() && kind.weight > 0 && !kind.notes.is_empty(), "{what}");
            if let Some(names) = &kind.names {
                assert!(people().name_sets.iter().any(|s| &s.code == names), "{what}: names {names}");
            }
            // A citizen's makeup on a citizen, a family's on a family.
            let allowed = |key: &str, base: &[&str]| {
                base.contains(&key)
                    || if kind.citizen { citizen_keys.contains(&key) } else { family_keys.contains(&key) }
            };
            for key in raw.as_object().expect("a kind").keys() {
                assert!(allowed(key, &["categories", "citizen", "weight", "names", "notes"]), "{what}: key «{key}»");
            }
            for note in raw["notes"].as_array().expect("notes") {
                for key in note.as_object().expect("a note").keys() {
                    assert!(allowed(key, &["text"]), "{what}: a note's key «{key}»");
                }
            }
            for note in &kind.notes {
                filled(&what, &note.text);
                let m = kind.makeup.refined(note.makeup);
                for (name, s) in
                    [("age", m.age), ("children", m.children), ("child_ages", m.child_ages), ("youngest", m.youngest)]
                {
                    if let Some(s) = s {
                        span(&format!("{what}: {name}"), s);
                    }
                }
                if let Some(ages) = m.child_ages {
                    assert!(ages[1] <= 17, "{what}: children are minors");
                }
                if let Some(children) = m.children {
                    assert!(children[0] >= 1, "{what}: a family has a child");
                }
                if let Some(women) = m.women {
                    assert!((0.0..=1.0).contains(&women), "{what}");
                }
            }
        }
        let stages: Vec<Stage> = file.stages.iter().map(|s| s.stage).collect();
        assert_eq!(stages, Stage::ALL.to_vec(), "every stage, in order");
        assert!(file.stages.iter().all(|s| s.share > 0), "cases in every stage");
        assert_eq!(file.stages.iter().map(|s| s.share).sum::<u32>(), 100);
        assert!(!file.closing.family.is_empty() && !file.closing.citizen.is_empty());
    }

    #[test]
    fn demo_routes_name_situations_and_steps_of_the_router_maps() {
        let maps: Vec<app::router_maps::types::DefaultMap> =
            serde_json::from_str(crate::db::DEFAULT_ROUTER_MAPS).expect("router_maps.json");
        let file = routes();
        for (code, picks) in [("participant", &file.situations.participant), ("family", &file.situations.family)] {
            let map = maps.iter().find(|m| m.code == code).unwrap_or_else(|| panic!("map {code}"));
            assert!(picks.len() >= 2, "{code}");
            for pick in picks {
                let situation = map
                    .situations
                    .iter()
                    .find(|s| s.id == pick.situation)
                    .unwrap_or_else(|| panic!("{code}: no situation {}", pick.situation));
                filled(&pick.situation, &pick.note);
                assert!(!pick.steps.is_empty(), "{}", pick.situation);
                for n in &pick.steps {
                    let step = format!("{}-{n}", pick.situation);
                    assert!(situation.steps.iter().any(|s| s.id == step), "{code}: no step {step}");
                }
            }
        }
        assert!(!file.results.is_empty());
        for text in [&file.control, &file.conclusion, &file.recommendations, &file.diagnostic.personal] {
            filled("a route text", text);
        }
        assert!(!visits().purposes.is_empty());
        let registry = elders();
        assert_eq!(registry.per_district.len(), 6, "a registry for each of the six districts");
        assert!((0.0..1.0).contains(&registry.uncontacted_this_month));
        assert!(!registry.contacts.is_empty() && !registry.lives_with.is_empty() && !registry.messengers.is_empty());
        assert!(registry.events.iter().all(|e| (1..=28).contains(&e.day) && (8..=20).contains(&e.hour)));
        assert!(registry.events.iter().any(|e| e.topic.is_some()), "a safety school in the month");
        assert!(!registry.groups.is_empty());
        for c in &registry.contacts {
            filled("a contact's result", &c.result);
            assert!(!c.purposes.is_empty());
        }
        unique("visit purposes", visits().purposes.iter().map(String::as_str));
    }
}
