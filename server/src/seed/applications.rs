//! Demo applications: every demo case past the first stage came with an application for
//! social services, registered in the journal on the day the case began (a case detected on a
//! round gets it a few days later), received by its curator or the dispatch desk; and a few
//! families applied this week whose cases are not open yet — the work at the top of the journal.

use super::common::{working_moment_on, DemoStaff};
use super::data;
use app::applications::repo::{import, ImportApplication};
use app::applications::types::{ApplicantKind, ApplicationMember};
use app::applications::validate::ValidApplication;
use app::cases::types::{Category, Member, Relation, Source};
use app::db::Db;
use app::error::AppResult;
use app::social_services::{ServiceKind, SupportArea};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::Rng;
use serde::Deserialize;

/// Authorities that file applications in a citizen's interest.
const AUTHORITIES: &[&str] = &[
    "Управление социальной защиты населения, опеки и попечительства по г. Югорску",
    "Комиссия по делам несовершеннолетних и защите их прав администрации г. Югорска",
    "БУ ХМАО – Югры «Югорская городская больница»",
    "МБОУ «Средняя общеобразовательная школа № 2» г. Югорска",
];

/// The kinds of social services a case of these categories usually asks for.
fn services_for(categories: &[Category]) -> Vec<ServiceKind> {
    use Category::*;
    let has = |c: Category| categories.contains(&c);
    let mut s = if has(Elderly) || has(Disabled) {
        vec![ServiceKind::Household, ServiceKind::Medical]
    } else if has(DisabledChild) {
        vec![ServiceKind::Medical, ServiceKind::Communication, ServiceKind::Psychological]
    } else if has(SvoFamily) || has(SvoParticipant) {
        vec![ServiceKind::Psychological, ServiceKind::Legal, ServiceKind::Labour]
    } else if has(Homeless) || has(Released) || has(Dependent) {
        vec![ServiceKind::Urgent, ServiceKind::Household, ServiceKind::Legal, ServiceKind::Labour]
    } else {
        vec![ServiceKind::Psychological, ServiceKind::Pedagogical, ServiceKind::Legal]
    };
    s.sort();
    s
}

fn relation_words(relation: Relation) -> &'static str {
    match relation {
        Relation::Spouse => "супруг",
        Relation::Son => "сын",
        Relation::Daughter => "дочь",
        Relation::Child => "сын, дочь",
        Relation::Parent => "мать, отец",
        Relation::Grandparent => "бабушка, дедушка",
        Relation::Grandchild => "внук, внучка",
        Relation::Sibling => "брат, сестра",
        Relation::Guardian => "опекун",
        Relation::Ward => "подопечный",
        Relation::Applicant | Relation::Other => "член семьи",
    }
}

/// The family members of an application: everyone but the applicant, each with the help a
/// person of that age and category is usually in need of.
fn members_of(members: &[Member], today: NaiveDate) -> Vec<ApplicationMember> {
    members
        .iter()
        .filter(|m| m.relation != Relation::Applicant)
        .map(|m| {
            let child = m.age_on(today).is_some_and(|a| a < 18);
            let mut help = if m.categories.contains(&Category::DisabledChild) {
                vec![SupportArea::Medical, SupportArea::Pedagogical]
            } else if child {
                vec![SupportArea::Psychological, SupportArea::Pedagogical]
            } else if m.categories.contains(&Category::SvoParticipant) {
                vec![SupportArea::Medical, SupportArea::Legal]
            } else {
                vec![SupportArea::Social]
            };
            help.sort();
            ApplicationMember {
                full_name: m.full_name.clone(),
                relation: relation_words(m.relation).to_string(),
                birth_date: m.birth_date,
                help,
                help_detail: None,
            }
        })
        .collect()
}

#[derive(Deserialize)]
struct CaseRow {
    id: String,
    members: Vec<Member>,
    categories: Vec<Category>,
    address: String,
    district: Option<String>,
    phone: Option<String>,
    notes: String,
    detected_on: NaiveDate,
    source: Source,
    curator: Option<String>,
}

/// Registers the demo applications: one for every case past the appeal, five of families whose
/// cases are still to be opened; answers how many.
pub async fn seed_applications(db: &Db, rng: &mut StdRng, staff: &DemoStaff, now: DateTime<Utc>) -> AppResult<usize> {
    let count = seed_applications_limited(db, rng, staff, now, i64::MAX as usize, 5).await?;
    app::cases::repo::recompute_deadlines(db, &app::cases::repo::calendar(db).await?).await?;
    Ok(count)
}

