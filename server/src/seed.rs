//! `opora seed-demo`: a living department for a first look — demo accounts of every role
//! across the six social districts of Yugorsk, and a few hundred journal entries over the last
//! months, with urgent appeals, open ones, and some still waiting for their hand-off record.

use app::auth::users::{create_user, NewUser};
use app::auth::{CurrentUser, Role};
use app::db::Db;
use app::journal::appeal::validate_appeal;
use app::journal::repo;
use app::journal::types::*;
use app::time::to_datetime_local;
use chrono::{DateTime, Duration, Timelike, Utc};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("{0}")]
    App(#[from] app::error::AppError),
    #[error("ошибка базы данных: {0}")]
    Db(#[from] surrealdb::Error),
    #[error("в базе уже есть записи журнала; добавить демо-данные ещё раз: opora seed-demo --force")]
    NotEmpty,
}

/// Streets by district number, for addresses that match their district.
const STREETS: &[(i64, &[&str])] = &[
    (1, &["ул. Ленина", "ул. Механизаторов", "ул. 40 лет Победы", "ул. Калинина"]),
    (2, &["ул. Мира", "ул. Гастелло", "ул. Садовая", "ул. Спортивная"]),
    (3, &["ул. Менделеева", "ул. Геологов", "ул. Никольская", "ул. Толстого"]),
    (4, &["ул. Газовиков", "ул. Железнодорожная", "ул. Строителей", "мкр. Югорск-2, ул. Новая"]),
    (5, &["ул. Энтузиастов", "ул. Чкалова", "ул. Попова", "ул. Кирова"]),
    (6, &["ул. Лесозаготовителей", "ул. Таёжная", "ул. Октябрьская", "ул. Свердлова"]),
];

pub(crate) const SURNAMES: &[(&str, &str)] = &[
    ("Иванов", "Иванова"),
    ("Смирнов", "Смирнова"),
    ("Кузнецов", "Кузнецова"),
    ("Попов", "Попова"),
    ("Васильев", "Васильева"),
    ("Петров", "Петрова"),
    ("Соколов", "Соколова"),
    ("Михайлов", "Михайлова"),
    ("Новиков", "Новикова"),
    ("Фёдоров", "Фёдорова"),
    ("Морозов", "Морозова"),
    ("Волков", "Волкова"),
    ("Алексеев", "Алексеева"),
    ("Лебедев", "Лебедева"),
    ("Семёнов", "Семёнова"),
    ("Егоров", "Егорова"),
    ("Павлов", "Павлова"),
    ("Козлов", "Козлова"),
    ("Степанов", "Степанова"),
    ("Николаев", "Николаева"),
    ("Орлов", "Орлова"),
    ("Андреев", "Андреева"),
    ("Макаров", "Макарова"),
    ("Никитин", "Никитина"),
    ("Захаров", "Захарова"),
    ("Зайцев", "Зайцева"),
    ("Соловьёв", "Соловьёва"),
    ("Борисов", "Борисова"),
    ("Яковлев", "Яковлева"),
    ("Григорьев", "Григорьева"),
    ("Романов", "Романова"),
    ("Воробьёв", "Воробьёва"),
    ("Сергеев", "Сергеева"),
    ("Фролов", "Фролова"),
    ("Александров", "Александрова"),
    ("Дмитриев", "Дмитриева"),
    ("Королёв", "Королёва"),
    ("Гусев", "Гусева"),
    ("Киселёв", "Киселёва"),
    ("Ильин", "Ильина"),
    ("Максимов", "Максимова"),
    ("Поляков", "Полякова"),
    ("Сорокин", "Сорокина"),
    ("Виноградов", "Виноградова"),
    ("Ковалёв", "Ковалёва"),
    ("Белов", "Белова"),
    ("Медведев", "Медведева"),
    ("Антонов", "Антонова"),
    ("Тарасов", "Тарасова"),
    ("Жуков", "Жукова"),
    ("Баранов", "Баранова"),
    ("Филиппов", "Филиппова"),
    ("Комаров", "Комарова"),
    ("Давыдов", "Давыдова"),
    ("Беляев", "Беляева"),
    ("Герасимов", "Герасимова"),
    ("Богданов", "Богданова"),
    ("Осипов", "Осипова"),
    ("Сидоров", "Сидорова"),
    ("Матвеев", "Матвеева"),
    ("Хабибуллин", "Хабибуллина"),
    ("Гарипов", "Гарипова"),
    ("Шайхутдинов", "Шайхутдинова"),
    ("Кондратьев", "Кондратьева"),
];
const MALE_NAMES: &[&str] = &[
    "Александр",
    "Сергей",
    "Дмитрий",
    "Андрей",
    "Алексей",
    "Иван",
    "Михаил",
    "Евгений",
    "Николай",
    "Владимир",
    "Игорь",
    "Артём",
    "Олег",
    "Виктор",
    "Роман",
    "Павел",
    "Денис",
    "Максим",
    "Ринат",
    "Юрий",
];
const FEMALE_NAMES: &[&str] = &[
    "Елена",
    "Ольга",
    "Наталья",
    "Татьяна",
    "Ирина",
    "Светлана",
    "Анна",
    "Мария",
    "Екатерина",
    "Юлия",
    "Марина",
    "Оксана",
    "Людмила",
    "Галина",
    "Валентина",
    "Надежда",
    "Алёна",
    "Дарья",
    "Гульнара",
    "Лариса",
];
const PATRONYMICS: &[(&str, &str)] = &[
    ("Александрович", "Александровна"),
    ("Сергеевич", "Сергеевна"),
    ("Иванович", "Ивановна"),
    ("Петрович", "Петровна"),
    ("Николаевич", "Николаевна"),
    ("Владимирович", "Владимировна"),
    ("Викторович", "Викторовна"),
    ("Михайлович", "Михайловна"),
    ("Андреевич", "Андреевна"),
    ("Юрьевич", "Юрьевна"),
    ("Анатольевич", "Анатольевна"),
    ("Васильевич", "Васильевна"),
    ("Геннадьевич", "Геннадьевна"),
    ("Олегович", "Олеговна"),
    ("Дмитриевич", "Дмитриевна"),
    ("Рустамович", "Рустамовна"),
];

/// One kind of appeal: what people ask, what the desk answers, how it usually ends.
struct Scenario {
    topics: &'static [Topic],
    summaries: &'static [&'static str],
    answer: &'static str,
    outcome: Outcome,
    weight: u32,
}

