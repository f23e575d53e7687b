//! Downloads of the resource map: the registry as Excel and CSV (the table import reads back),
//! as JSON in the shape of the Open Referral Human Services Data Specification, and the
//! district boundaries as GeoJSON.

use super::table::{districts_text, rows, COLUMNS};
use super::types::*;
use crate::audit::ssr::write as audit;
use crate::audit::AuditAction;
use crate::auth::permissions;
use crate::auth::session::{AuthSession, ClientIp};
use crate::districts::DistrictOption;
use crate::download::{downloader, internal, xlsx, Failed};
use crate::state::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use rust_xlsxwriter::{Format, FormatBorder, Workbook, XlsxError};
use serde_json::{json, Value};

pub fn workbook(rows: &[Vec<String>]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Партнёры")?;
    let header = Format::new().set_bold().set_border(FormatBorder::Thin).set_background_color("#E8EEF4");
    let cell = Format::new().set_text_wrap().set_border(FormatBorder::Thin);
    for (col, name) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &header)?;
        let width = match col {
            0 => 12.0,
            2 | 3 | 17 | 18 => 40.0,
            4 | 19 | 20 => 30.0,
            _ => 16.0,
        };
        sheet.set_column_width(col as u16, width)?;
    }
    for (i, values) in rows.iter().enumerate() {
        for (col, value) in values.iter().enumerate() {
            sheet.write_string_with_format(i as u32 + 1, col as u16, crate::download::cell(value), &cell)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, rows.len() as u32, COLUMNS.len() as u16 - 1)?;
    workbook.save_to_buffer()
}

/// CSV as Russian Excel opens it: UTF-8 with a BOM, «;» between cells. A cell that a spreadsheet
/// would take for a formula gets a leading apostrophe.
pub fn csv(rows: &[Vec<String>]) -> String {
    let cell = |value: &str| {
        let value = if value.starts_with(['=', '+', '-', '@']) { format!("'{value}") } else { value.to_string() };
        if value.contains([';', '"', '\n', '\r']) {
            format!("\"{}\"", value.replace('"', "\"\""))
        } else {
            value
        }
    };
    let mut text = String::from("\u{feff}");
    for row in std::iter::once(COLUMNS.iter().map(|c| c.to_string()).collect::<Vec<_>>()).chain(rows.iter().cloned()) {
        text.push_str(&row.iter().map(|v| cell(v)).collect::<Vec<_>>().join(";"));
        text.push_str("\r\n");
    }
    text
}

