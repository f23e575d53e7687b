//! Demo cases: families and citizens of Yugorsk in every stage, curated by the caseworkers of
//! their districts, with stage histories, consent, plans — and some clocks already overdue, as
//! in any living department on a Monday morning.

use app::auth::CurrentUser;
use app::cases::clocks::Reached;
use app::cases::repo::{import, EventContent, ImportCase};
use app::cases::types::{CaseKind, Category, Member, Relation, Source, Stage};
use app::cases::validate::ValidCase;
use app::db::Db;
use app::error::AppResult;
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::Rng;

/// One kind of family the department works with.
struct Kind {
    categories: &'static [Category],
    notes: &'static [&'static str],
    citizen: bool,
    weight: u32,
}

const KINDS: &[Kind] = &[
    Kind {
        categories: &[Category::FamilyWithChildren, Category::LargeFamily, Category::DifficultSituation],
        notes: &[
            "Отец потерял работу в октябре, задолженность за коммунальные услуги 3 месяца. Нужна консультация по социальному контракту и продуктовые наборы.",
            "Многодетная семья, трое детей школьного возраста, мать в декретном отпуске с младшим. Просят помощь с одеждой к зиме.",
        ],
        citizen: false,
        weight: 14,
    },
    Kind {
        categories: &[Category::FamilyWithChildren, Category::DangerousPosition, Category::Dependent],
        notes: &[
            "Сигнал из школы: дети приходят голодными, мать злоупотребляет алкоголем. Совместный выход с КДНиЗП и опекой.",
            "Семья состоит на учёте в КДНиЗП, в квартире антисанитария. Нужен план реабилитации и контроль посещения школы.",
        ],
        citizen: false,
        weight: 10,
    },
    Kind {
        categories: &[Category::SvoFamily, Category::FamilyWithChildren],
        notes: &[
            "Муж в зоне СВО. Частный дом, нужна помощь с заготовкой дров и расчисткой снега. Дети — запись в кружки бесплатно.",
            "Жена участника СВО одна с двумя детьми, просит место в детском саду и психологическую поддержку старшему сыну.",
        ],
        citizen: false,
        weight: 10,
    },
    Kind {
        categories: &[Category::SvoParticipant, Category::Disabled],
        notes: &[
            "Вернулся после ранения, нужно направление на МСЭ, технические средства реабилитации и консультация по выплатам.",
            "Участник СВО после госпиталя: переобучение через центр занятости, путёвка в санаторий через фонд «Защитники Отечества».",
        ],
        citizen: true,
        weight: 8,
    },
    Kind {
        categories: &[Category::Elderly],
        notes: &[
            "Одинокая пенсионерка 81 года, передвигается с ходунками. Нужна помощь на дому: покупка продуктов, уборка.",
            "Пожилой мужчина после инсульта, дочь в другом городе. Оформление надомного обслуживания и социального такси.",
        ],
        citizen: true,
        weight: 12,
    },
    Kind {
        categories: &[Category::FamilyWithChildren, Category::DisabledChild],
        notes: &[
            "Ребёнок-инвалид (ДЦП), нужна реабилитация, путёвка в санаторий и помощь в получении ТСР.",
            "Мать-одиночка с ребёнком-инвалидом, просит консультацию юриста по пособиям и сопровождение в МСЭ.",
        ],
        citizen: false,
        weight: 8,
    },
    Kind {
        categories: &[Category::Released],
        notes: &["Освободился в сентябре, нет постоянного жилья и документов. Восстановление паспорта, трудоустройство."],
        citizen: true,
        weight: 4,
    },
    Kind {
        categories: &[Category::CareLeaver],
        notes: &["Выпускница детского дома, получила квартиру, нужна помощь в ведении хозяйства и трудоустройстве."],
        citizen: true,
        weight: 3,
    },
    Kind {
        categories: &[Category::SocialContract, Category::FamilyWithChildren],
        notes: &["Заключён социальный контракт на открытие ИП (швейное ателье). Сопровождение исполнения программы адаптации."],
        citizen: false,
        weight: 5,
    },
    Kind {
        categories: &[Category::Foreigner, Category::FamilyWithChildren],
        notes: &["Семья переехала из Таджикистана, дети не говорят по-русски. Помощь с устройством в школу и курсы языка."],
        citizen: false,
        weight: 3,
    },
];