const SCENARIOS: &[Scenario] = &[
    Scenario { topics: &[Topic::UrgentServices], summaries: &[
        "Просит помочь с продуктовым набором: многодетная семья, муж потерял работу в октябре",
        "Нуждается в продуктах и средствах гигиены для новорождённого, пособие ещё не назначено",
        "Пенсионерка после пожара в квартире просит помощь вещами первой необходимости",
    ], answer: "Разъяснён порядок предоставления срочной социальной услуги (продуктовый набор), приглашена на приём с паспортом и справкой о составе семьи", outcome: Outcome::Consultation, weight: 14 },
    Scenario { topics: &[Topic::RehabAids], summaries: &[
        "Нужна инвалидная коляска на время после операции на тазобедренном суставе",
        "Спрашивает, как получить ходунки и противопролежневый матрас для лежачей матери",
        "Интересуется пунктом проката: нужны костыли на два месяца",
    ], answer: "Разъяснён порядок получения ТСР через пункт проката: перечень документов, срок выдачи, залог не требуется", outcome: Outcome::Consultation, weight: 10 },
    Scenario { topics: &[Topic::SocialTaxi], summaries: &[
        "Просит записать на социальное такси до окружной больницы на гемодиализ",
        "Инвалид II группы, нужна поездка в МФЦ и обратно на следующей неделе",
    ], answer: "Разъяснены условия службы «Социальное такси», поездка согласована с диспетчером службы", outcome: Outcome::Consultation, weight: 8 },
    Scenario { topics: &[Topic::ChildrenRest], summaries: &[
        "Мама троих детей спрашивает о путёвке в летний лагерь для ребёнка в трудной жизненной ситуации",
        "Интересуется оздоровлением ребёнка-инвалида в санатории",
    ], answer: "Разъяснён порядок подачи заявления на отдых и оздоровление, перечень документов, сроки приёма заявлений", outcome: Outcome::Consultation, weight: 6 },
    Scenario { topics: &[Topic::FamilySupport], summaries: &[
        "Спрашивает о едином пособии и мерах поддержки многодетных семей в округе",
        "Молодая семья: какие выплаты положены при рождении второго ребёнка",
        "Отец-одиночка интересуется мерами поддержки и льготами на детский сад",
    ], answer: "Проконсультирован о мерах социальной поддержки семей с детьми в ХМАО – Югре, направлен в управление социальной защиты населения", outcome: Outcome::Referral, weight: 14 },
    Scenario { topics: &[Topic::SocialServices], summaries: &[
        "Дочь просит оформить надомное социальное обслуживание для отца после инсульта",
        "Спрашивает об условиях и стоимости социальных услуг на дому",
        "Одинокая пенсионерка 78 лет просит помощь в уборке квартиры и покупке продуктов",
    ], answer: "Разъяснены условия признания нуждающимся в социальном обслуживании, порядок подачи заявления и тарифы", outcome: Outcome::CaseOpened, weight: 12 },
    Scenario { topics: &[Topic::Helpline], summaries: &[
        "Женщина в подавленном состоянии после развода, просит поговорить с психологом",
        "Подросток 15 лет, конфликт с родителями, ушёл из дома на день, сейчас дома",
    ], answer: "Дан телефон доверия, предложена консультация психолога отделения, записана на приём", outcome: Outcome::Consultation, weight: 6 },
    Scenario { topics: &[Topic::Gosuslugi, Topic::SocialPortal], summaries: &[
        "Не может зарегистрироваться на Госуслугах, чтобы подать заявление на пособие",
        "Просит помочь подать заявление через Портал социальных услуг Югры",
    ], answer: "Оказана помощь в регистрации и подтверждении учётной записи, заявление подано", outcome: Outcome::Consultation, weight: 6 },
    Scenario { topics: &[Topic::Other], summaries: &[
        "Жена участника СВО спрашивает, куда обратиться за путёвкой в санаторий для мужа",
        "Сообщает, что соседская семья живёт без электричества, в квартире холодно, есть маленькие дети",
        "Просит помощь с дровами для частного дома: муж находится в зоне СВО",
    ], answer: "Передано специалисту отделения по работе с участниками СВО и их семьями, назначен выход на дом", outcome: Outcome::CaseOpened, weight: 8 },
    Scenario { topics: &[Topic::SocialServices, Topic::FamilySupport], summaries: &[
        "Учитель школы сообщает: ребёнок приходит голодным, в плохой одежде, мать не выходит на связь",
        "Классный руководитель: двое детей из одной семьи две недели не посещают школу",
    ], answer: "Информация передана в органы опеки и попечительства и в КДНиЗП, специалист участка направлен на выход в семью", outcome: Outcome::Authority, weight: 6 },
];

