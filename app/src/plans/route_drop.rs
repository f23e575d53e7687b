//! What a drop on the planner does: a step of a map into the route (at a place, or at its end),
//! the route reordered, a step dragged back onto the map out of it.

use super::types::*;
use crate::components::drag::move_within;
use crate::router_maps::types::RouterMap;

/// Puts a step of a map into the route at `at` (none: at the end).
pub(crate) fn add_step(plan: &mut Plan, map: &RouterMap, step_id: &str, at: Option<usize>) -> Option<String> {
    let (situation, step) = map.step(step_id)?;
    let activity = Activity::from_step(map, &situation.title, step, new_key(plan, step_id));
    let title = activity.title.clone();
    let at = at.unwrap_or(plan.activities.len()).min(plan.activities.len());
    plan.activities.insert(at, activity);
    Some(format!("«{title}» — {}-й шаг маршрута", at + 1))
}

/// Applies a drop on the planner.
pub(crate) fn apply_drop(
    plan: &mut Plan,
    maps: &[RouterMap],
    item: &str,
    zone: &str,
    index: Option<usize>,
) -> Option<String> {
    if let Some(rest) = item.strip_prefix("m:") {
        if zone != "route" {
            return None;
        }
        let (code, step) = rest.split_once(':')?;
        let map = maps.iter().find(|m| m.code == code)?;
        return add_step(plan, map, step, index);
    }
    let key = item.strip_prefix("r:")?;
    let from = plan.activities.iter().position(|a| a.key == key)?;
    match zone {
        "route" => {
            let end = plan.activities.len();
            let at = move_within(&mut plan.activities, from, index.unwrap_or(end));
            Some(format!("«{}» — теперь {}-й шаг маршрута", plan.activities[at].title, at + 1))
        }
        "map" => {
            let removed = plan.activities.remove(from);
            Some(format!("«{}» убран из маршрута", removed.title))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::router_maps::types::{Audience, MapContent, Situation, Step};

    fn map() -> RouterMap {
        let step = |id: &str| Step {
            id: id.into(),
            title: id.to_uppercase(),
            duration_days: 2,
            help_kind: "legal".into(),
            ..Default::default()
        };
        RouterMap {
            code: "participant".into(),
            audience: Audience::Participant,
            content: MapContent {
                title: "К".into(),
                situations: vec![Situation {
                    id: "p-a".into(),
                    title: "Ситуация".into(),
                    steps: vec![step("p-a-1"), step("p-a-2"), step("p-a-3")],
                    ..Default::default()
                }],
            },
            version: 4,
            updated_at: chrono::Utc::now(),
            updated_by_name: String::new(),
        }
    }

    #[test]
    fn steps_dropped_into_the_route_keep_the_map_version_and_their_place() {
        let maps = vec![map()];
        let mut plan = Plan::default();
        apply_drop(&mut plan, &maps, "m:participant:p-a-1", "route", None).unwrap();
        apply_drop(&mut plan, &maps, "m:participant:p-a-2", "route", Some(0)).unwrap();
        apply_drop(&mut plan, &maps, "m:participant:p-a-3", "route", Some(1)).unwrap();
        let order: Vec<_> = plan.activities.iter().map(|a| a.step.as_str()).collect();
        assert_eq!(order, ["p-a-2", "p-a-3", "p-a-1"]);
        assert!(plan.activities.iter().all(|a| a.map_version == 4 && a.situation == "Ситуация"));
        // Reordered by dragging: the first goes last.
        let first = plan.activities[0].key.clone();
        apply_drop(&mut plan, &maps, &format!("r:{first}"), "route", Some(3)).unwrap();
        assert_eq!(plan.activities[2].step, "p-a-2");
        // Dragged back onto the map: out of the route.
        apply_drop(&mut plan, &maps, &format!("r:{first}"), "map", None).unwrap();
        assert_eq!(plan.activities.len(), 2);
        // A step dropped anywhere but the route does nothing.
        assert!(apply_drop(&mut plan, &maps, "m:participant:p-a-1", "map", None).is_none());
    }
}