/// Stages with how many demo cases each gets (of 100).
const STAGE_SHARE: &[(Stage, u32)] = &[
    (Stage::Appeal, 7),
    (Stage::Intake, 15),
    (Stage::Assessment, 12),
    (Stage::Plan, 12),
    (Stage::Implementation, 24),
    (Stage::Evaluation, 10),
    (Stage::Closed, 20),
];

/// The streets of each district, for addresses that match their district.
fn street(rng: &mut StdRng, district: i64) -> String {
    let streets: &[&str] = match district {
        1 => &["ул. Ленина", "ул. Механизаторов", "ул. 40 лет Победы", "ул. Калинина"],
        2 => &["ул. Мира", "ул. Гастелло", "ул. Садовая", "ул. Спортивная"],
        3 => &["ул. Менделеева", "ул. Геологов", "ул. Никольская", "ул. Толстого"],
        4 => &["ул. Газовиков", "ул. Железнодорожная", "ул. Строителей"],
        5 => &["ул. Энтузиастов", "ул. Чкалова", "ул. Попова", "ул. Кирова"],
        _ => &["ул. Лесозаготовителей", "ул. Таёжная", "ул. Октябрьская", "ул. Свердлова"],
    };
    let name = streets.choose(rng).copied().unwrap_or("ул. Ленина");
    if district == 6 {
        format!("г. Югорск, {name}, д. {}", rng.random_range(1..70))
    } else {
        format!("г. Югорск, {name}, д. {}, кв. {}", rng.random_range(1..45), rng.random_range(1..120))
    }
}

fn birth(rng: &mut StdRng, today: NaiveDate, min_age: i32, max_age: i32) -> Option<NaiveDate> {
    let age = rng.random_range(min_age..=max_age);
    NaiveDate::from_ymd_opt(today.year() - age, rng.random_range(1..=12), rng.random_range(1..=28))
}

/// The staff a demo case needs: the curator of each district and the supervisor.
pub struct DemoStaff {
    pub supervisor: CurrentUser,
    /// (district number, caseworker).
    pub caseworkers: Vec<(i64, CurrentUser)>,
    pub dispatcher: CurrentUser,
}