/// Urgent appeals: a threat to life or health, passed on at once.
const URGENT: &[(&str, UrgentRecipient, &str)] = &[
    (
        "Соседка сообщает: двое детей 4 и 6 лет с утра одни в квартире, плачут, мать не отвечает на звонки",
        UrgentRecipient::Police,
        "ОМВД России по г. Югорску, дежурная часть",
    ),
    (
        "Женщина сообщает, что муж в состоянии опьянения угрожает ей и детям, она закрылась с детьми в комнате",
        UrgentRecipient::Police,
        "ОМВД России по г. Югорску, дежурная часть",
    ),
    (
        "Дочь из Тюмени: пожилой отец не отвечает второй день, по словам соседей, упал дома и не может встать",
        UrgentRecipient::Ambulance,
        "Скорая медицинская помощь, Югорская городская больница",
    ),
    (
        "Запах дыма из квартиры на 3 этаже, там живёт одинокая пенсионерка с инвалидностью",
        UrgentRecipient::Fire,
        "Пожарная часть, ЕДДС г. Югорска",
    ),
    (
        "Мать сообщает, что дочь 14 лет в переписке пишет о намерении причинить себе вред",
        UrgentRecipient::Ambulance,
        "Скорая медицинская помощь; сообщено психологу отделения",
    ),
    (
        "Ребёнок 7 лет один на улице в мороз, говорит, что дома никого нет и дверь закрыта",
        UrgentRecipient::Guardianship,
        "Отдел опеки и попечительства администрации г. Югорска",
    ),
];

