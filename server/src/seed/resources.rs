//! Demo data of the territory resource map: district boundaries and passports, partners of
//! every kind, benefactors and beneficiaries (the data itself is in `partners.json`,
//! `districts.json` and `donations.json`).

use super::common::SeedError;
use super::data::{self, DemoPartner};
use app::auth::CurrentUser;
use app::db::Db;
use app::resources::repo;
use app::resources::types::{BenefactorForm, BeneficiaryForm, HelpKind, PartnerForm, ServiceForm};
use app::resources::validate::{validate_benefactor, validate_beneficiary, validate_partner, ValidPartner};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use surrealdb::types::RecordId;

fn date_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The form of a demo partner; `copy` > 0 makes a distinct branch of it (for benchmarks).
pub fn partner_form(p: &DemoPartner, today: NaiveDate, copy: usize) -> PartnerForm {
    let shift = (copy as f64 * 0.000_37) % 0.004;
    PartnerForm {
        kind: p.kind.code().into(),
        name: if copy == 0 { p.name.clone() } else { format!("{} (отделение {copy})", p.name) },
        description: p.description.clone(),
        address: p.address.clone(),
        phones: p.phones.join(", "),
        email: p.email.clone(),
        website: p.website.clone(),
        contact_person: p.contact_person.clone(),
        lat: format!("{:.6}", p.lat + shift / 2.0),
        lon: format!("{:.6}", p.lon + shift),
        districts: p.districts.iter().map(|n| format!("d{n}")).collect(),
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
        agreement_date: p.agreement.as_ref().map(|a| a.date.clone()).unwrap_or_default(),
        agreement_until: p.agreement.as_ref().map(|a| a.until.clone()).unwrap_or_default(),
        verified_on: date_text(today - Duration::days(p.verified_days_ago)),
    }
}

/// `count` partners: the demo ones first, then branches of them.
pub fn demo_partners(count: usize, today: NaiveDate, help_kinds: &[HelpKind]) -> Result<Vec<ValidPartner>, SeedError> {
    let districts: Vec<String> = (1..=6).map(|n| format!("d{n}")).collect();
    let partners = data::partners();
    (0..count)
        .map(|i| {
            let form = partner_form(&partners[i % partners.len()], today, i / partners.len());
            validate_partner(&form, today, help_kinds, &districts).map_err(SeedError::invalid)
        })
        .collect()
}

/// Writes the districts' boundaries and passports, `partners` partners, benefactors and
/// beneficiaries (some linked to the demo cases of their district).
pub async fn seed_resources(
    db: &Db,
    user: &CurrentUser,
    partners: usize,
    now: DateTime<Utc>,
) -> Result<usize, SeedError> {
    let today = app::time::local_today(now);
    let file = data::districts();
    for d in &file.districts {
        let ring: Vec<Vec<f64>> =
            file.ring(d).unwrap_or_default().into_iter().map(|(lon, lat)| vec![lon, lat]).collect();
        db.query(
            "UPDATE $id SET boundary = $boundary, infrastructure = $infrastructure, population = $population,
                 passport_verified_on = $verified_on, passport_verified_by_name = $by",
        )
        .bind(("id", RecordId::new("district", format!("d{}", d.number))))
        .bind(("boundary", vec![ring]))
        .bind(("infrastructure", d.infrastructure.clone()))
        .bind((
            "population",
            serde_json::json!({
                "residents": d.population, "families_with_children": d.families_with_children,
                "large_families": d.large_families, "pensioners": d.pensioners, "disabled": d.disabled,
                "svo_families": d.svo_families,
            }),
        ))
        .bind(("verified_on", date_text(today - Duration::days(d.verified_days_ago))))
        .bind(("by", user.full_name.clone()))
        .await?
        .check()?;
    }

    // A second run (seed-demo --force) does not double the registries.
    let mut existing = db.query("RETURN count((SELECT VALUE id FROM partner LIMIT 1))").await?;
    let existing: Option<i64> = existing.take(0)?;
    if existing.unwrap_or(0) > 0 {
        return Ok(0);
    }
    let help_kinds = repo::help_kinds(db).await?;
    let valid = demo_partners(partners, today, &help_kinds)?;
    for chunk in valid.chunks(200) {
        let batch: Vec<repo::Imported> =
            chunk.iter().cloned().map(|partner| repo::Imported { current: None, partner }).collect();
        repo::import(db, user, &batch, &help_kinds, now).await?;
    }

    let districts: Vec<String> = (1..=6).map(|n| format!("d{n}")).collect();
    let donations = data::donations();
    let mut benefactor_ids = Vec::new();
    for b in &donations.benefactors {
        let form = BenefactorForm {
            kind: b.kind.code().into(),
            name: b.name.clone(),
            contact: b.contact.clone(),
            phone: b.phone.clone(),
            help: b.help.clone(),
            offer: b.offer.clone(),
            districts: b.districts.iter().map(|n| format!("d{n}")).collect(),
        };
        let valid = validate_benefactor(&form, &help_kinds, &districts).map_err(SeedError::invalid)?;
        let id = repo::save_benefactor(db, user, None, 0, &valid, now).await?;
        benefactor_ids.push((id, &b.help, &b.districts));
    }

    for (i, b) in donations.beneficiaries.iter().enumerate() {
        // Every third family is one of the department's cases in its district.
        let case = if i % 3 == 0 {
            let mut found = db
                .query(
                    "SELECT VALUE string::concat(<string> year, '-', <string> number) FROM case_file
                     WHERE district = $district AND kind = 'family' AND stage != 'closed' ORDER BY number LIMIT 1",
                )
                .bind(("district", RecordId::new("district", format!("d{}", b.district))))
                .await?;
            let numbers: Vec<String> = found.take(0)?;
            numbers.into_iter().next().unwrap_or_default()
        } else {
            String::new()
        };
        // A benefactor who gives this help in this district has taken on some of them.
        let benefactor = benefactor_ids
            .iter()
            .find(|(_, help, districts)| {
                b.help.iter().any(|h| help.contains(h)) && (districts.is_empty() || districts.contains(&b.district))
            })
            .filter(|_| i % 2 == 1)
            .map(|(id, _, _)| id.clone());
        let status = match (&benefactor, i % 4) {
            (None, _) => "waiting",
            (Some(_), 3) => "done",
            (Some(_), _) => "matched",
        };
        let form = BeneficiaryForm {
            name: b.name.clone(),
            district: format!("d{}", b.district),
            members: b.members.to_string(),
            help: b.help.clone(),
            need: b.need.clone(),
            case,
            benefactor: benefactor.unwrap_or_default(),
            status: status.into(),
        };
        let valid = validate_beneficiary(&form, &help_kinds, &districts).map_err(SeedError::invalid)?;
        repo::save_beneficiary(db, user, None, 0, &valid, now).await?;
    }
    Ok(valid.len())
}
