//! Demo appeals of the journal of «Семейная диспетчерская»: the scenarios of `journal.json`,
//! from people of the appeal's district; the newest urgent ones still wait for their hand-off
//! record.

use super::common::pick_within;
use super::data::{self, Sex};
use super::people;
use app::auth::Role;
use app::journal::types::*;
use app::time::to_datetime_local;
use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::Rng;
use std::sync::LazyLock;

/// The dispatchers who record a hand-off, as they sign it: «Сидорова Е. В.».
static DISPATCHERS: LazyLock<Vec<String>> = LazyLock::new(|| {
    data::staff().users.iter().filter(|u| u.roles.contains(&Role::Dispatcher)).map(|u| u.short_name()).collect()
});

/// Total weight of the ordinary scenarios, for [`demo_appeal`].
pub fn scenario_weight() -> u32 {
    data::journal().scenarios.iter().map(|s| s.weight).sum()
}

/// One realistic appeal of the demo department at a given moment. The last few of a run are
/// more often urgent, and the newest urgent ones still wait for their hand-off record.
/// `total_weight` is [`scenario_weight`], computed once by the caller of many.
pub fn demo_appeal(
    rng: &mut StdRng,
    now: DateTime<Utc>,
    received_at: DateTime<Utc>,
    i: usize,
    entries: usize,
    total_weight: u32,
) -> AppealForm {
    let journal = data::journal();
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
        address: people::address(rng, district),
        channel: channel.code().to_string(),
        district: if rng.random_bool(0.85) { format!("d{district}") } else { String::new() },
        ..Default::default()
    };
    let applicant = if urgent_case {
        let urgent = journal.urgent.choose(rng).expect("urgent appeals");
        form.summary = urgent.summary.clone();
        form.urgent = true;
        form.topics = vec![Topic::UrgentServices.code().to_string()];
        // The newest urgent appeals still wait for their hand-off record.
        if !(recent && i + 3 >= entries) {
            form.handoff_to = urgent.recipient.code().to_string();
            form.handoff_detail = urgent.detail.clone();
            form.handoff_at = to_datetime_local(received_at + Duration::minutes(rng.random_range(2..12)));
            form.handoff_by = DISPATCHERS.get(i % DISPATCHERS.len().max(1)).cloned().unwrap_or_default();
            form.answer = journal.urgent_answer.clone();
            form.answer_method = AnswerMethod::Phone.code().to_string();
            form.outcome = Outcome::Authority.code().to_string();
        }
        urgent.applicant
    } else {
        let scenario = pick_within(rng, &journal.scenarios, |s| s.weight, total_weight);
        let summary = scenario.summaries.choose(rng).expect("summaries");
        form.summary = summary.text().to_string();
        form.topics = scenario.topics.iter().map(|t| t.code().to_string()).collect();
        // Recent appeals are often still open: the answer is recorded later.
        if !(recent && rng.random_bool(0.6)) && rng.random_bool(0.93) {
            form.answer = scenario.answer.clone();
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
        summary.applicant()
    };
    if !anonymous {
        let sex = applicant.unwrap_or(if rng.random_bool(0.72) { Sex::Female } else { Sex::Male });
        form.full_name = people::adult(rng, sex, app::time::local_today(received_at)).full_name();
    }
    if !(anonymous && rng.random_bool(0.5)) {
        form.phone = people::spoken_phone(rng);
    }
    form
}