const DISPATCHERS: &[&str] = &["Сидорова Е. В.", "Колесникова М. А."];

fn person(rng: &mut StdRng) -> String {
    let surname = *SURNAMES.choose(rng).expect("names");
    let woman = rng.random_bool(0.72);
    full_name(rng, surname, woman)
}

/// «Иванова Анна Петровна» for a woman, «Иванов Сергей Петрович» for a man, of a surname pair.
pub(crate) fn full_name(rng: &mut StdRng, (male, female): (&str, &str), woman: bool) -> String {
    let (pm, pf) = *PATRONYMICS.choose(rng).expect("patronymics");
    if woman {
        format!("{female} {} {pf}", FEMALE_NAMES.choose(rng).expect("names"))
    } else {
        format!("{male} {} {pm}", MALE_NAMES.choose(rng).expect("names"))
    }
}

fn address(rng: &mut StdRng, district: i64) -> String {
    let streets = STREETS.iter().find(|(n, _)| *n == district).map(|(_, s)| *s).unwrap_or(&["ул. Ленина"]);
    let street = streets.choose(rng).expect("streets");
    if district == 6 && rng.random_bool(0.6) {
        format!("г. Югорск, {street}, д. {}", rng.random_range(1..60))
    } else {
        format!("г. Югорск, {street}, д. {}, кв. {}", rng.random_range(1..45), rng.random_range(1..120))
    }
}

fn phone(rng: &mut StdRng) -> String {
    if rng.random_bool(0.15) {
        format!("8 (34675) {}-{:02}-{:02}", rng.random_range(2..8), rng.random_range(0..100), rng.random_range(0..100))
    } else {
        let code = [912, 922, 932, 950, 982, 904, 908].choose(rng).copied().unwrap_or(912);
        format!(
            "+7 {code} {:03}-{:02}-{:02}",
            rng.random_range(100..1000),
            rng.random_range(0..100),
            rng.random_range(0..100)
        )
    }
}

/// A moment in working hours (9:00–17:30, Yugorsk time) `days_ago` days back.
pub fn working_moment(rng: &mut StdRng, now: DateTime<Utc>, days_ago: i64) -> DateTime<Utc> {
    let local = app::time::to_local(now - Duration::days(days_ago));
    let minutes = rng.random_range(9 * 60..17 * 60 + 30);
    let moment = local
        .with_hour(minutes / 60)
        .and_then(|t| t.with_minute(minutes % 60))
        .and_then(|t| t.with_second(0))
        .unwrap_or(local);
    moment.with_timezone(&Utc).min(now - Duration::minutes(10))
}