/// Registers the applications of at most `limit` cases past the appeal that have none (in the
/// order of their numbers), and `fresh` applications without a case yet; answers how many.
/// The cases' clocks of the ИППСУ proposals count from them once their deadlines are computed
/// again (`recompute_deadlines`), which the caller does once after all batches.
pub async fn seed_applications_limited(
    db: &Db,
    rng: &mut StdRng,
    staff: &DemoStaff,
    now: DateTime<Utc>,
    limit: usize,
    fresh: usize,
) -> AppResult<usize> {
    let today = app::time::local_today(now);
    let calendar = app::cases::repo::calendar(db).await?;
    let mut response = db
        .query(
            "SELECT record::id(id) AS id, members, categories, address, record::id(district) AS district, phone, notes,
                 detected_on, source, record::id(curator) AS curator
             FROM case_file WHERE stage != 'appeal' AND application = NONE ORDER BY year, number LIMIT $limit",
        )
        .bind(("limit", limit.min(i64::MAX as usize) as i64))
        .await?
        .check()?;
    let cases: Vec<CaseRow> = app::db::take_rows(&mut response, 0)?;
    let receiver = |curator: &Option<String>| {
        staff
            .caseworkers
            .iter()
            .map(|(_, u)| u)
            .find(|u| Some(&u.id) == curator.as_ref())
            .unwrap_or(&staff.dispatcher)
            .clone()
    };
    let mut items = Vec::new();
    for case in cases {
        let Some(citizen) = case.members.iter().find(|m| m.relation == Relation::Applicant).or(case.members.first())
        else {
            continue;
        };
        let received_on = if case.source == Source::Round {
            calendar.add_working_days(case.detected_on, rng.random_range(1..3)).min(today)
        } else {
            case.detected_on
        };
        let by_authority = case.source == Source::Agency;
        let received_by = receiver(&case.curator);
        items.push(ImportApplication {
            application: ValidApplication {
                received_on,
                received_by: received_by.id.clone(),
                applicant_kind: if by_authority { ApplicantKind::Organisation } else { ApplicantKind::Citizen },
                applicant_name: None,
                organisation: by_authority.then(|| AUTHORITIES.choose(rng).unwrap_or(&AUTHORITIES[0]).to_string()),
                applicant_phone: case.phone.clone(),
                citizen_name: citizen.full_name.clone(),
                citizen_birth_date: citizen.birth_date,
                address: case.address.clone(),
                district: case.district.clone(),
                services: services_for(&case.categories),
                members: members_of(&case.members, today),
                circumstances: case.notes.clone(),
                consent_on: received_on,
            },
            receiver_name: received_by.full_name.clone(),
            case: Some(case.id.clone()),
            created_at: working_moment_on(received_on, rng).min(now),
        });
    }
    // Families who applied in the last days; their cases are still to be opened.
    let file = data::cases();
    let family_kinds: Vec<&data::Kind> = file.kinds.iter().filter(|k| !k.citizen).collect();
    for n in 0..fresh as u32 {
        let Some(kind) = family_kinds.choose(rng) else { break };
        let Some(note) = kind.notes.choose(rng) else { continue };
        let household = super::cases::household(rng, kind, note, today);
        let Some(citizen) = household.members.first() else { continue };
        let district = rng.random_range(1..=6);
        let received_on = calendar.add_working_days(today - Duration::days(7), n).min(today);
        let received_by = staff
            .caseworkers
            .iter()
            .find(|(d, _)| *d == district)
            .map(|(_, u)| u.clone())
            .unwrap_or_else(|| staff.dispatcher.clone());
        items.push(ImportApplication {
            application: ValidApplication {
                received_on,
                received_by: received_by.id.clone(),
                applicant_kind: ApplicantKind::Citizen,
                applicant_name: None,
                organisation: None,
                applicant_phone: Some(super::people::mobile_phone(rng)),
                citizen_name: citizen.full_name.clone(),
                citizen_birth_date: citizen.birth_date,
                address: super::people::address(rng, district),
                district: Some(format!("d{district}")),
                services: services_for(&kind.categories),
                members: members_of(&household.members, today),
                circumstances: note.text.clone(),
                consent_on: received_on,
            },
            receiver_name: received_by.full_name.clone(),
            case: None,
            created_at: working_moment_on(received_on, rng).min(now),
        });
    }
    import(db, &staff.dispatcher, items).await
}