fn at(day: NaiveDate, rng: &mut StdRng) -> DateTime<Utc> {
    let minutes = rng.random_range(9 * 60..17 * 60);
    let naive = day.and_hms_opt(minutes / 60, minutes % 60, 0).unwrap_or_default();
    app::time::institution_tz()
        .from_local_datetime(&naive)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(Utc::now)
}

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
    use crate::seed::{full_name, SURNAMES};
    let total_kinds: u32 = KINDS.iter().map(|k| kind_weight(k, svo_extra)).sum();
    let total_stages: u32 = STAGE_SHARE.iter().map(|(_, w)| w).sum();
    let mut cases = Vec::with_capacity(count);
    for i in 0..count {
        // Stages in proportion, deterministic by position.
        let mut slot = (i as u32 * total_stages / count.max(1) as u32) % total_stages;
        let stage = STAGE_SHARE
            .iter()
            .find(|(_, w)| {
                if slot < *w {
                    true
                } else {
                    slot -= w;
                    false
                }
            })
            .map(|(s, _)| *s)
            .unwrap_or(Stage::Intake);
        let mut pick = rng.random_range(0..total_kinds);
        let kind = KINDS
            .iter()
            .find(|k| {
                let weight = kind_weight(k, svo_extra);
                if pick < weight {
                    true
                } else {
                    pick -= weight;
                    false
                }
            })
            .unwrap_or(&KINDS[0]);
        let district = rng.random_range(1..=6i64);
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

        let surname = *SURNAMES.choose(rng).unwrap_or(&("Иванов", "Иванова"));
        let male = surname.0;
        let mut members = Vec::new();
        if kind.citizen {
            let elderly = kind.categories.contains(&Category::Elderly);
            let woman = rng.random_bool(if elderly { 0.7 } else { 0.3 });
            let (min, max) = if elderly { (68, 89) } else { (19, 52) };
            members.push(Member {
                full_name: full_name(rng, surname, woman),
                birth_date: birth(rng, today, min, max),
                relation: Relation::Applicant,
                categories: kind.categories.to_vec(),
            });
        } else {
            members.push(Member {
                full_name: full_name(rng, surname, true),
                birth_date: birth(rng, today, 24, 44),
                relation: Relation::Applicant,
                categories: vec![],
            });
            if rng.random_bool(0.65) {
                members.push(Member {
                    full_name: full_name(rng, surname, false),
                    birth_date: birth(rng, today, 26, 48),
                    relation: Relation::Spouse,
                    categories: if kind.categories.contains(&Category::SvoFamily) {
                        vec![Category::SvoParticipant]
                    } else {
                        vec![]
                    },
                });
            }
            let children = if kind.categories.contains(&Category::LargeFamily) {
                rng.random_range(3..6)
            } else {
                rng.random_range(1..3)
            };
            for c in 0..children {
                let girl = rng.random_bool(0.5);
                members.push(Member {
                    full_name: full_name(rng, surname, girl),
                    birth_date: birth(rng, today, 1 + c, 16),
                    relation: Relation::Child,
                    categories: if c == 0 && kind.categories.contains(&Category::DisabledChild) {
                        vec![Category::DisabledChild]
                    } else {
                        vec![]
                    },
                });
            }
        }
        let title = if kind.citizen { members[0].full_name.clone() } else { format!("Семья {male}ых") };
        let has_curator = stage != Stage::Appeal;
        let consent = stage.index() >= Stage::Intake.index() && (stage != Stage::Intake || rng.random_bool(0.7));
        let case = ValidCase {
            kind: if kind.citizen { CaseKind::Citizen } else { CaseKind::Family },
            title,
            categories: {
                let mut c: Vec<Category> = kind.categories.to_vec();
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
            address: street(rng, district),
            district: Some(format!("d{district}")),
            phone: Some(format!(
                "+79{}{:07}",
                [12, 22, 32, 50, 82].choose(rng).unwrap_or(&12),
                rng.random_range(0..10_000_000u32)
            )),
            consent,
            consent_date: consent.then(|| reached.get(&Stage::Intake).copied().unwrap_or(detected_on)),
            curator: if has_curator { curator.as_ref().map(|u| u.id.clone()) } else { None },
            source: *[Source::Journal, Source::Journal, Source::Agency, Source::Round, Source::Personal]
                .choose(rng)
                .unwrap_or(&Source::Journal),
            source_detail: None,
            journal_entry: None,
            notes: kind.notes.choose(rng).copied().unwrap_or_default().to_string(),
            detected_on,
            need_recognised_on,
            plan_approved_on,
        };

        // The history: created by the dispatcher, then each move by the curator (closing by the
        // supervisor, with the conclusion).
        let curator_user = curator.clone().unwrap_or_else(|| staff.supervisor.clone());
        let mut events = Vec::new();
        let mut previous: Option<Stage> = None;
        for s in Stage::ALL.iter().take(steps + 1) {
            let day = reached.get(s).copied().unwrap_or(detected_on);
            let (who, comment) = match s {
                Stage::Appeal => (staff.dispatcher.clone(), None),
                Stage::Intake => (staff.supervisor.clone(), None),
                Stage::Closed => (
                    staff.supervisor.clone(),
                    Some(
                        *[
                            "Цели плана достигнуты, семья вышла из трудной жизненной ситуации",
                            "Семья переехала в г. Советский, дело передано по месту жительства",
                            "Отказ семьи от дальнейшего сопровождения (заявление)",
                        ]
                        .choose(rng)
                        .unwrap_or(&"Цели плана достигнуты"),
                    ),
                ),
                _ => (curator_user.clone(), None),
            };
            events.push((at(day, rng), who, EventContent::moved(previous, *s, comment)));
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