/// A demo account: (login, full name, position, roles, district numbers).
pub type DemoUser = (&'static str, &'static str, &'static str, &'static [Role], &'static [i64]);

pub const DEMO_USERS: &[DemoUser] = &[
    ("admin", "Администратор системы", "Инженер-программист", &[Role::Admin], &[]),
    (
        "sidorova",
        "Сидорова Елена Викторовна",
        "Специалист по работе с семьёй (Семейная диспетчерская)",
        &[Role::Dispatcher],
        &[],
    ),
    (
        "kolesnikova",
        "Колесникова Марина Андреевна",
        "Специалист по работе с семьёй (Семейная диспетчерская)",
        &[Role::Dispatcher],
        &[],
    ),
    ("petrova", "Петрова Анна Сергеевна", "Специалист по социальной работе", &[Role::Caseworker], &[1, 2]),
    ("gusev", "Гусев Дмитрий Олегович", "Специалист по социальной работе", &[Role::Caseworker], &[3, 4]),
    ("hakimova", "Хакимова Гульнара Ринатовна", "Специалист по работе с семьёй", &[Role::Caseworker], &[5, 6]),
    ("belova", "Белова Ольга Николаевна", "Психолог", &[Role::Psychologist], &[]),
    ("orlov", "Орлов Игорь Викторович", "Юрисконсульт", &[Role::Lawyer], &[]),
    (
        "morozova",
        "Морозова Татьяна Ивановна",
        "Заведующий отделением социального сопровождения граждан",
        &[Role::Supervisor],
        &[1, 2, 3, 4, 5, 6],
    ),
];

/// A readable random password for a demo account.
fn demo_password(rng: &mut StdRng) -> String {
    const WORDS: &[&str] = &[
        "берёза",
        "сугроб",
        "рассвет",
        "кедр",
        "метель",
        "тайга",
        "иней",
        "брусника",
        "клюква",
        "позёмка",
        "снегирь",
        "прорубь",
    ];
    format!("{}-{}-{}", WORDS.choose(rng).expect("words"), WORDS.choose(rng).expect("words"), rng.random_range(10..100))
}

pub struct SeedReport {
    pub logins: Vec<(String, String, String)>,
    pub entries: usize,
    pub cases: usize,
    pub partners: usize,
}

/// Fills the database. `password` fixes every demo password (tests); otherwise each is random.
pub async fn seed_demo(
    db: &Db,
    force: bool,
    password: Option<&str>,
    entries: usize,
    cases: usize,
) -> Result<SeedReport, SeedError> {
    let mut existing = db.query("SELECT count() AS n FROM journal_entry GROUP ALL").await?;
    let count: Option<serde_json::Value> = existing.take(0)?;
    if !force && count.and_then(|v| v.get("n").and_then(|n| n.as_u64())).unwrap_or(0) > 0 {
        return Err(SeedError::NotEmpty);
    }
    let mut rng = StdRng::seed_from_u64(2026);
    // The six districts themselves come with the schema (migration 0002).

    let mut logins = Vec::new();
    let mut dispatcher_ids = Vec::new();
    let mut supervisor = None;
    let mut caseworkers = Vec::new();
    for (login, name, position, roles, districts) in DEMO_USERS {
        let mut taken = db
            .query("SELECT VALUE record::id(id) FROM user WHERE login = $login")
            .bind(("login", login.to_string()))
            .await?;
        let found: Vec<String> = taken.take(0)?;
        let pass = password.map(str::to_string).unwrap_or_else(|| demo_password(&mut rng));
        let id = match found.into_iter().next() {
            Some(id) => id,
            None => {
                let new = NewUser {
                    login: login.to_string(),
                    full_name: name.to_string(),
                    position: position.to_string(),
                    roles: roles.to_vec(),
                    districts: districts.iter().map(|n| format!("d{n}")).collect(),
                    password: pass.clone(),
                    must_change_password: false,
                };
                let id = create_user(db, &new).await?;
                logins.push((login.to_string(), pass, roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", ")));
                id
            }
        };
        let user = CurrentUser {
            id,
            login: login.to_string(),
            full_name: name.to_string(),
            roles: roles.to_vec(),
            districts: districts.iter().map(|n| format!("d{n}")).collect(),
            must_change_password: false,
        };
        if roles.contains(&Role::Dispatcher) {
            dispatcher_ids.push(user.clone());
        }
        if roles.contains(&Role::Supervisor) {
            supervisor = Some(user.clone());
        }
        if roles.contains(&Role::Caseworker) {
            caseworkers.extend(districts.iter().map(|d| (*d, user.clone())));
        }
    }

    let now = Utc::now();
    let total_weight = scenario_weight();
    let mut created = 0;
    // Spread over the last ~180 days, oldest first, so journal numbers follow time.
    let mut moments: Vec<DateTime<Utc>> = (0..entries)
        .map(|_| {
            let days = rng.random_range(0..180);
            working_moment(&mut rng, now, days)
        })
        .collect();
    moments.sort();
    for (i, received_at) in moments.into_iter().enumerate() {
        let dispatcher = dispatcher_ids[i % dispatcher_ids.len().max(1)].clone();
        let form = demo_appeal(&mut rng, now, received_at, i, entries, total_weight);
        let appeal = validate_appeal(&form, now).map_err(app::error::AppError::Validation)?;
        repo::register(db, &dispatcher, &appeal).await?;
        created += 1;
    }
    let mut cases_created = 0;
    let mut partners = 0;
    if let (Some(supervisor), Some(dispatcher)) = (supervisor, dispatcher_ids.first().cloned()) {
        let workers: Vec<CurrentUser> = caseworkers.iter().map(|(_, w)| w.clone()).collect();
        let staff = crate::seed_cases::DemoStaff { supervisor: supervisor.clone(), caseworkers, dispatcher };
        cases_created = crate::seed_cases::seed_cases(db, &mut rng, &staff, cases, now).await?;
        crate::seed_cases::link_journal_entries(db).await?;
        let count = crate::seed_resources_data::PARTNERS.len();
        partners = crate::seed_resources::seed_resources(db, &supervisor, count, now).await?;
        crate::seed_visits::seed_visits(db, &supervisor, &workers, now).await?;
        crate::seed_routes::seed_routes(db, &supervisor, now).await?;
    }
    Ok(SeedReport { logins, entries: created, cases: cases_created, partners })
}

