//! The signals of the case form, shared by the new-case form and the editing of a case, and
//! the draft of the form kept on the device.

use super::types::*;
use crate::components::storage::{clear_draft, load_draft, save_draft};
use leptos::prelude::*;

/// One member row of the form, each field its own signal so typing keeps the focus.
#[derive(Clone, Copy)]
pub(crate) struct MemberFields {
    pub key: u64,
    pub full_name: RwSignal<String>,
    pub birth_date: RwSignal<String>,
    pub relation: RwSignal<String>,
    pub categories: RwSignal<Vec<String>>,
}

impl MemberFields {
    fn new(key: u64, m: &MemberForm) -> Self {
        MemberFields {
            key,
            full_name: RwSignal::new(m.full_name.clone()),
            birth_date: RwSignal::new(m.birth_date.clone()),
            relation: RwSignal::new(m.relation.clone()),
            categories: RwSignal::new(m.categories.clone()),
        }
    }
    fn snapshot(&self) -> MemberForm {
        MemberForm {
            full_name: self.full_name.get(),
            birth_date: self.birth_date.get(),
            relation: self.relation.get(),
            categories: self.categories.get(),
        }
    }
}

/// The signals of the whole case form.
#[derive(Clone, Copy)]
pub(crate) struct CaseFields {
    pub kind: RwSignal<String>,
    pub title: RwSignal<String>,
    pub members: RwSignal<Vec<MemberFields>>,
    next_key: StoredValue<u64>,
    pub categories: RwSignal<Vec<String>>,
    pub address: RwSignal<String>,
    pub district: RwSignal<String>,
    pub phone: RwSignal<String>,
    pub consent: RwSignal<bool>,
    pub consent_date: RwSignal<String>,
    pub curator: RwSignal<String>,
    pub source: RwSignal<String>,
    pub source_detail: RwSignal<String>,
    pub journal_entry: RwSignal<String>,
    pub application: RwSignal<String>,
    pub notes: RwSignal<String>,
    pub detected_on: RwSignal<String>,
    pub need_recognised_on: RwSignal<String>,
    pub plan_approved_on: RwSignal<String>,
}

impl CaseFields {
    pub fn new(form: &CaseForm) -> Self {
        let fields = CaseFields {
            kind: RwSignal::new(String::new()),
            title: RwSignal::new(String::new()),
            members: RwSignal::new(vec![]),
            next_key: StoredValue::new(0),
            categories: RwSignal::new(vec![]),
            address: RwSignal::new(String::new()),
            district: RwSignal::new(String::new()),
            phone: RwSignal::new(String::new()),
            consent: RwSignal::new(false),
            consent_date: RwSignal::new(String::new()),
            curator: RwSignal::new(String::new()),
            source: RwSignal::new(String::new()),
            source_detail: RwSignal::new(String::new()),
            journal_entry: RwSignal::new(String::new()),
            application: RwSignal::new(String::new()),
            notes: RwSignal::new(String::new()),
            detected_on: RwSignal::new(String::new()),
            need_recognised_on: RwSignal::new(String::new()),
            plan_approved_on: RwSignal::new(String::new()),
        };
        fields.set(form);
        fields
    }

    pub fn add_member(&self, m: &MemberForm) {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        self.members.update(|list| list.push(MemberFields::new(key, m)));
    }

    pub fn set(&self, form: &CaseForm) {
        self.kind.set(form.kind.clone());
        self.title.set(form.title.clone());
        self.members.set(vec![]);
        for m in &form.members {
            self.add_member(m);
        }
        self.categories.set(form.categories.clone());
        self.address.set(form.address.clone());
        self.district.set(form.district.clone());
        self.phone.set(form.phone.clone());
        self.consent.set(form.consent);
        self.consent_date.set(form.consent_date.clone());
        self.curator.set(form.curator.clone());
        self.source.set(form.source.clone());
        self.source_detail.set(form.source_detail.clone());
        self.journal_entry.set(form.journal_entry.clone());
        self.application.set(form.application.clone());
        self.notes.set(form.notes.clone());
        self.detected_on.set(form.detected_on.clone());
        self.need_recognised_on.set(form.need_recognised_on.clone());
        self.plan_approved_on.set(form.plan_approved_on.clone());
    }

    pub fn snapshot(&self) -> CaseForm {
        CaseForm {
            kind: self.kind.get(),
            title: self.title.get(),
            members: self.members.get().iter().map(MemberFields::snapshot).collect(),
            categories: self.categories.get(),
            address: self.address.get(),
            district: self.district.get(),
            phone: self.phone.get(),
            consent: self.consent.get(),
            consent_date: self.consent_date.get(),
            curator: self.curator.get(),
            source: self.source.get(),
            source_detail: self.source_detail.get(),
            journal_entry: self.journal_entry.get(),
            application: self.application.get(),
            notes: self.notes.get(),
            detected_on: self.detected_on.get(),
            need_recognised_on: self.need_recognised_on.get(),
            plan_approved_on: self.plan_approved_on.get(),
        }
    }
}

/// A form kept on the device, with the version of the case it was started on.
#[derive(Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct CaseDraft {
    version: i64,
    form: CaseForm,
}

/// Keeps the form as a draft on this device and restores it once, on opening; `on_restore`
/// gets the version of the case the draft was started on.
pub(crate) fn keep_draft(key: String, fields: CaseFields, initial: CaseForm, version: i64, on_restore: Callback<i64>) {
    Effect::new(move |previous: Option<()>| {
        let snapshot = fields.snapshot();
        if previous.is_none() {
            if let Some(draft) = load_draft::<CaseDraft>(&key) {
                if draft.form != snapshot && draft.form != initial {
                    fields.set(&draft.form);
                    on_restore.run(draft.version);
                }
            }
            return;
        }
        if snapshot == initial {
            clear_draft(&key);
        } else {
            save_draft(&key, &CaseDraft { version, form: snapshot });
        }
    });
}
