//! Authorisation: every server function called as every role and as nobody, against the rules.
//! A server function missing from the table fails the test, so new ones must be added here.

use app::auth::session::create_session;
use app::auth::Role;
use app::state::Settings;
use http::StatusCode;
use opora_tests::{database, user, ServerFnBody, TempSite, TestApp};
use serde_json::json;

/// Who may call a server function.
#[derive(Clone, Copy, Debug)]
enum Allowed {
    /// Anyone, also without a session (signing in, asking who one is).
    Anyone,
    /// Any signed-in user.
    SignedIn,
    /// Only these roles.
    Roles(&'static [Role]),
}

use app::auth::permissions;

struct Case {
    path: &'static str,
    allowed: Allowed,
    body: fn() -> ServerFnBody,
}

fn form(pairs: &[(&'static str, &str)]) -> ServerFnBody {
    ServerFnBody::Form(pairs.iter().map(|(k, v)| (*k, v.to_string())).collect())
}

fn appeal() -> serde_json::Value {
    json!({
        "received_at": app::time::to_datetime_local(chrono::Utc::now()),
        "full_name": "", "phone": "", "address": "", "summary": "Проверка прав доступа",
        "answer": "", "answer_method": "", "channel": "phone", "topics": [], "district": "",
        "urgent": false, "handoff_to": "", "handoff_detail": "", "handoff_at": "", "handoff_by": "", "outcome": ""
    })
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            path: "/api/auth/login",
            allowed: Allowed::Anyone,
            body: || form(&[("login", "nobody"), ("password", "wrong-password"), ("next", "/")]),
        },
        Case { path: "/api/auth/me", allowed: Allowed::Anyone, body: || form(&[]) },
        Case { path: "/api/auth/logout", allowed: Allowed::Anyone, body: || form(&[]) },
        Case { path: "/api/auth/lock", allowed: Allowed::Anyone, body: || form(&[]) },
        Case { path: "/api/auth/logout_everywhere", allowed: Allowed::SignedIn, body: || form(&[]) },
        Case {
            path: "/api/auth/change_password",
            allowed: Allowed::SignedIn,
            body: || {
                form(&[
                    ("current", "not-the-password"),
                    ("new_password", "Новый-пароль-2026"),
                    ("repeat", "Новый-пароль-2026"),
                ])
            },
        },
        Case {
            path: "/api/journal/list",
            allowed: Allowed::Roles(permissions::JOURNAL_READ),
            body: || form(&[("query[q]", "")]),
        },
        Case {
            path: "/api/journal/get",
            allowed: Allowed::Roles(permissions::JOURNAL_READ),
            body: || form(&[("id", "missing")]),
        },
        Case { path: "/api/journal/blank", allowed: Allowed::Roles(permissions::JOURNAL_WRITE), body: || form(&[]) },
        Case {
            path: "/api/journal/register",
            allowed: Allowed::Roles(permissions::JOURNAL_WRITE),
            body: || ServerFnBody::Json(json!({ "form": appeal() })),
        },
        Case {
            path: "/api/journal/update",
            allowed: Allowed::Roles(permissions::JOURNAL_WRITE),
            body: || ServerFnBody::Json(json!({ "id": "missing", "version": 1, "form": appeal() })),
        },
        // The names of the social districts are reference data every page may need.
        Case { path: "/api/journal/districts", allowed: Allowed::SignedIn, body: || form(&[]) },
        Case {
            path: "/api/journal/print",
            allowed: Allowed::Roles(permissions::JOURNAL_EXPORT),
            body: || form(&[("query[q]", "")]),
        },
        // The journal of applications (заявления): those who receive them and open cases.
        Case {
            path: "/api/applications/list",
            allowed: Allowed::Roles(permissions::APPLICATIONS_READ),
            body: || form(&[("query[q]", "")]),
        },
        Case {
            path: "/api/applications/get",
            allowed: Allowed::Roles(permissions::APPLICATIONS_READ),
            body: || form(&[("id", "missing")]),
        },
        Case {
            path: "/api/applications/blank",
            allowed: Allowed::Roles(permissions::APPLICATIONS_WRITE),
            body: || form(&[]),
        },
        Case {
            path: "/api/applications/correction",
            allowed: Allowed::Roles(permissions::APPLICATIONS_WRITE),
            body: || form(&[("id", "missing")]),
        },
        Case {
            path: "/api/applications/correct",
            allowed: Allowed::Roles(permissions::APPLICATIONS_WRITE),
            body: || ServerFnBody::Json(json!({ "id": "missing", "version": 1, "form": {}, "reason": "" })),
        },
        Case {
            path: "/api/applications/register",
            allowed: Allowed::Roles(permissions::APPLICATIONS_WRITE),
            // Refused by validation (no consent), so nothing is written.
            body: || ServerFnBody::Json(json!({ "form": { "citizen_name": "Проверка Прав" } })),
        },
        Case {
            path: "/api/applications/print",
            allowed: Allowed::Roles(permissions::APPLICATIONS_READ),
            body: || form(&[("query[q]", "")]),
        },
        Case {
            path: "/api/applications/districts",
            allowed: Allowed::Roles(permissions::APPLICATIONS_READ),
            body: || form(&[]),
        },
        Case {
            path: "/api/cases/attach-choice",
            allowed: Allowed::Roles(permissions::CASE_CREATE),
            body: || form(&[("application", "missing"), ("words", "")]),
        },
        Case {
            path: "/api/cases/attach",
            allowed: Allowed::Roles(permissions::CASE_CREATE),
            body: || form(&[("application", "missing"), ("case_id", "missing"), ("version", "1")]),
        },
        Case { path: "/api/admin/overview", allowed: Allowed::Roles(permissions::ADMINISTER), body: || form(&[]) },
        Case {
            path: "/api/admin/save_user",
            allowed: Allowed::Roles(permissions::ADMINISTER),
            body: || {
                ServerFnBody::Json(
                    json!({ "form": { "id": "", "login": "", "full_name": "", "position": "", "roles": [], "districts": [] } }),
                )
            },
        },
        Case {
            path: "/api/admin/set_active",
            allowed: Allowed::Roles(permissions::ADMINISTER),
            body: || form(&[("id", "missing"), ("active", "true")]),
        },
        Case {
            path: "/api/admin/reset_password",
            allowed: Allowed::Roles(permissions::ADMINISTER),
            body: || form(&[("id", "missing")]),
        },
        Case {
            path: "/api/admin/save_district",
            allowed: Allowed::Roles(permissions::ADMINISTER),
            body: || {
                ServerFnBody::Json(json!({ "district": { "id": "d1", "number": 1, "name": "", "description": "" } }))
            },
        },
        Case {
            path: "/api/audit/list",
            allowed: Allowed::Roles(permissions::AUDIT_READ),
            body: || form(&[("query[user]", "")]),
        },
        Case {
            path: "/api/cases/get",
            allowed: Allowed::Roles(permissions::CASE_READ),
            body: || form(&[("id", "missing")]),
        },
        Case {
            path: "/api/cases/blank",
            allowed: Allowed::Roles(permissions::CASE_CREATE),
            body: || form(&[("from_entry", ""), ("from_application", "")]),
        },
        Case { path: "/api/cases/lists", allowed: Allowed::Roles(permissions::CASE_READ), body: || form(&[]) },
        Case {
            path: "/api/cases/create",
            allowed: Allowed::Roles(permissions::CASE_CREATE),
            body: || ServerFnBody::Json(json!({ "form": case_form() })),
        },
        Case {
            path: "/api/cases/update",
            allowed: Allowed::Roles(permissions::CASE_WORK),
            body: || ServerFnBody::Json(json!({ "id": "missing", "version": 1, "form": case_form() })),
        },
        Case {
            path: "/api/cases/move",
            allowed: Allowed::Roles(permissions::CASE_WORK),
            body: || {
                ServerFnBody::Json(json!({ "request": { "id": "missing", "version": 1, "to_stage": "intake",
                    "to_curator": null, "to_district": null, "comment": "" } }))
            },
        },
        Case {
            path: "/api/board/load",
            allowed: Allowed::Roles(permissions::BOARD),
            body: || ServerFnBody::Json(json!({ "query": board_query() })),
        },
        Case {
            path: "/api/board/cell",
            allowed: Allowed::Roles(permissions::BOARD),
            body: || {
                ServerFnBody::Json(
                    json!({ "query": board_query(), "cell": { "lane": "all", "stage": "intake", "after": "" } }),
                )
            },
        },
        Case {
            path: "/api/board/card",
            allowed: Allowed::Roles(permissions::BOARD),
            body: || ServerFnBody::Json(json!({ "query": board_query(), "id": "missing" })),
        },
        Case {
            path: "/api/board/counts",
            allowed: Allowed::Roles(permissions::BOARD),
            body: || ServerFnBody::Json(json!({ "query": board_query() })),
        },
        Case {
            path: "/api/board/limits",
            allowed: Allowed::Roles(permissions::SUPERVISE),
            body: || ServerFnBody::Json(json!({ "form": { "columns": [], "curator": "" } })),
        },
        // The production calendar is reference data for every deadline shown.
        Case { path: "/api/calendar/year", allowed: Allowed::SignedIn, body: || form(&[("year", "2026")]) },
        Case {
            path: "/api/calendar/save",
            allowed: Allowed::Roles(permissions::ADMINISTER),
            body: || form(&[("form[date]", "не дата"), ("form[kind]", "day_off"), ("form[note]", "")]),
        },
        Case {
            path: "/api/calendar/remove",
            allowed: Allowed::Roles(permissions::ADMINISTER),
            body: || form(&[("date", "2030-01-10")]),
        },
        Case {
            path: "/api/calendar/import/check",
            allowed: Allowed::Roles(permissions::ADMINISTER),
            body: || form(&[("year", "2027"), ("content", "")]),
        },
        Case {
            path: "/api/calendar/import",
            allowed: Allowed::Roles(permissions::ADMINISTER),
            body: || form(&[("year", "2027"), ("file_name", "2027.xml"), ("content", "")]),
        },
        Case {
            path: "/api/calendar/confirm",
            allowed: Allowed::Roles(permissions::ADMINISTER),
            body: || form(&[("year", "2027"), ("decree", "")]),
        },
        Case {
            path: "/api/calendar/clear",
            allowed: Allowed::Roles(permissions::ADMINISTER),
            body: || form(&[("year", "1999")]),
        },
        Case { path: "/api/calendar/warning", allowed: Allowed::SignedIn, body: || form(&[]) },
        // The idle lock and the heartbeat of a user typing on a page: any session.
        Case { path: "/api/auth/alive", allowed: Allowed::SignedIn, body: || form(&[]) },
        // The inspection act: read with the case, saved and signed as case work.
        Case {
            path: "/api/acts/get",
            allowed: Allowed::Roles(permissions::CASE_READ),
            body: || form(&[("case_id", "missing")]),
        },
        Case {
            path: "/api/acts/save",
            allowed: Allowed::Roles(permissions::CASE_WORK),
            body: || ServerFnBody::Json(json!({ "case_id": "missing", "version": 0, "content": {} })),
        },
        Case {
            path: "/api/acts/add_photo",
            allowed: Allowed::Roles(permissions::CASE_WORK),
            body: || ServerFnBody::Json(json!({ "case_id": "missing", "name": "p.png", "data": "" })),
        },
        Case {
            path: "/api/acts/sign",
            allowed: Allowed::Roles(permissions::CASE_WORK),
            body: || ServerFnBody::Json(json!({ "case_id": "missing", "version": 1 })),
        },
        // Home visits: the day is the caseworker's and the supervisor's; planning and marking
        // visits is case work.
        Case {
            path: "/api/visits/day",
            allowed: Allowed::Roles(permissions::VISITS),
            body: || form(&[("caseworker", ""), ("day", "")]),
        },
        Case {
            path: "/api/visits/for_case",
            allowed: Allowed::Roles(permissions::CASE_READ),
            body: || form(&[("case_id", "missing")]),
        },
        Case {
            path: "/api/visits/plan",
            allowed: Allowed::Roles(permissions::CASE_WORK),
            body: || {
                ServerFnBody::Json(
                    json!({ "case_id": "missing", "form": { "planned_at": "", "purpose": "", "caseworker": "" } }),
                )
            },
        },
        Case {
            path: "/api/visits/status",
            allowed: Allowed::Roles(permissions::CASE_WORK),
            body: || ServerFnBody::Json(json!({ "id": "missing", "version": 1, "status": "done" })),
        },
        // Router maps: read by those who work cases, edited by supervisors. A family's route is
        // read with its case and planned as case work.
        Case {
            path: "/api/router_maps/page",
            allowed: Allowed::Roles(permissions::ROUTER_MAPS_READ),
            body: || form(&[]),
        },
        Case {
            path: "/api/router_maps/versions",
            allowed: Allowed::Roles(permissions::ROUTER_MAPS_READ),
            body: || form(&[("code", "participant")]),
        },
        Case {
            path: "/api/router_maps/save",
            allowed: Allowed::Roles(permissions::ROUTER_MAPS_EDIT),
            body: || {
                ServerFnBody::Json(
                    json!({ "code": "participant", "version": 1, "content": { "title": "", "situations": [] } }),
                )
            },
        },
        Case {
            path: "/api/routes/get",
            allowed: Allowed::Roles(permissions::CASE_READ),
            body: || form(&[("case_id", "missing")]),
        },
        Case {
            path: "/api/routes/partners",
            allowed: Allowed::Roles(permissions::CASE_READ),
            body: || form(&[("case_id", "missing"), ("help_kind", "legal")]),
        },
        Case {
            path: "/api/routes/save",
            allowed: Allowed::Roles(permissions::CASE_WORK),
            body: || ServerFnBody::Json(json!({ "case_id": "missing", "version": 0, "content": {} })),
        },
        Case {
            path: "/api/ippsu/get",
            allowed: Allowed::Roles(permissions::CASE_READ),
            body: || form(&[("case_id", "missing")]),
        },
        Case {
            path: "/api/ippsu/save",
            allowed: Allowed::Roles(permissions::CASE_WORK),
            body: || ServerFnBody::Json(json!({ "case_id": "missing", "version": 0, "content": {}, "reason": "" })),
        },
        Case {
            path: "/api/ippsu/approve",
            allowed: Allowed::Roles(permissions::SUPERVISE),
            body: || {
                ServerFnBody::Json(json!({ "case_id": "missing", "version": 0, "content": {}, "decision_on": "",
                    "decision_number": "" }))
            },
        },
        Case {
            path: "/api/ippsu/complete",
            allowed: Allowed::Roles(permissions::CASE_WORK),
            body: || ServerFnBody::Json(json!({ "case_id": "missing", "version": 0, "content": {} })),
        },
        Case {
            path: "/api/contracts/get",
            allowed: Allowed::Roles(permissions::CASE_READ),
            body: || form(&[("case_id", "missing")]),
        },
        Case {
            path: "/api/contracts/save",
            allowed: Allowed::Roles(permissions::CASE_WORK),
            body: || ServerFnBody::Json(json!({ "case_id": "missing", "version": 0, "content": {} })),
        },
        Case {
            path: "/api/contracts/status",
            allowed: Allowed::Roles(permissions::CASE_WORK),
            body: || {
                ServerFnBody::Json(
                    json!({ "case_id": "missing", "version": 1, "to": "signed", "on": "", "reason": "" }),
                )
            },
        },
        Case { path: "/api/consilium/list", allowed: Allowed::Roles(permissions::CONSILIUM), body: || form(&[]) },
        Case {
            path: "/api/consilium/get",
            allowed: Allowed::Roles(permissions::CONSILIUM),
            body: || form(&[("id", "missing")]),
        },
        Case {
            path: "/api/consilium/save",
            allowed: Allowed::Roles(permissions::CONSILIUM),
            body: || ServerFnBody::Json(json!({ "id": "missing", "version": 1, "content": {} })),
        },
        Case {
            path: "/api/consilium/hold",
            allowed: Allowed::Roles(permissions::CONSILIUM),
            body: || ServerFnBody::Json(json!({ "id": "missing", "version": 1, "content": {} })),
        },
        Case {
            path: "/api/inquiries/list",
            allowed: Allowed::Roles(permissions::INQUIRIES),
            body: || form(&[("query[q]", "")]),
        },
        Case {
            path: "/api/inquiries/get",
            allowed: Allowed::Roles(permissions::INQUIRIES),
            body: || form(&[("id", "missing")]),
        },
        Case {
            path: "/api/inquiries/letter",
            allowed: Allowed::Roles(permissions::INQUIRIES),
            body: || form(&[("id", "missing")]),
        },
        Case {
            path: "/api/inquiries/blank",
            allowed: Allowed::Roles(permissions::INQUIRIES),
            body: || form(&[("case", "")]),
        },
        Case { path: "/api/inquiries/partners", allowed: Allowed::Roles(permissions::INQUIRIES), body: || form(&[]) },
        Case {
            path: "/api/inquiries/due",
            allowed: Allowed::Roles(permissions::INQUIRIES),
            body: || form(&[("term", "general"), ("sent_on", ""), ("due_on", "")]),
        },
        // An empty form is refused field by field: nothing is written.
        Case {
            path: "/api/inquiries/save",
            allowed: Allowed::Roles(permissions::INQUIRIES),
            body: || ServerFnBody::Json(json!({ "id": "", "version": 0, "form": {} })),
        },
        Case {
            path: "/api/inquiries/send",
            allowed: Allowed::Roles(permissions::INQUIRIES),
            body: || ServerFnBody::Json(json!({ "id": "", "version": 0, "form": {} })),
        },
        Case {
            path: "/api/inquiries/answer",
            allowed: Allowed::Roles(permissions::INQUIRIES),
            body: || form(&[("id", "missing"), ("answer_on", ""), ("answer_text", "")]),
        },
        Case {
            path: "/api/inquiries/answer_file",
            allowed: Allowed::Roles(permissions::INQUIRIES),
            body: || ServerFnBody::Json(json!({ "id": "missing", "name": "ответ.pdf", "data": "" })),
        },
        Case {
            path: "/api/inquiries/of_case",
            allowed: Allowed::Roles(permissions::INQUIRIES),
            body: || form(&[("case_id", "missing")]),
        },
        Case { path: "/api/inquiries/deadlines", allowed: Allowed::Roles(permissions::INQUIRIES), body: || form(&[]) },
        Case {
            path: "/api/plans/mine",
            allowed: Allowed::Roles(permissions::PLAN_ACTIVITIES),
            body: || form(&[("all", "false")]),
        },
        Case {
            path: "/api/plans/result",
            allowed: Allowed::Roles(permissions::PLAN_ACTIVITIES),
            body: || {
                ServerFnBody::Json(
                    json!({ "case_id": "missing", "activity_key": "a", "seen": { "status": "planned", "result": "" },
                    "report": { "status": "planned", "result": "" } }),
                )
            },
        },
        // The territory resource map: everyone who works reads it, caseworkers and supervisors
        // edit it (caseworkers their districts'), boundaries are the supervisor's and the admin's.
        Case { path: "/api/resources/lists", allowed: Allowed::Roles(permissions::RESOURCES_READ), body: || form(&[]) },
        Case {
            path: "/api/resources/partners",
            allowed: Allowed::Roles(permissions::RESOURCES_READ),
            body: || {
                form(&[
                    ("query[text]", "юрист"),
                    ("query[help]", ""),
                    ("query[kind]", ""),
                    ("query[district]", ""),
                    ("query[cost]", ""),
                    ("query[agreement]", "false"),
                    ("query[archived]", "false"),
                ])
            },
        },
        Case {
            path: "/api/resources/partner",
            allowed: Allowed::Roles(permissions::RESOURCES_READ),
            body: || form(&[("id", "missing")]),
        },
        Case {
            path: "/api/elders/registry",
            allowed: Allowed::Roles(permissions::ELDERS),
            body: || form(&[("query[q]", "")]),
        },
        Case {
            path: "/api/elders/round",
            allowed: Allowed::Roles(permissions::ELDERS),
            body: || form(&[("district", "")]),
        },
        Case {
            path: "/api/elders/get",
            allowed: Allowed::Roles(permissions::ELDERS),
            body: || form(&[("id", "missing")]),
        },
        Case { path: "/api/elders/blank", allowed: Allowed::Roles(permissions::ELDERS), body: || form(&[]) },
        Case {
            path: "/api/elders/edit",
            allowed: Allowed::Roles(permissions::ELDERS),
            body: || form(&[("id", "missing")]),
        },
        Case {
            path: "/api/elders/save",
            allowed: Allowed::Roles(permissions::ELDERS),
            // Refused at its fields: nothing is written.
            body: || ServerFnBody::Json(json!({ "id": "", "version": 0, "form": { "full_name": "" } })),
        },
        Case {
            path: "/api/elders/contact",
            allowed: Allowed::Roles(permissions::ELDERS),
            body: || ServerFnBody::Json(json!({ "id": "missing", "form": { "client_key": "k1", "result": "" } })),
        },
        Case {
            path: "/api/elders/acknowledge",
            allowed: Allowed::Roles(permissions::SUPERVISE),
            body: || form(&[("id", "missing")]),
        },
        Case {
            path: "/api/elders/events",
            allowed: Allowed::Roles(permissions::ELDERS),
            body: || form(&[("month", "")]),
        },
        Case {
            path: "/api/elders/event_save",
            allowed: Allowed::Roles(permissions::ELDERS),
            body: || ServerFnBody::Json(json!({ "id": "", "version": 0, "form": { "title": "" } })),
        },
        Case {
            path: "/api/elders/event",
            allowed: Allowed::Roles(permissions::ELDERS),
            body: || form(&[("id", "missing")]),
        },
        Case {
            path: "/api/elders/inform",
            allowed: Allowed::Roles(permissions::ELDERS),
            body: || form(&[("event", "missing"), ("elder", "missing"), ("group", ""), ("way", "phone")]),
        },
        Case {
            path: "/api/elders/attend",
            allowed: Allowed::Roles(permissions::ELDERS),
            body: || form(&[("event", "missing"), ("elder", "missing"), ("attended", "true")]),
        },
        Case {
            path: "/api/elders/group_save",
            allowed: Allowed::Roles(permissions::ELDERS),
            body: || ServerFnBody::Json(json!({ "form": { "name": "", "theme": "", "leader": "" } })),
        },
        Case {
            path: "/api/elders/events_import",
            allowed: Allowed::Roles(permissions::ELDERS),
            body: || ServerFnBody::Json(json!({ "file_name": "план.csv", "data": "", "apply": false })),
        },
        Case {
            path: "/api/elders/walk",
            allowed: Allowed::Roles(permissions::ELDERS),
            body: || form(&[("query[district]", ""), ("query[street]", ""), ("query[houses]", "")]),
        },
        Case {
            path: "/api/elders/needs",
            allowed: Allowed::Roles(permissions::ELDERS),
            body: || form(&[("district", "")]),
        },
        Case {
            path: "/api/elders/close_need",
            allowed: Allowed::Roles(permissions::ELDERS),
            body: || form(&[("id", "nobody"), ("outcome", "help"), ("note", "")]),
        },
        Case { path: "/api/elders/month", allowed: Allowed::Roles(permissions::ELDERS), body: || form(&[]) },
        Case {
            path: "/api/elders/blank_case",
            allowed: Allowed::Roles(permissions::ELDERS),
            body: || form(&[("id", "nobody")]),
        },
        Case {
            path: "/api/elders/link_case",
            allowed: Allowed::Roles(permissions::ELDERS),
            body: || form(&[("id", "nobody"), ("case_id", "nobody")]),
        },
        Case {
            path: "/api/elders/import",
            allowed: Allowed::Roles(permissions::ELDERS),
            body: || ServerFnBody::Json(json!({ "file_name": "список.csv", "data": "", "apply": false })),
        },
        Case {
            path: "/api/elders/report",
            allowed: Allowed::Roles(permissions::ELDERS),
            body: || form(&[("query[quarter]", "2026-Q4"), ("query[district]", "")]),
        },
        Case {
            path: "/api/elders/join",
            allowed: Allowed::Roles(permissions::ELDERS),
            body: || form(&[("elder", "missing"), ("group", "missing"), ("member", "true")]),
        },
        Case {
            path: "/api/elders/person_events",
            allowed: Allowed::Roles(permissions::ELDERS),
            body: || form(&[("elder", "missing")]),
        },
        Case {
            path: "/api/elders/plan",
            allowed: Allowed::Roles(permissions::ELDERS),
            body: || form(&[("elder", "missing"), ("period", "")]),
        },
        Case {
            path: "/api/elders/needs_save",
            allowed: Allowed::Roles(permissions::ELDERS),
            body: || ServerFnBody::Json(json!({ "elder": "missing", "version": 0, "form": {} })),
        },
        Case {
            path: "/api/elders/plan_item_save",
            allowed: Allowed::Roles(permissions::ELDERS),
            body: || ServerFnBody::Json(json!({ "elder": "missing", "id": "", "version": 0, "form": {} })),
        },
        Case {
            path: "/api/elders/plan_item_mark",
            allowed: Allowed::Roles(permissions::ELDERS),
            body: || form(&[("id", "missing"), ("version", "1"), ("done", "done")]),
        },
        Case {
            path: "/api/elders/plan_item_delete",
            allowed: Allowed::Roles(permissions::ELDERS),
            body: || form(&[("id", "missing"), ("version", "1")]),
        },
        Case { path: "/api/rental/overview", allowed: Allowed::Roles(permissions::RENTAL), body: || form(&[]) },
        Case { path: "/api/rental/summary", allowed: Allowed::Roles(permissions::RENTAL), body: || form(&[]) },
        Case {
            path: "/api/rental/of_case",
            allowed: Allowed::Roles(permissions::RENTAL),
            body: || form(&[("case", "missing")]),
        },
        Case {
            path: "/api/rental/item",
            allowed: Allowed::Roles(permissions::RENTAL),
            body: || form(&[("id", "missing")]),
        },
        Case {
            path: "/api/rental/save_item",
            allowed: Allowed::Roles(permissions::RENTAL),
            body: || ServerFnBody::Json(json!({ "id": "", "version": 0, "form": {} })),
        },
        Case {
            path: "/api/rental/loan_start",
            allowed: Allowed::Roles(permissions::RENTAL),
            body: || form(&[("item", ""), ("case", ""), ("elder", ""), ("wait", "")]),
        },
        Case {
            path: "/api/people/find",
            allowed: Allowed::Roles(permissions::PEOPLE_FIND),
            body: || form(&[("query", "Иванова")]),
        },
        Case {
            path: "/api/rental/issue",
            allowed: Allowed::Roles(permissions::RENTAL),
            body: || ServerFnBody::Json(json!({ "form": {} })),
        },
        Case {
            path: "/api/rental/loan",
            allowed: Allowed::Roles(permissions::RENTAL),
            body: || form(&[("id", "missing")]),
        },
        Case {
            path: "/api/rental/extend",
            allowed: Allowed::Roles(permissions::RENTAL),
            body: || ServerFnBody::Json(json!({ "id": "missing", "version": 1, "form": {} })),
        },
        Case {
            path: "/api/rental/return",
            allowed: Allowed::Roles(permissions::RENTAL),
            body: || ServerFnBody::Json(json!({ "id": "missing", "version": 1, "form": {} })),
        },
        Case {
            path: "/api/rental/queue",
            allowed: Allowed::Roles(permissions::RENTAL),
            body: || ServerFnBody::Json(json!({ "form": {} })),
        },
        Case {
            path: "/api/rental/unqueue",
            allowed: Allowed::Roles(permissions::RENTAL),
            body: || form(&[("id", "missing")]),
        },
        Case {
            path: "/api/rental/report",
            allowed: Allowed::Roles(permissions::RENTAL),
            body: || ServerFnBody::Json(json!({ "query": {} })),
        },
        Case { path: "/api/patrol/summary", allowed: Allowed::Roles(permissions::PATROL), body: || form(&[]) },
        Case { path: "/api/reports/list", allowed: Allowed::Roles(permissions::REPORTS), body: || form(&[]) },
        Case {
            path: "/api/reports/svo",
            allowed: Allowed::Roles(permissions::REPORTS),
            body: || form(&[("month", "2026-11")]),
        },
        Case {
            path: "/api/reports/submit",
            allowed: Allowed::Roles(permissions::SUPERVISE),
            body: || {
                ServerFnBody::Json(json!({ "form": {
                    "kind": "monitoring_quarterly", "period": "", "manual": [], "reason": "", "seen_version": 0
                } }))
            },
        },
        Case {
            path: "/api/reports/monitoring",
            allowed: Allowed::Roles(permissions::REPORTS),
            body: || form(&[("quarter", "2026-Q3")]),
        },
        Case {
            path: "/api/reports/monitoring/questions",
            allowed: Allowed::Roles(permissions::SUPERVISE),
            body: || form(&[]),
        },
        Case {
            path: "/api/reports/monitoring/questions_save",
            allowed: Allowed::Roles(permissions::SUPERVISE),
            body: || ServerFnBody::Json(json!({ "questions": [], "version": 0 })),
        },
        Case {
            path: "/api/reports/monitoring/survey",
            allowed: Allowed::Roles(permissions::CASE_WORK),
            body: || form(&[("case_id", "missing")]),
        },
        Case {
            path: "/api/reports/monitoring/survey_save",
            allowed: Allowed::Roles(permissions::CASE_WORK),
            body: || {
                ServerFnBody::Json(json!({ "form": {
                    "case_id": "missing", "quarter": "2026-Q4", "way": "", "respondent": "", "answers": [], "seen_version": 0
                } }))
            },
        },
        Case { path: "/api/dashboard", allowed: Allowed::Roles(permissions::SUPERVISE), body: || form(&[]) },
        Case { path: "/api/dashboard/mine", allowed: Allowed::Roles(permissions::BOARD), body: || form(&[]) },
        Case { path: "/api/reports/workload", allowed: Allowed::Roles(permissions::SUPERVISE), body: || form(&[]) },
        Case {
            path: "/api/journal/report",
            allowed: Allowed::Roles(permissions::JOURNAL_READ),
            body: || ServerFnBody::Json(json!({ "query": {} })),
        },
        Case {
            path: "/api/patrol/list",
            allowed: Allowed::Roles(permissions::PATROL),
            body: || ServerFnBody::Json(json!({ "query": {} })),
        },
        Case {
            path: "/api/patrol/get",
            allowed: Allowed::Roles(permissions::PATROL),
            body: || form(&[("id", "missing")]),
        },
        Case {
            path: "/api/patrol/save",
            allowed: Allowed::Roles(permissions::PATROL),
            body: || ServerFnBody::Json(json!({ "id": "", "version": 0, "form": {} })),
        },
        Case {
            path: "/api/patrol/add_participant",
            allowed: Allowed::Roles(permissions::PATROL),
            body: || ServerFnBody::Json(json!({ "id": "missing", "form": {} })),
        },
        Case {
            path: "/api/patrol/remove_participant",
            allowed: Allowed::Roles(permissions::PATROL),
            body: || form(&[("id", "missing"), ("key", "missing")]),
        },
        Case {
            path: "/api/patrol/remove_met",
            allowed: Allowed::Roles(permissions::PATROL),
            body: || form(&[("id", "missing"), ("key", "missing")]),
        },
        Case {
            path: "/api/patrol/cancel",
            allowed: Allowed::Roles(permissions::PATROL),
            body: || form(&[("id", "missing"), ("version", "1"), ("reason", "")]),
        },
        Case {
            path: "/api/patrol/save_met",
            allowed: Allowed::Roles(permissions::PATROL),
            body: || ServerFnBody::Json(json!({ "id": "missing", "key": "", "form": {} })),
        },
        Case {
            path: "/api/patrol/register_appeal",
            allowed: Allowed::Roles(permissions::PATROL),
            body: || form(&[("id", "missing"), ("key", "missing")]),
        },
        Case {
            path: "/api/patrol/hold",
            allowed: Allowed::Roles(permissions::PATROL),
            body: || ServerFnBody::Json(json!({ "id": "missing", "version": 1, "form": {} })),
        },
        Case { path: "/api/taxi/day", allowed: Allowed::Roles(permissions::TAXI), body: || form(&[("date", "")]) },
        Case { path: "/api/taxi/summary", allowed: Allowed::Roles(permissions::TAXI), body: || form(&[]) },
        Case {
            path: "/api/taxi/of_case",
            allowed: Allowed::Roles(permissions::TAXI),
            body: || form(&[("case", "missing")]),
        },
        Case {
            path: "/api/taxi/ride",
            allowed: Allowed::Roles(permissions::TAXI),
            body: || form(&[("id", "missing")]),
        },
        Case {
            path: "/api/taxi/start",
            allowed: Allowed::Roles(permissions::TAXI),
            body: || form(&[("date", ""), ("case", ""), ("elder", "")]),
        },
        Case {
            path: "/api/taxi/save",
            allowed: Allowed::Roles(permissions::TAXI),
            body: || ServerFnBody::Json(json!({ "id": "", "version": 0, "form": {} })),
        },
        Case {
            path: "/api/taxi/confirm",
            allowed: Allowed::Roles(permissions::TAXI),
            body: || ServerFnBody::Json(json!({ "id": "missing", "version": 1, "form": {} })),
        },
        Case {
            path: "/api/taxi/done",
            allowed: Allowed::Roles(permissions::TAXI),
            body: || form(&[("id", "missing"), ("version", "1")]),
        },
        Case {
            path: "/api/taxi/cancel",
            allowed: Allowed::Roles(permissions::TAXI),
            body: || ServerFnBody::Json(json!({ "id": "missing", "version": 1, "form": {} })),
        },
        Case { path: "/api/taxi/schedule", allowed: Allowed::Roles(permissions::TAXI), body: || form(&[("date", "")]) },
        Case {
            path: "/api/taxi/report",
            allowed: Allowed::Roles(permissions::TAXI),
            body: || ServerFnBody::Json(json!({ "query": {} })),
        },
        Case {
            path: "/api/resources/create",
            allowed: Allowed::Roles(permissions::RESOURCES_EDIT),
            body: || ServerFnBody::Json(json!({ "form": partner_form() })),
        },
        Case {
            path: "/api/resources/update",
            allowed: Allowed::Roles(permissions::RESOURCES_EDIT),
            body: || ServerFnBody::Json(json!({ "id": "missing", "version": 1, "form": partner_form() })),
        },
        Case {
            path: "/api/resources/locate",
            allowed: Allowed::Roles(permissions::RESOURCES_EDIT),
            body: || ServerFnBody::Json(json!({ "id": "missing", "version": 1, "lat": 61.31, "lon": 63.33 })),
        },
        Case {
            path: "/api/resources/archive",
            allowed: Allowed::Roles(permissions::RESOURCES_EDIT),
            body: || ServerFnBody::Json(json!({ "id": "missing", "version": 1, "archived": true })),
        },
        Case {
            path: "/api/resources/passport",
            allowed: Allowed::Roles(permissions::RESOURCES_READ),
            body: || form(&[("id", "missing")]),
        },
        Case {
            path: "/api/resources/save_passport",
            allowed: Allowed::Roles(permissions::RESOURCES_EDIT),
            // District 1 is the test caseworker's; the figures are refused, so nothing is written.
            body: || {
                ServerFnBody::Json(json!({ "id": "d1", "version": 1, "form": { "residents": "-1",
                    "families_with_children": "", "large_families": "", "pensioners": "", "disabled": "",
                    "svo_families": "", "infrastructure": "", "verified": false } }))
            },
        },
        Case {
            path: "/api/resources/passports_due",
            allowed: Allowed::Roles(permissions::RESOURCES_READ),
            body: || form(&[]),
        },
        Case {
            path: "/api/resources/coverage",
            allowed: Allowed::Roles(permissions::RESOURCES_READ),
            body: || form(&[]),
        },
        Case {
            path: "/api/resources/boundaries",
            allowed: Allowed::Roles(permissions::DISTRICT_BOUNDARIES),
            body: || ServerFnBody::Json(json!({ "geojson": "не GeoJSON" })),
        },
        Case {
            path: "/api/resources/donations",
            allowed: Allowed::Roles(permissions::RESOURCES_READ),
            body: || form(&[("archived", "false")]),
        },
        Case {
            path: "/api/resources/save_benefactor",
            allowed: Allowed::Roles(permissions::RESOURCES_EDIT),
            body: || {
                ServerFnBody::Json(json!({ "id": "", "version": 0, "form": { "kind": "", "name": "", "contact": "",
                    "phone": "", "help": [], "offer": "", "districts": [] } }))
            },
        },
        Case {
            path: "/api/resources/save_beneficiary",
            allowed: Allowed::Roles(permissions::RESOURCES_EDIT),
            body: || {
                ServerFnBody::Json(json!({ "id": "", "version": 0, "form": { "name": "", "district": "",
                    "members": "", "help": [], "need": "", "case": "", "benefactor": "", "status": "" } }))
            },
        },
        Case {
            path: "/api/resources/archive_donation",
            allowed: Allowed::Roles(permissions::RESOURCES_EDIT),
            body: || {
                ServerFnBody::Json(json!({ "registry": "benefactor", "id": "missing", "version": 1, "archived": true }))
            },
        },
        Case {
            path: "/api/resources/import",
            allowed: Allowed::Roles(permissions::RESOURCES_EDIT),
            body: || ServerFnBody::Json(json!({ "file_name": "partners.csv", "data": "не base64", "apply": false })),
        },
    ]
}

/// A partner form with mistakes: refused field by field, nothing written.
fn partner_form() -> serde_json::Value {
    json!({
        "kind": "", "name": "", "description": "", "address": "", "phones": "", "email": "", "website": "",
        "contact_person": "", "lat": "", "lon": "", "districts": [], "hours": "", "services": [],
        "agreement_number": "", "agreement_date": "", "agreement_until": "", "verified_on": ""
    })
}

fn case_form() -> serde_json::Value {
    json!({
        "kind": "family", "title": "Проверка прав", "members": [], "categories": [], "address": "", "district": "",
        "phone": "", "consent": false, "consent_date": "", "curator": "", "source": "personal", "source_detail": "",
        "journal_entry": "", "notes": "", "detected_on": "", "need_recognised_on": "", "plan_approved_on": ""
    })
}

fn board_query() -> serde_json::Value {
    json!({ "district": "", "curator": "", "category": "", "overdue": "", "q": "", "lanes": "" })
}

#[tokio::test]
async fn every_server_function_is_in_the_table() {
    let listed: Vec<&str> = cases().iter().map(|c| c.path).collect();
    let mut missing: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .filter(|path| !listed.contains(&path.as_str()))
        .collect();
    missing.sort();
    assert!(missing.is_empty(), "server functions without an authorisation rule in tests/auth.rs: {missing:?}");
    for path in listed {
        assert!(
            leptos::server_fn::axum::server_fn_paths().any(|(p, _)| p == path),
            "{path} is in the table but is not a server function"
        );
    }
}

#[tokio::test]
async fn every_server_function_answers_each_role_as_the_rules_say() {
    let db = database().await;
    let settings = Settings::default();
    let app = TestApp::new(db.clone()).await;
    let mut people = Vec::new();
    for role in Role::ALL {
        people.push((Some(*role), user(&db, &format!("u-{}", role.code()), *role).await));
    }
    let mut failures = Vec::new();
    for case in cases() {
        // Nobody: refused with 401 unless the function is open to anyone.
        let reply = app.call(case.path, (case.body)(), None).await;
        let refused = matches!(reply.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN);
        match case.allowed {
            Allowed::Anyone if refused => failures.push(format!("{} refused nobody: {}", case.path, reply.status)),
            Allowed::SignedIn | Allowed::Roles(_) if reply.status != StatusCode::UNAUTHORIZED => {
                failures.push(format!("{} answered nobody with {} {}", case.path, reply.status, reply.body))
            }
            _ => {}
        }
        for (role, person) in &people {
            // A fresh session per call: some functions end the caller's sessions.
            let token = create_session(&db, &settings, &person.id, "127.0.0.1", "test").await.expect("session");
            let cookie = format!("opora_session={token}");
            let reply = app.call(case.path, (case.body)(), Some(&cookie)).await;
            let role = role.expect("role");
            let should_allow = match case.allowed {
                Allowed::Anyone | Allowed::SignedIn => true,
                Allowed::Roles(roles) => roles.contains(&role),
            };
            if should_allow && matches!(reply.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) {
                failures.push(format!("{} refused {:?}: {} {}", case.path, role, reply.status, reply.body));
            }
            if should_allow && reply.status.is_server_error() {
                failures.push(format!("{} failed for {:?}: {} {}", case.path, role, reply.status, reply.body));
            }
            if !should_allow {
                if reply.status != StatusCode::FORBIDDEN {
                    failures.push(format!("{} answered {:?} with {} instead of 403", case.path, role, reply.status));
                } else if !reply.body.contains("прав") && !reply.body.contains("доступ") {
                    failures
                        .push(format!("{} refused {:?} without a message in Russian: {}", case.path, role, reply.body));
                }
            }
        }
    }
    assert!(failures.is_empty(), "authorisation table violated:\n{}", failures.join("\n"));
}

/// Downloads of the resource map (registry as Excel, CSV, HSDS JSON; boundaries as GeoJSON).
const RESOURCE_DOWNLOADS: [&str; 4] =
    ["/resources/export.xlsx", "/resources/export.csv", "/resources/export.json", "/resources/districts.geojson"];

#[tokio::test]
async fn pages_redirect_strangers_to_login_and_refuse_other_roles() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let caseworker = user(&db, "caseworker", Role::Caseworker).await;
    let admin = user(&db, "admin", Role::Admin).await;
    let settings = Settings::default();