/// One realistic appeal of the demo department at a given moment. The last few of a run are
/// more often urgent, and the newest urgent ones still wait for their hand-off record.
pub fn demo_appeal(
    rng: &mut StdRng,
    now: DateTime<Utc>,
    received_at: DateTime<Utc>,
    i: usize,
    entries: usize,
    total_weight: u32,
) -> AppealForm {
    let recent = now - received_at < Duration::days(3);
    let district = rng.random_range(1..=6);
    let urgent_case = rng.random_bool(0.05) || (i + 3 >= entries && i.is_multiple_of(2));
    let anonymous = rng.random_bool(if urgent_case { 0.4 } else { 0.12 });
    let channel = *[
        Channel::Phone,
        Channel::Phone,
        Channel::Phone,
        Channel::InPerson,
        Channel::Email,
        Channel::Messenger,
        Channel::Web,
        Channel::Agency,
    ]
    .choose(rng)
    .expect("channels");
    let mut form = AppealForm {
        received_at: to_datetime_local(received_at),
        full_name: if anonymous { String::new() } else { person(rng) },
        phone: if anonymous && rng.random_bool(0.5) { String::new() } else { phone(rng) },
        address: address(rng, district),
        channel: channel.code().to_string(),
        district: if rng.random_bool(0.85) { format!("d{district}") } else { String::new() },
        ..Default::default()
    };
    if urgent_case {
        let (summary, recipient, detail) = URGENT.choose(rng).expect("urgent");
        form.summary = summary.to_string();
        form.urgent = true;
        form.topics = vec![Topic::UrgentServices.code().to_string()];
        // The newest urgent appeals still wait for their hand-off record.
        if !(recent && i + 3 >= entries) {
            form.handoff_to = recipient.code().to_string();
            form.handoff_detail = detail.to_string();
            form.handoff_at = to_datetime_local(received_at + Duration::minutes(rng.random_range(2..12)));
            form.handoff_by = DISPATCHERS[i % DISPATCHERS.len()].to_string();
            form.answer = "Сообщение передано немедленно, заявителю даны рекомендации до прибытия службы".into();
            form.answer_method = AnswerMethod::Phone.code().to_string();
            form.outcome = Outcome::Authority.code().to_string();
        }
    } else {
        let mut pick = rng.random_range(0..total_weight);
        let scenario = SCENARIOS
            .iter()
            .find(|s| {
                if pick < s.weight {
                    true
                } else {
                    pick -= s.weight;
                    false
                }
            })
            .unwrap_or(&SCENARIOS[0]);
        form.summary = scenario.summaries.choose(rng).expect("summaries").to_string();
        form.topics = scenario.topics.iter().map(|t| t.code().to_string()).collect();
        // Recent appeals are often still open: the answer is recorded later.
        if !(recent && rng.random_bool(0.6)) && rng.random_bool(0.93) {
            form.answer = scenario.answer.to_string();
            form.answer_method = match channel {
                Channel::Email => AnswerMethod::Email,
                Channel::InPerson => AnswerMethod::InPerson,
                Channel::Messenger => AnswerMethod::Messenger,
                Channel::Agency => AnswerMethod::Post,
                _ => AnswerMethod::Phone,
            }
            .code()
            .to_string();
            form.outcome = scenario.outcome.code().to_string();
        }
    }
    form
}

/// Total weight of the ordinary scenarios, for [`demo_appeal`].
pub fn scenario_weight() -> u32 {
    SCENARIOS.iter().map(|s| s.weight).sum()
}
