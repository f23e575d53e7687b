//! Where situations and steps are in a map, and what a drop does: a step into a situation's list
//! (or onto a situation: at its end), a situation among the situations.

use super::types::*;
use crate::components::drag::move_within;

/// Where a step is: (situation index, step index).
pub(crate) fn find_step(content: &MapContent, id: &str) -> Option<(usize, usize)> {
    content.situations.iter().enumerate().find_map(|(i, s)| s.steps.iter().position(|st| st.id == id).map(|j| (i, j)))
}

pub(crate) fn find_situation(content: &MapContent, id: &str) -> Option<usize> {
    content.situations.iter().position(|s| s.id == id)
}

/// Applies a drop: a step into a situation's list (or onto a situation: at its end), a
/// situation among the situations.
pub(crate) fn apply_drop(
    content: &mut MapContent,
    item: &str,
    zone: &str,
    index: Option<usize>,
    on: Option<usize>,
) -> Option<String> {
    if let Some(step) = item.strip_prefix("t:") {
        let (si, sj) = find_step(content, step)?;
        let (target, place) = if let Some(sid) = zone.strip_prefix("steps:") {
            (find_situation(content, sid)?, index)
        } else if zone == "situations" {
            (on.filter(|i| *i < content.situations.len())?, None)
        } else {
            return None;
        };
        if target == si {
            let len = content.situations[si].steps.len();
            move_within(&mut content.situations[si].steps, sj, place.unwrap_or(len));
        } else {
            let moved = content.situations[si].steps.remove(sj);
            let steps = &mut content.situations[target].steps;
            let at = place.unwrap_or(steps.len()).min(steps.len());
            steps.insert(at, moved);
        }
        return Some(format!("Шаг перенесён в ситуацию «{}»", content.situations[target].title));
    }
    if let Some(sid) = item.strip_prefix("s:") {
        let from = find_situation(content, sid)?;
        let to = if zone == "situations" { index? } else { find_situation(content, zone.strip_prefix("steps:")?)? };
        let at = move_within(&mut content.situations, from, to);
        return Some(format!("Ситуация теперь {}-я в карте", at + 1));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content() -> MapContent {
        let step = |id: &str| Step {
            id: id.into(),
            title: id.into(),
            duration_days: 1,
            help_kind: "legal".into(),
            ..Default::default()
        };
        MapContent {
            title: "К".into(),
            situations: vec![
                Situation {
                    id: "a".into(),
                    title: "А".into(),
                    steps: vec![step("a-1"), step("a-2")],
                    ..Default::default()
                },
                Situation { id: "b".into(), title: "Б".into(), steps: vec![step("b-1")], ..Default::default() },
            ],
        }
    }

    #[test]
    fn a_step_moves_within_and_between_situations() {
        let mut c = content();
        apply_drop(&mut c, "t:a-1", "steps:a", Some(2), Some(1)).unwrap();
        assert_eq!(c.situations[0].steps.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["a-2", "a-1"]);
        apply_drop(&mut c, "t:a-1", "steps:b", Some(0), Some(0)).unwrap();
        assert_eq!(c.situations[1].steps.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["a-1", "b-1"]);
        // Dropped on a situation's card: at its end.
        apply_drop(&mut c, "t:a-2", "situations", Some(2), Some(1)).unwrap();
        assert_eq!(c.situations[1].steps.last().unwrap().id, "a-2");
        assert!(c.situations[0].steps.is_empty());
    }

    #[test]
    fn situations_reorder() {
        let mut c = content();
        apply_drop(&mut c, "s:b", "situations", Some(0), Some(0)).unwrap();
        assert_eq!(c.situations[0].id, "b");
    }
}
