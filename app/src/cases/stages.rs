//! The stage machine of a case: which moves are allowed and what each stage needs
//! (`STAGE_REQUIREMENTS`, one table). Pure functions, tested without a database.

use super::types::*;
use crate::auth::{CurrentUser, Role};

/// The longest comment of a move.
pub const MAX_COMMENT: usize = 2000;

/// What a stage needs before a case may enter it (moving forward).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    Curator,
    Members,
    Consent,
    NeedRecognised,
    PlanApproved,
    Conclusion,
}

impl Requirement {
    pub fn message(self) -> &'static str {
        match self {
            Requirement::Curator => "Назначьте куратора случая",
            Requirement::Members => "Внесите членов семьи (хотя бы заявителя)",
            Requirement::Consent => "Отметьте согласие на обработку персональных данных и его дату",
            Requirement::NeedRecognised => "Укажите дату признания нуждающимся в социальном обслуживании",
            Requirement::PlanApproved => {
                "Нужна дата утверждения плана: утвердите ИППСУ решением комиссии (заведующий отделением)"
            }
            Requirement::Conclusion => {
                "Перед закрытием заполните заключение: итог плана сопровождения или заключение о выполнении ИППСУ"
            }
        }
    }
}

/// The rules of the stages, as one table: what entering each stage requires. Closing asks for
/// the conclusion only after evaluation: a case closed earlier (a refusal, a move away) has none.
pub const STAGE_REQUIREMENTS: &[(Stage, &[Requirement])] = &[
    (Stage::Appeal, &[]),
    (Stage::Intake, &[Requirement::Curator]),
    (Stage::Assessment, &[Requirement::Curator, Requirement::Members, Requirement::Consent]),
    (Stage::Plan, &[Requirement::NeedRecognised]),
    (Stage::Implementation, &[Requirement::PlanApproved]),
    (Stage::Evaluation, &[]),
    (Stage::Closed, &[Requirement::Conclusion]),
];

pub fn requirements(stage: Stage) -> &'static [Requirement] {
    STAGE_REQUIREMENTS.iter().find(|(s, _)| *s == stage).map(|(_, r)| *r).unwrap_or(&[])
}

/// What the move rules need to know about a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    pub stage: Stage,
    pub has_curator: bool,
    pub members: usize,
    pub consent: bool,
    pub need_recognised: bool,
    pub plan_approved: bool,
    /// The plan's conclusion or the ИППСУ's is written.
    pub concluded: bool,
}

impl CaseFacts {
    fn meets(&self, requirement: Requirement) -> bool {
        match requirement {
            Requirement::Curator => self.has_curator,
            Requirement::Members => self.members > 0,
            Requirement::Consent => self.consent,
            Requirement::NeedRecognised => self.need_recognised,
            Requirement::PlanApproved => self.plan_approved,
            Requirement::Conclusion => self.concluded,
        }
    }
}

/// Roles that move cases between stages.
pub const MOVERS: &[Role] = &[Role::Caseworker, Role::Supervisor];

/// Why a move is refused, in Russian, for the person who tried it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub Vec<String>);

impl Refusal {
    pub fn message(&self) -> String {
        self.0.join(". ")
    }
}

/// Whether a move needs a comment: going back, closing, reopening.
pub fn needs_comment(from: Stage, to: Stage) -> bool {
    to.index() < from.index() || to == Stage::Closed || from == Stage::Closed
}

/// Checks a move of a case from its stage to `to` by a user (whose right to see the case is
/// checked separately). Every reason at once.
pub fn check_move(facts: &CaseFacts, to: Stage, user: &CurrentUser, comment: &str) -> Result<(), Refusal> {
    let from = facts.stage;
    if to == from {
        return Err(Refusal(vec![format!("Случай уже на этапе «{}»", to.label())]));
    }
    if !user.has_any(MOVERS) {
        return Err(Refusal(vec![
            "Переводить случай по этапам могут специалист по работе с семьёй и заведующий".into()
        ]));
    }
    let supervisor = user.has(Role::Supervisor);
    let mut reasons = Vec::new();
    if from == Stage::Closed && !supervisor {
        reasons.push("Возобновить закрытый случай может только заведующий отделением".to_string());
    } else if to == Stage::Closed && !supervisor {
        reasons.push("Закрыть случай может только заведующий отделением: передайте ему заключение".to_string());
    } else if to.index() > from.index() && to != Stage::Closed && from != Stage::Closed {
        if let Some(next) = from.next().filter(|n| *n != to) {
            reasons.push(format!("Этапы проходят по порядку: следующий этап — «{}»", next.label()));
        } else {
            reasons.extend(requirements(to).iter().filter(|r| !facts.meets(**r)).map(|r| r.message().to_string()));
        }
    }
    if to == Stage::Closed && from == Stage::Evaluation {
        reasons.extend(requirements(to).iter().filter(|r| !facts.meets(**r)).map(|r| r.message().to_string()));
    }
    if needs_comment(from, to) && comment.trim().is_empty() {
        reasons.push(if to == Stage::Closed {
            "Напишите комментарий: итог работы и причина закрытия".to_string()
        } else if from == Stage::Closed {
            "Напишите комментарий: почему случай возобновляется".to_string()
        } else {
            "Напишите комментарий: почему случай возвращается на прежний этап".to_string()
        });
    }
    if comment.chars().count() > MAX_COMMENT {
        reasons.push(format!("Комментарий — не больше {MAX_COMMENT} знаков"));
    }
    if reasons.is_empty() {
        Ok(())
    } else {
        Err(Refusal(reasons))
    }
}

