//! The statutory vocabulary of social services (Федеральный закон № 442-ФЗ, ст. 20 и 22), shared
//! by the application, the ИППСУ and the support plans: the kinds of social services and the
//! areas of help that are not a social service (социальное сопровождение).

use crate::labeled_enum;

labeled_enum! {
    /// Kinds of social services (виды социальных услуг, 442-ФЗ ст. 20).
    pub enum ServiceKind {
        Household => "household", "Социально-бытовые",
        Medical => "medical", "Социально-медицинские",
        Psychological => "psychological", "Социально-психологические",
        Pedagogical => "pedagogical", "Социально-педагогические",
        Labour => "labour", "Социально-трудовые",
        Legal => "legal", "Социально-правовые",
        Communication => "communication", "Повышение коммуникативного потенциала инвалидов, в том числе детей-инвалидов",
        Urgent => "urgent", "Срочные социальные услуги",
    }
}

labeled_enum! {
    /// Help that is not a social service, arranged by social support (социальное сопровождение,
    /// 442-ФЗ ст. 22): what a family member may need besides the services.
    pub enum SupportArea {
        Medical => "medical", "Медицинская помощь",
        Psychological => "psychological", "Психологическая помощь",
        Pedagogical => "pedagogical", "Педагогическая помощь",
        Legal => "legal", "Юридическая помощь",
        Social => "social", "Социальная помощь",
    }
}
