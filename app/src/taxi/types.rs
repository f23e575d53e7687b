//! The social taxi's words: why one rides, where a request stands, the request itself and its
//! forms — shared by the pages and the server.

use crate::labeled_enum;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Who rides: a person of a case, of the registry 55+, or someone who came in person.
pub use crate::people::types::{Found, Person, PersonForm, PersonKind};

labeled_enum! {
    /// Why one rides.
    pub enum Purpose {
        Hospital => "hospital", "Больница, поликлиника",
        Mse => "mse", "Бюро МСЭ",
        Mfc => "mfc", "МФЦ",
        Social => "social", "Социальное учреждение",
        Other => "other", "Другое",
    }
}

labeled_enum! {
    /// Where a request stands.
    pub enum RideStatus {
        Requested => "requested", "Заявка",
        Confirmed => "confirmed", "Подтверждена",
        Done => "done", "Выполнена",
        Cancelled => "cancelled", "Отменена",
    }
}

impl RideStatus {
    /// Whether a request may go from this status to `to`. A confirmed ride may be confirmed
    /// again (another driver or vehicle); done and cancelled are final.
    pub fn can_go(self, to: RideStatus) -> bool {
        use RideStatus::*;
        matches!(
            (self, to),
            (Requested, Confirmed)
                | (Confirmed, Confirmed)
                | (Confirmed, Done)
                | (Requested, Cancelled)
                | (Confirmed, Cancelled)
        )
    }

    /// Whether the request is still to be driven (requested or confirmed).
    pub fn is_open(self) -> bool {
        matches!(self, RideStatus::Requested | RideStatus::Confirmed)
    }

    /// The badge class of the status on the pages.
    pub fn badge(self) -> &'static str {
        match self {
            RideStatus::Requested => "badge badge-open",
            RideStatus::Confirmed => "badge badge-ok",
            RideStatus::Done => "badge",
            RideStatus::Cancelled => "badge badge-muted",
        }
    }
}

/// A line of a request's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RideEvent {
    pub at: DateTime<Utc>,
    pub by_name: String,
    pub text: String,
}

/// A request for the social taxi.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ride {
    pub id: String,
    /// «Т-14/2026».
    pub number: String,
    pub person: Person,
    pub purpose: Purpose,
    /// Where to exactly: «Югорская городская больница, поликлиника».
    pub destination: String,
    pub from_address: String,
    pub to_address: String,
    pub day: NaiveDate,
    /// The pickup time, «09:30».
    pub time: String,
    /// How long the car is taken, in minutes (the ride, the wait, the way back).
    pub minutes: i64,
    pub return_trip: bool,
    pub wheelchair: bool,
    pub escort: bool,
    #[serde(default)]
    pub escort_name: String,
    #[serde(default)]
    pub note: String,
    pub status: RideStatus,
    #[serde(default)]
    pub driver: String,
    #[serde(default)]
    pub vehicle: String,
    #[serde(default)]
    pub cancel_reason: String,
    #[serde(default)]
    pub history: Vec<RideEvent>,
    pub created_by_name: String,
    pub version: i64,
}

impl Ride {
    /// «09:30–11:00».
    pub fn window(&self) -> String {
        format!("{}–{}", self.time, format_minutes(self.start() + self.minutes))
    }
}

impl Ride {
    /// The pickup, in minutes from midnight.
    pub fn start(&self) -> i64 {
        parse_time(&self.time).unwrap_or(0)
    }
    /// When the car is free again, in minutes from midnight.
    pub fn end(&self) -> i64 {
        self.start() + self.minutes
    }
}

/// «09:30» (or «9:30») in minutes from midnight.
pub fn parse_time(value: &str) -> Option<i64> {
    let (h, m) = value.trim().split_once(':')?;
    let (h, m): (i64, i64) = (h.parse().ok()?, m.get(..2).unwrap_or(m).parse().ok()?);
    ((0..24).contains(&h) && (0..60).contains(&m)).then_some(h * 60 + m)
}

/// Minutes from midnight as «09:30».
pub fn format_minutes(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes.div_euclid(60), minutes.rem_euclid(60))
}

/// The counts of a day, by status.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DayCounts {
    pub requested: i64,
    pub confirmed: i64,
    pub done: i64,
    pub cancelled: i64,
    pub wheelchair: i64,
}

impl DayCounts {
    pub fn of(rides: &[Ride]) -> Self {
        let mut c = DayCounts::default();
        for r in rides {
            match r.status {
                RideStatus::Requested => c.requested += 1,
                RideStatus::Confirmed => c.confirmed += 1,
                RideStatus::Done => c.done += 1,
                RideStatus::Cancelled => c.cancelled += 1,
            }
            if r.wheelchair && r.status != RideStatus::Cancelled {
                c.wheelchair += 1;
            }
        }
        c
    }
}

/// The form of a request.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RideForm {
    pub person: PersonForm,
    pub purpose: String,
    pub destination: String,
    /// Empty: from the person's home.
    pub from_address: String,
    pub to_address: String,
    pub day: String,
    pub time: String,
    pub minutes: String,
    pub return_trip: bool,
    pub wheelchair: bool,
    pub escort: bool,
    pub escort_name: String,
    pub note: String,
}

impl RideForm {
    /// The form of a stored request, to correct it.
    pub fn of(ride: &Ride) -> Self {
        RideForm {
            person: PersonForm::of(&ride.person),
            purpose: ride.purpose.code().into(),
            destination: ride.destination.clone(),
            from_address: ride.from_address.clone(),
            to_address: ride.to_address.clone(),
            day: crate::time::format_iso_date(ride.day),
            time: ride.time.clone(),
            minutes: ride.minutes.to_string(),
            return_trip: ride.return_trip,
            wheelchair: ride.wheelchair,
            escort: ride.escort,
            escort_name: ride.escort_name.clone(),
            note: ride.note.clone(),
        }
    }
}

/// The confirmation of a request: who drives, in which car. `shared`: the dispatcher knows the
/// car or the driver is taken at that time and sends them together (a shared ride).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ConfirmForm {
    pub driver: String,
    pub vehicle: String,
    pub shared: bool,
}

/// The cancellation of a request.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CancelForm {
    pub reason: String,
}
