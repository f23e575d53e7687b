//! The statutory clocks of a case (3, 5 and 15 working days), the nearest deadline stored with
//! the case, and the order of its card. Pure functions, tested without a database.

use super::types::*;
use crate::calendar::ProductionCalendar;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// The first day each stage was reached (the clocks are met when a stage is first reached).
pub type Reached = BTreeMap<Stage, NaiveDate>;

/// What the clocks of a case are computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockFacts {
    pub stage: Stage,
    pub detected_on: NaiveDate,
    /// The date of the citizen's application (заявление), when the case has one.
    pub applied_on: Option<NaiveDate>,
    pub plan_approved_on: Option<NaiveDate>,
    pub reached: Reached,
}

fn clock(
    calendar: &ProductionCalendar,
    kind: ClockKind,
    start: Option<NaiveDate>,
    met_on: Option<NaiveDate>,
    closed: bool,
    today: NaiveDate,
) -> Clock {
    let Some(start) = start else {
        let state = if closed { ClockState::Cancelled } else { ClockState::NotStarted };
        return Clock { kind, state, preliminary: false };
    };
    let due = calendar.add_working_days(start, kind.working_days());
    let state = match met_on {
        Some(on) => ClockState::Met { due, on, late_by: calendar.working_days_between(due, on).max(0) },
        None if closed => ClockState::Cancelled,
        None if today > due => ClockState::Overdue { due, days_over: calendar.working_days_between(due, today) },
        None => ClockState::Running { due, days_left: calendar.working_days_between(today, due) },
    };
    let preliminary =
        matches!(state, ClockState::Running { .. } | ClockState::Overdue { .. }) && calendar.is_preliminary(due);
    Clock { kind, state, preliminary }
}

/// The three statutory clocks of a case on a given day:
/// collect and analyse within 3 working days of detection (met on reaching need assessment);
/// proposals for the ИППСУ within 5 working days of the appeal — of the application when the
/// case has one (met on reaching the plan);
/// implementation within 15 working days after the plan's approval (met on reaching it).
pub fn clocks(calendar: &ProductionCalendar, facts: &ClockFacts, today: NaiveDate) -> Vec<Clock> {
    let closed = facts.stage == Stage::Closed;
    clock_starts(facts)
        .into_iter()
        .map(|(kind, start, met_at)| clock(calendar, kind, start, facts.reached.get(&met_at).copied(), closed, today))
        .collect()
}

/// Each clock with the day it starts from (none yet for an unapproved plan) and the stage
/// whose reaching meets it: the one definition both `clocks` and `next_due` read.
fn clock_starts(facts: &ClockFacts) -> [(ClockKind, Option<NaiveDate>, Stage); 3] {
    [
        (ClockKind::Intake, Some(facts.detected_on), Stage::Assessment),
        (ClockKind::Proposals, Some(facts.applied_on.unwrap_or(facts.detected_on)), Stage::Plan),
        (ClockKind::ImplementationStart, facts.plan_approved_on, Stage::Implementation),
    ]
}

/// The earliest deadline still to be met, whatever today is: stored with the case so that the
/// board sorts and filters by it in the database.
pub fn next_due(calendar: &ProductionCalendar, facts: &ClockFacts) -> Option<(NaiveDate, ClockKind)> {
    if facts.stage == Stage::Closed {
        return None;
    }
    clock_starts(facts)
        .into_iter()
        .filter(|(_, _, met_at)| !facts.reached.contains_key(met_at))
        .filter_map(|(kind, start, _)| start.map(|s| (calendar.add_working_days(s, kind.working_days()), kind)))
        .min_by_key(|(due, _)| *due)
}

