//! Demo cases: families and citizens of Yugorsk in every stage, curated by the caseworkers of
//! their districts, with stage histories, consent, plans — and some clocks already overdue, as
//! in any living department on a Monday morning. The kinds of family and what their files say
//! are in `cases.json`; each family is made up as its note describes it.

use super::common::{in_span, pick_within, working_moment_on, DemoStaff};
use super::data::{self, Kind, Note, Sex};
use super::people::{self, FamilyPlan, Person};
use app::auth::CurrentUser;
use app::cases::clocks::Reached;
use app::cases::repo::{import, EventContent, ImportCase};
use app::cases::types::{CaseKind, Category, Member, Relation, Source, Stage};
use app::cases::validate::ValidCase;
use app::db::Db;
use app::error::AppResult;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::Rng;

/// Builds `count` demo cases (deterministic for a given generator) and loads them.
pub async fn seed_cases(
    db: &Db,
    rng: &mut StdRng,
    staff: &DemoStaff,
    count: usize,
    now: DateTime<Utc>,
) -> AppResult<usize> {
    seed_cases_with(db, rng, staff, count, now, 0).await
}

/// The weight of a kind of family: `svo_extra` more for the families of СВО participants and the
/// participants themselves, for a region where they are a large part of the work.
fn kind_weight(kind: &Kind, svo_extra: u32) -> u32 {
    let svo = kind.categories.iter().any(|c| matches!(c, Category::SvoFamily | Category::SvoParticipant));
    kind.weight + if svo { svo_extra } else { 0 }
}

/// The members of a demo case and its title.
#[derive(Debug, Clone)]
pub struct Household {
    pub title: String,
    pub members: Vec<Member>,
    /// The code of the name set the members' names are of.
    pub names: &'static str,
}

fn member(person: &Person, relation: Relation, categories: Vec<Category>) -> Member {
    Member { full_name: person.full_name(), birth_date: Some(person.born), relation, categories }
}

/// Who is in a case of this kind, as its note describes them. A citizen alone is the applicant;
/// a family's applicant is the mother, her husband is the spouse (in the zone of СВО for the
/// family of a participant), and each child is a son or a daughter.
pub fn household(rng: &mut StdRng, kind: &Kind, note: &Note, today: NaiveDate) -> Household {
    let makeup = kind.makeup.refined(note.makeup);
    let set = match &kind.names {
        Some(code) => data::name_set(code),
        None => people::town_set(rng),
    };
    let names = set.code.as_str();
    if kind.citizen {
        let sex = makeup.sex.unwrap_or_else(|| {
            if rng.random_bool(makeup.women.unwrap_or(0.3).clamp(0.0, 1.0)) {
                Sex::Female
            } else {
                Sex::Male
            }
        });
        let person = people::citizen(rng, set, sex, makeup.age.unwrap_or([19, 52]), today);
        let applicant = member(&person, Relation::Applicant, kind.categories.clone());
        return Household { title: applicant.full_name.clone(), members: vec![applicant], names };
    }
    let child_ages = makeup.child_ages.unwrap_or([0, 17]);
    let plan = FamilyPlan {
        father: makeup.father.unwrap_or_else(|| rng.random_bool(0.65)),
        children: in_span(rng, makeup.children.unwrap_or([1, 2])).max(1),
        child_ages,
        youngest: makeup.youngest.unwrap_or(child_ages),
    };
    let family = people::family(rng, set, plan, today);
    let mut members = vec![member(&family.mother, Relation::Applicant, vec![])];
    if let Some(father) = &family.father {
        let categories =
            if kind.categories.contains(&Category::SvoFamily) { vec![Category::SvoParticipant] } else { vec![] };
        members.push(member(father, Relation::Spouse, categories));
    }
    for (n, child) in family.children.iter().enumerate() {
        let relation = match child.sex {
            Sex::Male => Relation::Son,
            Sex::Female => Relation::Daughter,
        };
        let categories = if n == 0 && kind.categories.contains(&Category::DisabledChild) {
            vec![Category::DisabledChild]
        } else {
            vec![]
        };
        members.push(member(child, relation, categories));
    }
    Household { title: format!("Семья {}", family.surname.family), members, names }
}

