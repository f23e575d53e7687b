//! `opora seed-demo`: a living department for a first look — demo accounts of every role
//! across the six social districts of Yugorsk, a few hundred journal entries over the last
//! months (urgent appeals, open ones, some still waiting for their hand-off record), families
//! and citizens in every stage, the territory's partners, home visits and routes of СВО families.
//!
//! The content is data (`server/data/demo/`, read by [`data`]); the modules below only put it
//! together. They import [`common`], [`data`] and [`people`], never this file or each other in
//! a circle: `common` and `data` import no other module of the seeding, `people` only those two.

pub mod applications;
pub mod cases;
pub mod common;
pub mod consilium;
pub mod data;
pub mod elders;
pub mod inquiries;
pub mod ippsu;
pub mod journal;
pub mod monitoring;
pub mod patrol;
pub mod people;
pub mod rental;
pub mod resources;
pub mod routes;
pub mod staff;
pub mod taxi;
pub mod visits;

pub use common::{working_moment, DemoStaff, SeedError};
pub use journal::{demo_appeal, scenario_weight};

use app::auth::CurrentUser;
use app::db::Db;
use app::journal::appeal::validate_appeal;
use app::journal::repo;
use chrono::{DateTime, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

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
    let accounts = staff::seed_staff(db, &mut rng, password).await?;

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
        let dispatcher = accounts.dispatchers[i % accounts.dispatchers.len().max(1)].clone();
        let form = demo_appeal(&mut rng, now, received_at, i, entries, total_weight);
        let appeal = validate_appeal(&form, now).map_err(SeedError::invalid)?;
        repo::register(db, &dispatcher, &appeal).await?;
        created += 1;
    }
    let mut cases_created = 0;
    let mut partners = 0;
    if let (Some(supervisor), Some(dispatcher)) = (accounts.supervisor, accounts.dispatchers.first().cloned()) {
        let workers: Vec<CurrentUser> = accounts.caseworkers.iter().map(|(_, w)| w.clone()).collect();
        let staff = DemoStaff { supervisor: supervisor.clone(), caseworkers: accounts.caseworkers, dispatcher };
        cases_created = cases::seed_cases(db, &mut rng, &staff, cases, now).await?;
        cases::link_journal_entries(db).await?;
        applications::seed_applications(db, &mut rng, &staff, now).await?;
        partners = resources::seed_resources(db, &supervisor, data::partners().len(), now).await?;
        visits::seed_visits(db, &supervisor, &workers, now).await?;
        routes::seed_routes(db, &supervisor, now).await?;
        monitoring::seed_monitoring(db, &staff, now).await?;
        ippsu::seed_ippsu(db, &supervisor, now).await?;
        consilium::seed_consilium(db, &supervisor, now).await?;
        elders::seed_elders(db, &mut rng, &staff, now).await?;
        inquiries::seed_inquiries(db, &staff, now).await?;
        rental::seed_rental(db, &staff, now).await?;
        patrol::seed_patrol(db, &staff, now).await?;
        taxi::seed_taxi(db, &staff, now).await?;
    }
    Ok(SeedReport { logins: accounts.logins, entries: created, cases: cases_created, partners })
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    const MODULES: [&str; 18] = [
        "applications",
        "cases",
        "common",
        "consilium",
        "data",
        "elders",
        "inquiries",
        "ippsu",
        "journal",
        "monitoring",
        "patrol",
        "people",
        "rental",
        "resources",
        "routes",
        "staff",
        "taxi",
        "visits",
    ];

    /// The modules of the seeding each file names (outside its tests); `mod` for this file.
    fn imports() -> BTreeMap<&'static str, BTreeSet<&'static str>> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/seed");
        let mut edges = BTreeMap::new();
        for module in MODULES {
            let text = std::fs::read_to_string(dir.join(format!("{module}.rs"))).expect("a seed file");
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            let mut names = BTreeSet::new();
            for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
                for prefix in ["super::", "crate::seed::"] {
                    for (at, _) in line.match_indices(prefix) {
                        let rest = &line[at + prefix.len()..];
                        let group = rest.strip_prefix('{').map(|g| g.split('}').next().unwrap_or_default());
                        let named: Vec<&str> = match group {
                            Some(group) => {
                                group.split(',').map(|n| n.trim().split("::").next().unwrap_or_default()).collect()
                            }
                            None => vec![rest
                                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                                .next()
                                .unwrap_or_default()],
                        };
                        for name in named.into_iter().filter(|n| !n.is_empty()) {
                            names.insert(MODULES.iter().find(|m| **m == name).copied().unwrap_or("mod"));
                        }
                    }
                }
            }
            names.remove(module);
            edges.insert(module, names);
        }
        edges
    }

    #[test]
    fn the_seed_files_import_downwards_without_circles() {
        let edges = imports();
        for (module, names) in &edges {
            assert!(!names.contains("mod"), "{module}.rs imports seed/mod.rs, which imports it");
        }
        assert!(edges["common"].is_empty() && edges["data"].is_empty(), "the lowest files import none: {edges:?}");
        // A circle is a way from a module back to itself.
        for start in MODULES {
            let mut stack: Vec<&str> = edges[start].iter().copied().collect();
            let mut seen = BTreeSet::new();
            while let Some(next) = stack.pop() {
                assert_ne!(next, start, "{start}.rs is in a circle of imports: {edges:?}");
                if seen.insert(next) {
                    stack.extend(edges.get(next).into_iter().flatten().copied());
                }
            }
        }
    }
}