/// The registry in the HSDS 3 shape: organizations with their services, locations, phones,
/// service areas and taxonomy terms.
pub fn hsds(partners: &[Partner], kinds: &[HelpKind], districts: &[DistrictOption]) -> Value {
    let taxonomy: Vec<Value> = kinds
        .iter()
        .map(|k| json!({ "id": format!("help:{}", k.code), "name": k.label, "taxonomy": "opora-help" }))
        .collect();
    let organizations: Vec<Value> = partners
        .iter()
        .map(|p| {
            let org_id = format!("partner:{}", p.id);
            let areas: Vec<Value> = if p.districts.is_empty() {
                vec![json!({ "name": "Вся территория" })]
            } else {
                districts
                    .iter()
                    .filter(|d| p.districts.contains(&d.id))
                    .map(|d| json!({ "id": format!("district:{}", d.id), "name": d.name }))
                    .collect()
            };
            json!({
                "id": org_id,
                "name": p.name,
                "description": p.description,
                "email": p.email,
                "website": p.website,
                "x_kind": p.kind.code(),
                "x_kind_label": p.kind.label(),
                "x_archived": p.archived,
                "x_last_verified": p.verified_on,
                "x_verified_by": p.verified_by_name,
                "x_districts": districts_text(&p.districts, districts),
                "x_agreement": p.agreement.as_ref().map(|a| json!({
                    "number": a.number, "date": a.date, "until": a.until,
                })),
                "phones": p.phones.iter().map(|ph| json!({ "number": ph })).collect::<Vec<_>>(),
                "contacts": if p.contact_person.is_empty() { vec![] } else { vec![json!({ "name": p.contact_person })] },
                "locations": [{
                    "id": format!("{org_id}/location"),
                    "location_type": "physical",
                    "latitude": p.lat,
                    "longitude": p.lon,
                    "addresses": [{ "address_1": p.address, "city": "Югорск", "country": "RU", "address_type": "physical" }],
                    "schedules": [{ "description": p.hours }],
                }],
                "services": p.services.iter().enumerate().map(|(i, s)| json!({
                    "id": format!("{org_id}/service/{}", i + 1),
                    "name": s.name,
                    "description": s.description,
                    "eligibility_description": s.eligibility,
                    "fees_description": s.cost.label(),
                    "x_cost": s.cost.code(),
                    "status": if p.archived { "inactive" } else { "active" },
                    "schedules": [{ "description": s.hours }],
                    "service_areas": areas,
                    "attributes": s.help.iter().map(|h| json!({ "taxonomy_term_id": format!("help:{h}") })).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({ "hsds_version": "3.0", "taxonomy_terms": taxonomy, "organizations": organizations })
}

async fn registry(state: &AppState) -> Result<(Vec<Partner>, Vec<HelpKind>, Vec<DistrictOption>), Failed> {
    Ok((
        super::repo::all(&state.db).await?,
        super::repo::help_kinds(&state.db).await?,
        crate::districts::repo::list(&state.db).await?,
    ))
}

fn file(bytes: Vec<u8>, content_type: &str, ascii_name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{ascii_name}\"")),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

async fn audited(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    ip: Option<Extension<ClientIp>>,
    what: String,
) -> Result<(), Failed> {
    audit(
        &state.db,
        &crate::audit::ssr::Actor::downloader(user, ip),
        AuditAction::Export,
        Some("partner".into()),
        what,
        vec![],
    )
    .await?;
    Ok(())
}

/// `GET /resources/export.xlsx`.
pub async fn export_xlsx(
    State(state): State<AppState>,
    session: Option<Extension<AuthSession>>,
    ip: Option<Extension<ClientIp>>,
) -> Result<Response, Failed> {
    let user = downloader(session, permissions::RESOURCES_READ)?;
    let (partners, kinds, districts) = registry(&state).await?;
    let bytes = workbook(&rows(&partners, &kinds, &districts)).map_err(internal)?;
    audited(&state, &user, ip, format!("Выгрузка реестра партнёров (Excel), организаций: {}", partners.len())).await?;
    let stamp = chrono::Utc::now().format("%Y-%m-%d");
    Ok(xlsx(bytes, &format!("partners-{stamp}.xlsx"), &format!("Реестр партнёров {stamp}.xlsx")))
}

/// `GET /resources/export.csv`.
pub async fn export_csv(
    State(state): State<AppState>,
    session: Option<Extension<AuthSession>>,
    ip: Option<Extension<ClientIp>>,
) -> Result<Response, Failed> {
    let user = downloader(session, permissions::RESOURCES_READ)?;
    let (partners, kinds, districts) = registry(&state).await?;
    let text = csv(&rows(&partners, &kinds, &districts));
    audited(&state, &user, ip, format!("Выгрузка реестра партнёров (CSV), организаций: {}", partners.len())).await?;
    let stamp = chrono::Utc::now().format("%Y-%m-%d");
    Ok(file(text.into_bytes(), "text/csv; charset=utf-8", &format!("partners-{stamp}.csv")))
}

/// `GET /resources/export.json`: HSDS.
pub async fn export_json(
    State(state): State<AppState>,
    session: Option<Extension<AuthSession>>,
    ip: Option<Extension<ClientIp>>,
) -> Result<Response, Failed> {
    let user = downloader(session, permissions::RESOURCES_READ)?;
    let (partners, kinds, districts) = registry(&state).await?;
    let body = serde_json::to_vec_pretty(&hsds(&partners, &kinds, &districts))
        .map_err(|e| Failed::from(crate::error::AppError::internal(e.to_string())))?;
    audited(&state, &user, ip, format!("Выгрузка реестра партнёров (HSDS JSON), организаций: {}", partners.len()))
        .await?;
    let stamp = chrono::Utc::now().format("%Y-%m-%d");
    Ok(file(body, "application/json; charset=utf-8", &format!("partners-hsds-{stamp}.json")))
}

/// `GET /resources/districts.geojson`: the boundaries, to edit in any GIS tool and load back.
pub async fn export_districts(
    State(state): State<AppState>,
    session: Option<Extension<AuthSession>>,
) -> Result<Response, Failed> {
    downloader(session, permissions::RESOURCES_READ)?;
    let today = crate::time::local_today(chrono::Utc::now());
    let shapes = super::repo::district_shapes(&state.db, today).await?;
    let body = serde_json::to_vec_pretty(&super::geojson::feature_collection(&shapes))
        .map_err(|e| Failed::from(crate::error::AppError::internal(e.to_string())))?;
    Ok(file(body, "application/geo+json", "districts.geojson"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_formulas_defused() {
        let text = csv(&[vec!["=1+1".into(), "а;б".into(), "в \"г\"".into()]]);
        let line = text.lines().nth(1).unwrap();
        assert_eq!(line, "'=1+1;\"а;б\";\"в \"\"г\"\"\"");
    }
}