/// [`seed_cases`] with `svo_extra` added to the weight of each of the two СВО kinds (18 of the
/// 77 weight points in the demo).
pub async fn seed_cases_with(
    db: &Db,
    rng: &mut StdRng,
    staff: &DemoStaff,
    count: usize,
    now: DateTime<Utc>,
    svo_extra: u32,
) -> AppResult<usize> {
    let calendar = app::cases::repo::calendar(db).await?;
    let today = app::time::local_today(now);
    let file = data::cases();
    let total_kinds: u32 = file.kinds.iter().map(|k| kind_weight(k, svo_extra)).sum();
    let total_stages: u32 = file.stages.iter().map(|s| s.share).sum();
    let svo_kinds: Vec<&Kind> = file.kinds.iter().filter(|k| kind_weight(k, 1) > k.weight).collect();
    let mut routes_shown = 0;
    let mut cases = Vec::with_capacity(count);
    for i in 0..count {
        // Stages in proportion, deterministic by position.
        let mut slot = (i as u32 * total_stages / count.max(1) as u32) % total_stages.max(1);
        let stage = file
            .stages
            .iter()
            .find(|s| {
                if slot < s.share {
                    true
                } else {
                    slot -= s.share;
                    false
                }
            })
            .map(|s| s.stage)
            .unwrap_or(Stage::Intake);
        let mut kind = pick_within(rng, &file.kinds, |k| kind_weight(k, svo_extra), total_kinds);
        let mut district = rng.random_range(1..=6i64);
        // Every district shows a route under way: its first case in implementation is of a СВО
        // family or participant, taken in turns.
        if stage == Stage::Implementation && routes_shown < 6 && !svo_kinds.is_empty() {
            kind = svo_kinds[routes_shown % svo_kinds.len()];
            routes_shown += 1;
            district = routes_shown as i64;
        }
        let of_district: Vec<&CurrentUser> =
            staff.caseworkers.iter().filter(|(d, _)| *d == district).map(|(_, u)| u).collect();
        let curator = of_district.choose(rng).map(|u| (*u).clone());

        // Days in the past, by stage, so that some clocks run out.
        let back = match stage {
            Stage::Appeal => rng.random_range(0..4),
            Stage::Intake => rng.random_range(0..9),
            Stage::Assessment => rng.random_range(4..13),
            Stage::Plan => rng.random_range(8..30),
            Stage::Implementation => rng.random_range(30..160),
            Stage::Evaluation => rng.random_range(90..240),
            Stage::Closed => rng.random_range(60..330),
        };
        let detected_on = today - Duration::days(back);
        let steps = Stage::ALL.iter().position(|s| *s == stage).unwrap_or(0);
        // The day each stage was reached, spread between detection and today.
        let mut reached = Reached::new();
        let mut day = detected_on;
        let span = (today - detected_on).num_days().max(1);
        for (n, s) in Stage::ALL.iter().take(steps + 1).enumerate() {
            if n > 0 {
                let share = span * n as i64 / (steps as i64 + 1);
                let mut next = detected_on + Duration::days(share.max(1)).min(Duration::days(span));
                // Intake is usually reached at once; the 3-day clock is mostly kept.
                if *s == Stage::Intake {
                    next = detected_on + Duration::days(rng.random_range(0..2));
                }
                if *s == Stage::Assessment && stage != Stage::Assessment {
                    next = calendar.add_working_days(detected_on, rng.random_range(1..4));
                }
                day = next.max(day).min(today);
            }
            reached.insert(*s, day);
        }
        let mut plan_approved_on = None;
        if stage.index() > Stage::Plan.index() || (stage == Stage::Plan && rng.random_bool(0.5)) {
            let plan_day = reached.get(&Stage::Plan).copied().unwrap_or(today);
            let approved = if stage == Stage::Plan {
                plan_day + Duration::days(rng.random_range(0..6))
            } else {
                plan_day + Duration::days(rng.random_range(0..3))
            };
            let approved = approved.min(today);
            plan_approved_on = Some(approved);
            if let Some(start) = reached.get_mut(&Stage::Implementation) {
                if *start < approved {
                    *start = calendar.add_working_days(approved, rng.random_range(2..12)).min(today);
                }
            }
        }
        let need_recognised_on =
            (stage.index() > Stage::Assessment.index()).then(|| reached.get(&Stage::Plan).copied().unwrap_or(today));

        let note = kind.notes.choose(rng).expect("a kind has notes");
        let Household { title, members, .. } = household(rng, kind, note, today);
        let has_curator = stage != Stage::Appeal;
        let consent = stage.index() >= Stage::Intake.index() && (stage != Stage::Intake || rng.random_bool(0.7));
        let case = ValidCase {
            kind: if kind.citizen { CaseKind::Citizen } else { CaseKind::Family },
            title,
            categories: {
                let mut c: Vec<Category> = kind.categories.clone();
                for m in &members {
                    for x in &m.categories {
                        if !c.contains(x) {
                            c.push(*x);
                        }
                    }
                }
                c.sort();
                c
            },
            members,
            address: people::address(rng, district),
            district: Some(format!("d{district}")),
            phone: Some(people::mobile_phone(rng)),
            consent,
            consent_date: consent.then(|| reached.get(&Stage::Intake).copied().unwrap_or(detected_on)),
            curator: if has_curator { curator.as_ref().map(|u| u.id.clone()) } else { None },
            source: *[Source::Journal, Source::Journal, Source::Agency, Source::Round, Source::Personal]
                .choose(rng)
                .unwrap_or(&Source::Journal),
            source_detail: None,
            journal_entry: None,
            application: None,
            notes: note.text.clone(),
            detected_on,
            need_recognised_on,
            plan_approved_on,
        };

        // The history: created by the dispatcher, then each move by the curator (closing by the
        // supervisor, with the conclusion).
        let curator_user = curator.clone().unwrap_or_else(|| staff.supervisor.clone());
        let closing = if kind.citizen { &file.closing.citizen } else { &file.closing.family };
        let mut events = Vec::new();
        let mut previous: Option<Stage> = None;
        for s in Stage::ALL.iter().take(steps + 1) {
            let day = reached.get(s).copied().unwrap_or(detected_on);
            let (who, comment) = match s {
                Stage::Appeal => (staff.dispatcher.clone(), None),
                Stage::Intake => (staff.supervisor.clone(), None),
                Stage::Closed => (staff.supervisor.clone(), closing.choose(rng).map(String::as_str)),
                _ => (curator_user.clone(), None),
            };
            events.push((working_moment_on(day, rng), who, EventContent::moved(previous, *s, comment)));
            previous = Some(*s);
        }
        let created_at = events.first().map(|e| e.0).unwrap_or(now);
        let stage_since = events.last().map(|e| e.0).unwrap_or(now).min(now);
        cases.push(ImportCase { case, stage, stage_since, reached, created_at: created_at.min(now), events });
    }
    import(db, &staff.dispatcher, cases, &calendar).await
}