    let reply = app.get("/journal?q=x", None).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.headers["location"], "/login?next=%2Fjournal%3Fq%3Dx");

    let reply = app.get("/journal/export.xlsx", None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let reply = app.get("/resources?q=юрист", None).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert!(reply.headers["location"].to_str().unwrap().starts_with("/login?next=%2Fresources"));

    let token = create_session(&db, &settings, &caseworker.id, "127.0.0.1", "test").await.expect("session");
    let cookie = format!("opora_session={token}");
    for page in ["/journal", "/admin/users", "/admin/calendar", "/audit"] {
        let reply = app.get(page, Some(&cookie)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{page} for a caseworker");
        assert!(reply.body.contains("Нет доступа"));
    }
    let reply = app.get("/journal/export.xlsx", Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    // A photo of an act is served to those who may see the case, never to strangers.
    assert_eq!(app.get("/acts/photos/missing", None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get("/acts/photos/missing", Some(&cookie)).await.status, StatusCode::NOT_FOUND);
    // The day's visits are the caseworker's page, and so are the router maps.
    assert_eq!(app.get("/visits", Some(&cookie)).await.status, StatusCode::OK);
    assert_eq!(app.get("/router-maps", Some(&cookie)).await.status, StatusCode::OK);
    // The resource map is every working role's, the caseworker's too.
    for page in ["/resources", "/resources/partners/new", "/resources/districts/d1"] {
        let reply = app.get(page, Some(&cookie)).await;
        assert_ne!(reply.status, StatusCode::FORBIDDEN, "{page} for a caseworker");
        assert!(!reply.status.is_server_error(), "{page} for a caseworker: {}", reply.status);
    }
    for download in RESOURCE_DOWNLOADS {
        let reply = app.get(download, Some(&cookie)).await;
        assert_eq!(reply.status, StatusCode::OK, "{download} for a caseworker");
    }

    // An administrator manages accounts but does not read the journal of families.
    let token = create_session(&db, &settings, &admin.id, "127.0.0.1", "test").await.expect("session");
    let cookie = format!("opora_session={token}");
    assert_eq!(app.get("/journal", Some(&cookie)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/admin/users", Some(&cookie)).await.status, StatusCode::OK);
    assert_eq!(app.get("/visits", Some(&cookie)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/router-maps", Some(&cookie)).await.status, StatusCode::FORBIDDEN);
    // … and reads the resource map, whose district boundaries are also theirs to load.
    assert_ne!(app.get("/resources", Some(&cookie)).await.status, StatusCode::FORBIDDEN);
    for download in RESOURCE_DOWNLOADS {
        assert_eq!(app.get(download, Some(&cookie)).await.status, StatusCode::OK, "{download} for an administrator");
    }
}

#[tokio::test]
async fn downloads_answer_strangers_401_like_the_journals() {
    let db = database().await;
    let app = TestApp::new(db).await;
    // A download is a link, not a page to come back to after signing in: 401, no redirect.
    let mut failures = Vec::new();
    for download in ["/journal/export.xlsx", "/audit/export.xlsx"].into_iter().chain(RESOURCE_DOWNLOADS) {
        let reply = app.get(download, None).await;
        if reply.status != StatusCode::UNAUTHORIZED {
            failures.push(format!("{download}: {} instead of 401", reply.status));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn pages_travel_compressed_and_excel_files_are_not_compressed_twice() {
    let db = database().await;
    user(&db, "chief", Role::Supervisor).await;
    let app = TestApp::new(db).await;
    let cookie = app.login("chief").await;
    let get = |path: &'static str, accept: &'static str| {
        let request = http::Request::get(path)
            .header("host", "localhost")
            .header("cookie", cookie.clone())
            .header("accept-encoding", accept)
            .body(axum::body::Body::empty())
            .expect("request");
        app.send(request)
    };
    let encoding = |reply: &opora_tests::Reply| {
        reply.headers.get("content-encoding").and_then(|v| v.to_str().ok()).unwrap_or("").to_string()
    };
    // A tablet on a slow line gets the page in brotli, an older browser in gzip.
    let page = get("/journal", "gzip, deflate, br").await;
    assert_eq!((page.status, encoding(&page).as_str()), (StatusCode::OK, "br"));
    let page = get("/journal", "gzip").await;
    assert_eq!((page.status, encoding(&page).as_str()), (StatusCode::OK, "gzip"));
    // An Excel file is a zip archive already.
    let export = get("/journal/export.xlsx", "gzip, br").await;
    assert_eq!(export.status, StatusCode::OK);
    assert_eq!(encoding(&export), "", "an .xlsx compressed again");
}

#[tokio::test]
async fn a_tablet_keeps_the_client_bundle_and_only_asks_whether_it_changed() {
    let bundle = "(function(){})();".repeat(4000);
    let site = TempSite::with("bundle", &[("pkg/opora.js", &bundle)]);
    let app = TestApp::with_site(database().await, Default::default(), &site.root()).await;
    let get = |modified_since: Option<String>| {
        let mut request =
            http::Request::get("/pkg/opora.js").header("host", "localhost").header("accept-encoding", "br");
        if let Some(date) = modified_since {
            request = request.header("if-modified-since", date);
        }
        app.send(request.body(axum::body::Body::empty()).expect("request"))
    };
    // The first visit: the whole file, compressed, with its date and «ask before using it».
    let first = get(None).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.headers.get("content-encoding").map(|v| v.as_bytes()), Some(&b"br"[..]));
    assert_eq!(first.headers.get("cache-control").map(|v| v.as_bytes()), Some(&b"no-cache"[..]));
    let date = first.headers.get("last-modified").and_then(|v| v.to_str().ok()).expect("last-modified").to_string();
    // The next visits: «not modified», nothing to download.
    let again = get(Some(date)).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    // A file that is not there is «not found».
    let missing = app.get("/pkg/nothing.wasm", None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_release_bundle_is_sent_as_compressed_at_build_time() {
    // `cargo leptos build --release --precompress` leaves `.br` and `.gz` beside each file.
    let bundle = "(function(){})();".repeat(4000);
    let site = TempSite::with(
        "precompressed",
        &[("pkg/opora.js", &bundle), ("pkg/opora.js.br", "brotli-at-build"), ("pkg/opora.js.gz", "gzip-at-build")],
    );
    let app = TestApp::with_site(database().await, Default::default(), &site.root()).await;
    let get = |encoding: &'static str| {
        let request =
            http::Request::get("/pkg/opora.js").header("host", "localhost").header("accept-encoding", encoding);
        app.send(request.body(axum::body::Body::empty()).expect("request"))
    };
    let br = get("gzip, br").await;
    assert_eq!(br.status, StatusCode::OK);
    assert_eq!(br.headers.get("content-encoding").map(|v| v.as_bytes()), Some(&b"br"[..]));
    assert_eq!(br.body, "brotli-at-build", "the file made at build time, not compressed again");
    let gz = get("gzip").await;
    assert_eq!(gz.headers.get("content-encoding").map(|v| v.as_bytes()), Some(&b"gzip"[..]));
    assert_eq!(gz.body, "gzip-at-build");
    let plain = get("identity").await;
    assert_eq!(plain.headers.get("content-encoding"), None);
    assert_eq!(plain.body.len(), bundle.len());
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let db = database().await;
    let app = TestApp::new(db).await;
    let request = http::Request::post("/api/auth/login")
        .header("host", "localhost")
        .header("origin", "https://evil.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from("login=a&password=b&next=/"))
        .expect("request");
    let reply = app.send(request).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn repeated_failures_lock_the_account_and_are_audited() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "petrova", Role::Caseworker).await;
    for _ in 0..5 {
        let reply = app
            .call("/api/auth/login", form(&[("login", "petrova"), ("password", "не тот пароль"), ("next", "/")]), None)
            .await;
        assert_ne!(reply.status, StatusCode::OK);
    }
    // Even the right password does not open a locked account.
    let reply = app
        .call(
            "/api/auth/login",
            form(&[("login", "petrova"), ("password", opora_tests::PASSWORD), ("next", "/")]),
            None,
        )
        .await;
    assert!(reply.session_cookie().is_none(), "a locked account signed in: {}", reply.body);
    // … and answers as a wrong password would: a lock tells an outsider the login exists.
    assert!(reply.body.contains("Неверный логин или пароль"), "{}", reply.body);
    assert!(!reply.body.contains("заблокирован"), "{}", reply.body);

    let mut response =
        db.query("SELECT action FROM audit WHERE action IN ['login_failed', 'account_locked']").await.expect("audit");
    let rows: Vec<serde_json::Value> = response.take(0).expect("rows");
    let actions: Vec<&str> = rows.iter().filter_map(|r| r["action"].as_str()).collect();
    assert!(actions.iter().filter(|a| **a == "login_failed").count() >= 5, "{actions:?}");
    assert!(actions.contains(&"account_locked"), "{actions:?}");
}

#[tokio::test]
async fn the_audit_trail_cannot_be_changed_or_deleted() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "disp", Role::Dispatcher).await;
    app.login("disp").await;
    let update = db.query("UPDATE audit SET summary = 'подделка'").await.expect("query").check();
    assert!(update.is_err(), "audit lines were changed");
    let delete = db.query("DELETE audit").await.expect("query").check();
    assert!(delete.is_err(), "audit lines were deleted");
    let mut response = db.query("SELECT count() AS n FROM audit GROUP ALL").await.expect("count");
    let rows: Vec<serde_json::Value> = response.take(0).expect("rows");
    assert!(rows[0]["n"].as_u64().unwrap_or(0) >= 1);
}

#[tokio::test]
async fn an_administrator_creates_resets_and_deactivates_accounts() {
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    user(&db, "admin", Role::Admin).await;
    let cookie = app.login("admin").await;

    // A form with several mistakes names all of them at once.
    let reply = app
        .call(
            "/api/admin/save_user",
            ServerFnBody::Json(json!({ "form": { "id": "", "login": "Иванова!", "full_name": " ", "position": "", "roles": [], "districts": [] } })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let errors = &reply.json()["Validation"];
    for field in ["login", "full_name", "roles"] {
        assert!(errors[field].is_string(), "no message for {field}: {errors}");
    }

    let reply = app
        .call(
            "/api/admin/save_user",
            ServerFnBody::Json(json!({ "form": { "id": "", "login": "ivanova", "full_name": "Иванова  Мария Петровна", "position": "Специалист", "roles": ["caseworker"], "districts": ["d3"] } })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let saved = reply.json();
    let id = saved["user"]["id"].as_str().expect("id").to_string();
    let temporary = saved["temporary_password"].as_str().expect("one-time password").to_string();
    assert_eq!(saved["user"]["full_name"], "Иванова Мария Петровна");
    assert_eq!(saved["user"]["must_change_password"], true);

    // The new person signs in with the one-time password and is sent to change it.
    let reply = app
        .call("/api/auth/login", form(&[("login", "ivanova"), ("password", &temporary), ("next", "/journal")]), None)
        .await;
    let their_cookie = reply.session_cookie().expect("signed in");
    assert_eq!(reply.headers.get("location").map(|v| v.to_str().unwrap_or_default()), Some("/password"));
    assert_eq!(app.get("/journal", Some(&their_cookie)).await.headers["location"], "/password");

    // Deactivation ends their sessions at once.
    let reply = app.call("/api/admin/set_active", form(&[("id", &id), ("active", "false")]), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(app.call("/api/auth/me", form(&[]), Some(&their_cookie)).await.json(), serde_json::Value::Null);
    let reply =
        app.call("/api/auth/login", form(&[("login", "ivanova"), ("password", &temporary), ("next", "/")]), None).await;
    assert!(reply.session_cookie().is_none());

    // The administrator cannot lock themselves out.
    let me = app.call("/api/auth/me", form(&[]), Some(&cookie)).await.json();
    let my_id = me["user"]["id"].as_str().expect("me").to_string();
    let reply = app.call("/api/admin/set_active", form(&[("id", &my_id), ("active", "false")]), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Every step is in the audit trail.
    let reply = app.call("/api/audit/list", form(&[("query[user]", "")]), Some(&cookie)).await;
    let actions: Vec<String> = reply.json()["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["action"].as_str().map(str::to_string))
        .collect();
    for expected in ["create", "login", "deactivate"] {
        assert!(actions.iter().any(|a| a == expected), "{expected} missing in {actions:?}");
    }
}

#[tokio::test]
async fn the_audit_trail_reads_newest_first_and_filters_by_user_action_and_period() {
    use app::trail::{repo, AuditQuery};
    let db = database().await;
    let app = TestApp::new(db.clone()).await;
    let dispatcher = user(&db, "disp", Role::Dispatcher).await;
    user(&db, "admin", Role::Admin).await;
    app.login("disp").await;
    app.login("admin").await;
    let _ = app.call("/api/auth/login", form(&[("login", "disp"), ("password", "не тот"), ("next", "/")]), None).await;

    let all = repo::list(&db, &AuditQuery::default(), 100).await.expect("trail");
    assert!(all.len() >= 3);
    assert!(all.windows(2).all(|w| w[0].at >= w[1].at), "newest first");
    assert_eq!(all[0].action, "login_failed");

    let mine = repo::list(&db, &AuditQuery { user: dispatcher.id.clone(), ..Default::default() }, 100).await.unwrap();
    assert!(!mine.is_empty() && mine.iter().all(|e| e.user_id.as_deref() == Some(dispatcher.id.as_str())));
    let logins = repo::list(&db, &AuditQuery { action: "login".into(), ..Default::default() }, 100).await.unwrap();
    assert_eq!(logins.len(), 2);

    let today = app::time::to_local(chrono::Utc::now()).date_naive();
    let today_only = AuditQuery { from: today.to_string(), to: today.to_string(), ..Default::default() };
    assert_eq!(repo::list(&db, &today_only, 100).await.unwrap().len(), all.len());
    let yesterday = (today - chrono::Duration::days(1)).to_string();
    let before = AuditQuery { to: yesterday, ..Default::default() };
    assert!(repo::list(&db, &before, 100).await.unwrap().is_empty());
    // Paging: the second line onwards, by the first line's moment.
    let older = AuditQuery { before: all[0].at.to_rfc3339(), ..Default::default() };
    assert_eq!(repo::list(&db, &older, 100).await.unwrap().len(), all.len() - 1);
    // A hostile filter is refused, not run.
    let hostile = AuditQuery { user: "x; DELETE audit".into(), ..Default::default() };
    assert!(repo::list(&db, &hostile, 100).await.is_err());
}

/// A page's inline scripts run only under the Content-Security-Policy carrying their nonce. The
/// files a browser fetches while the page is still being rendered (the icon, the map's scripts)
/// must not take that policy away from the page.
#[tokio::test]
async fn each_page_keeps_its_script_policy_while_the_browser_fetches_files_beside_it() {
    let site = TempSite::with("csp", &[("favicon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")]);
    let db = database().await;
    user(&db, "disp", Role::Dispatcher).await;
    let app = TestApp::with_site(db, Default::default(), &site.root()).await;
    let cookie = app.login("disp").await;

    let pages = (0..24).map(|_| app.get("/journal/new", Some(&cookie)));
    let icons = (0..24).map(|_| app.get("/favicon.svg", Some(&cookie)));
    // Requests that never finish fail the test, instead of holding the whole run.
    let (pages, icons) = tokio::time::timeout(std::time::Duration::from_secs(90), async {
        tokio::join!(futures::future::join_all(pages), futures::future::join_all(icons))
    })
    .await
    .expect("pages and files answered within 90 s");

    for page in &pages {
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let policy = page.headers.get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or_default();
        let nonce = policy
            .split_whitespace()
            .find_map(|word| word.strip_prefix("'nonce-").and_then(|n| n.strip_suffix('\'')))
            .unwrap_or_else(|| panic!("a page without its nonce in the policy: {policy}"));
        assert!(page.body.contains(&format!("nonce=\"{nonce}\"")), "the page's scripts carry another nonce");
    }
    for icon in &icons {
        assert_eq!(icon.status, StatusCode::OK);
        let policy = icon.headers.get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert!(!policy.contains("nonce-"), "a file took a page's policy: {policy}");
    }
    // A path that is no file and no page is the application's «not found» page.
    let missing = app.get("/nothing-here.txt", Some(&cookie)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("Страница не найдена"));
}