/// The moves a user could make from here, each with what is still missing (for the case page).
pub fn move_options(facts: &CaseFacts, user: &CurrentUser) -> Vec<MoveOption> {
    if !user.has_any(MOVERS) {
        return vec![];
    }
    Stage::ALL
        .iter()
        .copied()
        .filter(|to| *to != facts.stage)
        .filter_map(|to| {
            let needs_comment = needs_comment(facts.stage, to);
            // Check as if a comment were given; the form asks for it when it is needed.
            match check_move(facts, to, user, "комментарий") {
                Ok(()) => Some(MoveOption { to, missing: vec![], needs_comment }),
                Err(Refusal(reasons)) => {
                    let ordering_or_role =
                        reasons.iter().any(|r| r.starts_with("Этапы") || r.contains("только заведующий"));
                    (!ordering_or_role).then_some(MoveOption { to, missing: reasons, needs_comment })
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role) -> CurrentUser {
        CurrentUser {
            id: "u1".into(),
            login: "u1".into(),
            full_name: "Петрова Анна Сергеевна".into(),
            roles: vec![role],
            districts: vec!["d1".into()],
            must_change_password: false,
        }
    }

    fn facts(stage: Stage) -> CaseFacts {
        CaseFacts {
            stage,
            has_curator: true,
            members: 2,
            consent: true,
            need_recognised: true,
            plan_approved: true,
            concluded: true,
        }
    }

    #[test]
    fn forward_one_stage_at_a_time() {
        let worker = user(Role::Caseworker);
        assert!(check_move(&facts(Stage::Intake), Stage::Assessment, &worker, "").is_ok());
        let refused = check_move(&facts(Stage::Intake), Stage::Implementation, &worker, "").unwrap_err();
        assert_eq!(refused.message(), "Этапы проходят по порядку: следующий этап — «Оценка нуждаемости»");
    }

    #[test]
    fn each_stage_asks_for_what_it_needs() {
        let worker = user(Role::Caseworker);
        let no_curator = CaseFacts { has_curator: false, ..facts(Stage::Appeal) };
        assert_eq!(
            check_move(&no_curator, Stage::Intake, &worker, "").unwrap_err().0,
            vec!["Назначьте куратора случая"]
        );
        let bare = CaseFacts { members: 0, consent: false, ..facts(Stage::Intake) };
        assert_eq!(check_move(&bare, Stage::Assessment, &worker, "").unwrap_err().0.len(), 2);
        let unapproved = CaseFacts { plan_approved: false, ..facts(Stage::Plan) };
        assert!(check_move(&unapproved, Stage::Implementation, &worker, "")
            .unwrap_err()
            .message()
            .contains("утвердите ИППСУ"));
    }

    #[test]
    fn a_case_is_closed_after_evaluation_only_with_its_conclusion() {
        let chief = user(Role::Supervisor);
        let open = CaseFacts { concluded: false, ..facts(Stage::Evaluation) };
        let refused = check_move(&open, Stage::Closed, &chief, "Цели достигнуты").unwrap_err();
        assert!(refused.message().contains("заполните заключение"), "{}", refused.message());
        assert!(check_move(&facts(Stage::Evaluation), Stage::Closed, &chief, "Цели достигнуты").is_ok());
        // A family that refused at intake is closed without a plan's conclusion.
        let early = CaseFacts { concluded: false, ..facts(Stage::Intake) };
        assert!(check_move(&early, Stage::Closed, &chief, "Отказ от сопровождения").is_ok());
    }

    #[test]
    fn going_back_needs_a_comment_and_closing_a_supervisor() {
        let worker = user(Role::Caseworker);
        let chief = user(Role::Supervisor);
        assert!(check_move(&facts(Stage::Plan), Stage::Intake, &worker, " ").is_err());
        assert!(check_move(&facts(Stage::Plan), Stage::Intake, &worker, "Нужен повторный выход").is_ok());
        let closing = check_move(&facts(Stage::Evaluation), Stage::Closed, &worker, "Цели достигнуты").unwrap_err();
        assert!(closing.message().contains("только заведующий"));
        assert!(check_move(&facts(Stage::Evaluation), Stage::Closed, &chief, "").is_err());
        assert!(check_move(&facts(Stage::Intake), Stage::Closed, &chief, "Семья переехала").is_ok());
        assert!(check_move(&facts(Stage::Closed), Stage::Implementation, &worker, "Повторно").is_err());
        assert!(check_move(&facts(Stage::Closed), Stage::Implementation, &chief, "Повторное обращение").is_ok());
    }

    #[test]
    fn only_caseworkers_and_supervisors_move_cases() {
        for role in [Role::Dispatcher, Role::Psychologist, Role::Lawyer, Role::Admin] {
            assert!(check_move(&facts(Stage::Intake), Stage::Assessment, &user(role), "").is_err(), "{role:?}");
        }
        assert!(move_options(&facts(Stage::Intake), &user(Role::Lawyer)).is_empty());
    }

    #[test]
    fn move_options_list_what_is_missing() {
        let worker = user(Role::Caseworker);
        let options = move_options(&CaseFacts { plan_approved: false, ..facts(Stage::Plan) }, &worker);
        let forward = options.iter().find(|o| o.to == Stage::Implementation).unwrap();
        assert_eq!(forward.missing.len(), 1);
        assert!(options.iter().any(|o| o.to == Stage::Assessment && o.needs_comment && o.missing.is_empty()));
        assert!(!options.iter().any(|o| o.to == Stage::Closed), "a caseworker cannot close");
    }
}