/// Links the newest journal entries that ended in «case opened» to demo cases still at the
/// start, so that a case shows the appeal it came from; the cases' clocks then count from it.
pub async fn link_journal_entries(db: &Db) -> AppResult<()> {
    use serde::Deserialize;
    use surrealdb::types::RecordId;
    #[derive(Deserialize)]
    struct Entry {
        id: String,
        received_at: DateTime<Utc>,
    }
    let mut response = db
        .query(
            "SELECT record::id(id) AS id, received_at FROM journal_entry WHERE outcome = 'case_opened' AND case = NONE ORDER BY rev_key LIMIT 8;
             SELECT VALUE record::id(id) FROM case_file WHERE stage IN ['appeal', 'intake'] AND journal_entry = NONE ORDER BY board_key LIMIT 8;",
        )
        .await?
        .check()?;
    let entries: Vec<Entry> = app::db::take_rows(&mut response, 0)?;
    let cases: Vec<String> = response.take(1)?;
    for (entry, case) in entries.into_iter().zip(cases) {
        let detected = app::time::local_today(entry.received_at).format("%Y-%m-%d").to_string();
        db.query(
            "UPDATE $entry SET case = $case;
             UPDATE $case SET journal_entry = $entry, source = 'journal', detected_on = $detected,
                 reached = array::map(reached, |$r| IF $r.stage = 'appeal' THEN { stage: 'appeal', on: $detected } ELSE $r END);",
        )
        .bind(("entry", RecordId::new("journal_entry", entry.id)))
        .bind(("case", RecordId::new("case_file", case)))
        .bind(("detected", detected))
        .await?
        .check()?;
    }
    let calendar = app::cases::repo::calendar(db).await?;
    app::cases::repo::recompute_deadlines(db, &calendar).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::data::{given_in, MaleName, NameSet};
    use rand::SeedableRng;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).expect("a day")
    }

    /// (surname, first name, patronymic) of «Кузнецова Анна Романовна».
    fn parts(full_name: &str) -> (&str, &str, &str) {
        let words: Vec<&str> = full_name.split(' ').collect();
        assert_eq!(words.len(), 3, "«{full_name}» is a surname, a first name and a patronymic");
        (words[0], words[1], words[2])
    }

    fn male<'a>(set: &'a NameSet, name: &str) -> Option<&'a MaleName> {
        set.male_names.iter().find(|n| n.name == name)
    }

    fn is_female(set: &NameSet, name: &str) -> bool {
        set.female_names.iter().any(|n| n.name == name)
    }

    /// Whether `later` is at least `years` full years after `earlier`.
    fn years_apart(earlier: NaiveDate, later: NaiveDate, years: u32) -> bool {
        people::years_before(later, years) >= earlier
    }

    /// Every kind and note of `cases.json`, many times over.
    fn households() -> Vec<(&'static Kind, &'static Note, Household)> {
        let mut rng = StdRng::seed_from_u64(2026);
        let mut out = Vec::new();
        for kind in &data::cases().kinds {
            for note in &kind.notes {
                for _ in 0..150 {
                    out.push((kind, note, household(&mut rng, kind, note, today())));
                }
            }
        }
        out
    }

    #[test]
    fn demo_families_are_coherent() {
        let mut fathers = 0;
        let mut mothers_alone = 0;
        let (mut siblings, mut twins) = (0, 0);
        for (kind, note, household) in households() {
            let set = data::name_set(household.names);
            let members = &household.members;
            let context = format!("{}: {:#?}", note.text, members);
            assert!(members.iter().all(|m| m.birth_date.is_some_and(|b| b <= today())), "{context}");
            if kind.citizen {
                assert_eq!(members.len(), 1, "{context}");
                assert_eq!(members[0].relation, Relation::Applicant, "{context}");
                assert_eq!(household.title, members[0].full_name);
                continue;
            }
            let surname = set
                .surnames
                .iter()
                .find(|s| household.title == format!("Семья {}", s.family))
                .unwrap_or_else(|| panic!("the title «{}» is of a surname of the set", household.title));
            let mother = &members[0];
            assert_eq!(mother.relation, Relation::Applicant, "{context}");
            let (mother_surname, mother_name, mother_patronymic) = parts(&mother.full_name);
            assert_eq!(mother_surname, surname.female, "the mother has the family name, feminine: {context}");
            assert!(is_female(set, mother_name), "{context}");
            assert!(mother_patronymic.ends_with("на"), "{context}");
            let father = members.iter().find(|m| m.relation == Relation::Spouse);
            if let Some(father) = father {
                fathers += 1;
                let (father_surname, father_name, father_patronymic) = parts(&father.full_name);
                assert_eq!(father_surname, surname.male, "{context}");
                assert!(male(set, father_name).is_some(), "{context}");
                assert!(father_patronymic.ends_with("ич"), "{context}");
                assert_eq!(
                    father.categories.contains(&Category::SvoParticipant),
                    kind.categories.contains(&Category::SvoFamily),
                    "{context}"
                );
            } else {
                mothers_alone += 1;
            }
            let makeup = kind.makeup.refined(note.makeup);
            if let Some(wanted) = makeup.father {
                assert_eq!(father.is_some(), wanted, "{context}");
            }
            let children: Vec<&Member> = members
                .iter()
                .filter(|m| m.relation != Relation::Applicant && m.relation != Relation::Spouse)
                .collect();
            assert!(!children.is_empty(), "a family has children: {context}");
            assert_eq!(members.len(), 1 + usize::from(father.is_some()) + children.len(), "{context}");
            if let Some([from, to]) = makeup.children {
                assert!((from as usize..=to as usize).contains(&children.len()), "{context}");
            }
            let mut previous: Option<NaiveDate> = None;
            for (n, child) in children.iter().enumerate() {
                let (child_surname, child_name, child_patronymic) = parts(&child.full_name);
                let born = child.birth_date.expect("born");
                let age = child.age_on(today()).expect("an age");
                assert!(age <= 17, "a child is a minor: {context}");
                let youngest = n + 1 == children.len();
                let ages = if youngest { makeup.youngest.or(makeup.child_ages) } else { makeup.child_ages };
                if let Some([from, to]) = ages {
                    assert!((from..=to).contains(&age), "{age} of {from}–{to}: {context}");
                }
                // Eldest first, ten months or more apart, or twins.
                if let Some(elder) = previous {
                    assert!(elder == born || (born - elder).num_days() >= 300, "{context}");
                    if elder == born {
                        twins += 1;
                    }
                    siblings += 1;
                }
                previous = Some(born);
                match child.relation {
                    Relation::Son => {
                        assert_eq!(child_surname, surname.male, "a son has the masculine form: {context}");
                        assert!(male(set, child_name).is_some(), "{context}");
                    }
                    Relation::Daughter => {
                        assert_eq!(child_surname, surname.female, "a daughter has the feminine form: {context}");
                        assert!(is_female(set, child_name), "{context}");
                    }
                    other => panic!("a child is a son or a daughter, not {other:?}: {context}"),
                }
                let sex = if child.relation == Relation::Son { Sex::Male } else { Sex::Female };
                match father {
                    Some(father) => {
                        let (_, father_name, _) = parts(&father.full_name);
                        let name = male(set, father_name).expect("the father's name");
                        assert_eq!(child_patronymic, name.patronymic(sex), "the father's patronymic: {context}");
                    }
                    None => assert!(
                        set.male_names.iter().any(|n| n.patronymic(sex) == child_patronymic),
                        "a patronymic of the child's sex: {context}"
                    ),
                }
                assert!(
                    years_apart(mother.birth_date.expect("born"), born, 18),
                    "the mother is 18 or more years older: {context}"
                );
                if let Some(father) = father {
                    assert!(years_apart(father.birth_date.expect("born"), born, 18), "{context}");
                }
                // Names of the child's generation.
                let year = chrono::Datelike::year(&born);
                let born_list = match sex {
                    Sex::Male => &male(set, child_name).expect("a name").born,
                    Sex::Female => &set.female_names.iter().find(|n| n.name == child_name).expect("a name").born,
                };
                assert!(given_in(born_list, year), "{child_name} for a child born in {year}: {context}");
            }
            let names: Vec<&str> = children.iter().map(|c| parts(&c.full_name).1).collect();
            let mut unique = names.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), names.len(), "siblings have different names: {context}");
        }
        assert!(fathers > 0 && mothers_alone > 0, "families with a father and mothers alone");
        assert!(twins * 50 <= siblings, "twins are rare: {twins} of {siblings} siblings");
    }

    #[test]
    fn demo_citizens_agree_with_their_notes() {
        for (kind, note, household) in households().into_iter().filter(|(k, _, _)| k.citizen) {
            let makeup = kind.makeup.refined(note.makeup);
            let set = data::name_set(household.names);
            let citizen = &household.members[0];
            let (_, first_name, patronymic) = parts(&citizen.full_name);
            if let Some(sex) = makeup.sex {
                let female = is_female(set, first_name);
                assert_eq!(female, sex == Sex::Female, "{}: {}", note.text, citizen.full_name);
                assert_eq!(patronymic.ends_with("на"), female, "{}", citizen.full_name);
            }
            if let Some([from, to]) = makeup.age {
                let age = citizen.age_on(today()).expect("an age");
                assert!((from..=to).contains(&age), "{age}: {}", note.text);
            }
            assert_eq!(citizen.categories, kind.categories);
        }
    }
}