/// The order of a card in its board column: open cases by their nearest deadline (none last),
/// closed ones most recently closed first; the case number breaks ties.
pub fn board_key(stage: Stage, due: Option<NaiveDate>, closed_on: NaiveDate, year: i64, number: i64) -> String {
    let tail = format!("{year:04}{number:07}");
    if stage == Stage::Closed {
        let newest_first: String = closed_on
            .format("%Y%m%d")
            .to_string()
            .chars()
            .map(|c| c.to_digit(10).map(|d| char::from(b'0' + (9 - d) as u8)).unwrap_or(c))
            .collect();
        format!("{newest_first}|{tail}")
    } else {
        let due = due.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_else(|| "9999-12-31".into());
        format!("{due}|{tail}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::DayKind;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn calendar() -> ProductionCalendar {
        ProductionCalendar::new([(d(2026, 1, 9), DayKind::DayOff), (d(2026, 12, 31), DayKind::DayOff)])
    }

    #[test]
    fn clocks_run_out_and_are_met() {
        let cal = calendar();
        // Detected on Monday 16 November 2026.
        let mut facts = ClockFacts {
            stage: Stage::Intake,
            detected_on: d(2026, 11, 16),
            applied_on: None,
            plan_approved_on: None,
            reached: Reached::new(),
        };
        let on_wed = clocks(&cal, &facts, d(2026, 11, 18));
        assert_eq!(on_wed[0].state, ClockState::Running { due: d(2026, 11, 19), days_left: 1 });
        assert_eq!(on_wed[1].state, ClockState::Running { due: d(2026, 11, 23), days_left: 3 });
        assert_eq!(on_wed[2].state, ClockState::NotStarted);
        let on_tue = clocks(&cal, &facts, d(2026, 11, 24));
        assert_eq!(on_tue[0].state, ClockState::Overdue { due: d(2026, 11, 19), days_over: 3 });
        assert_eq!(on_tue[0].urgency(), Some(Urgency::Overdue));
        assert_eq!(on_tue[0].describe(), "просрочено на 3 рабочих дня (срок 19.11.2026)");
        assert_eq!(next_due(&cal, &facts), Some((d(2026, 11, 19), ClockKind::Intake)));

        facts.stage = Stage::Assessment;
        facts.reached.insert(Stage::Assessment, d(2026, 11, 19));
        let met = clocks(&cal, &facts, d(2026, 11, 24));
        assert_eq!(met[0].state, ClockState::Met { due: d(2026, 11, 19), on: d(2026, 11, 19), late_by: 0 });
        assert_eq!(next_due(&cal, &facts), Some((d(2026, 11, 23), ClockKind::Proposals)));

        facts.stage = Stage::Plan;
        facts.reached.insert(Stage::Plan, d(2026, 11, 25));
        facts.plan_approved_on = Some(d(2026, 11, 25));
        let planned = clocks(&cal, &facts, d(2026, 11, 25));
        assert_eq!(planned[1].state, ClockState::Met { due: d(2026, 11, 23), on: d(2026, 11, 25), late_by: 2 });
        // 15 working days from 25 November 2026: 16 December.
        assert_eq!(planned[2].state, ClockState::Running { due: d(2026, 12, 16), days_left: 15 });

        facts.stage = Stage::Closed;
        assert_eq!(clocks(&cal, &facts, d(2026, 12, 1))[2].state, ClockState::Cancelled);
        assert_eq!(next_due(&cal, &facts), None);
    }

    #[test]
    fn the_proposals_clock_counts_from_the_application() {
        // Detected on a round on Monday 16 November; the application came on Friday 20th.
        let facts = ClockFacts {
            stage: Stage::Assessment,
            detected_on: d(2026, 11, 16),
            applied_on: Some(d(2026, 11, 20)),
            plan_approved_on: None,
            reached: Reached::from([(Stage::Assessment, d(2026, 11, 18))]),
        };
        let c = clocks(&calendar(), &facts, d(2026, 11, 24));
        assert_eq!(
            c[0].state,
            ClockState::Met { due: d(2026, 11, 19), on: d(2026, 11, 18), late_by: 0 },
            "the intake clock still counts from detection"
        );
        assert_eq!(c[1].state, ClockState::Running { due: d(2026, 11, 27), days_left: 3 });
        assert_eq!(next_due(&calendar(), &facts), Some((d(2026, 11, 27), ClockKind::Proposals)));
    }

    #[test]
    fn a_clock_over_the_new_year_holidays() {
        let facts = ClockFacts {
            stage: Stage::Implementation,
            detected_on: d(2026, 12, 1),
            applied_on: None,
            plan_approved_on: Some(d(2026, 12, 24)),
            reached: Reached::new(),
        };
        // 25, 28, 29, 30 December (4); 31 December and 1–10 January are off; 11–15 January (9),
        // 18–22 January (14), Monday 25 January 2027 (15).
        let c = clocks(&calendar(), &facts, d(2026, 12, 30));
        assert_eq!(c[2].due(), Some(d(2027, 1, 25)));
    }

    #[test]
    fn cards_sort_by_deadline_and_closed_ones_newest_first() {
        let soon = board_key(Stage::Intake, Some(d(2026, 11, 19)), d(2026, 1, 1), 2026, 7);
        let later = board_key(Stage::Intake, Some(d(2026, 12, 1)), d(2026, 1, 1), 2026, 3);
        let none = board_key(Stage::Evaluation, None, d(2026, 1, 1), 2026, 1);
        assert!(soon < later && later < none);
        assert_eq!(soon, "2026-11-19|20260000007");
        let closed_recently = board_key(Stage::Closed, None, d(2026, 11, 20), 2026, 1);
        let closed_long_ago = board_key(Stage::Closed, None, d(2026, 10, 1), 2026, 2);
        assert!(closed_recently < closed_long_ago);
    }
}
