//! The demo accounts of `staff.json`: every role, the caseworkers of the six districts and the
//! supervisor. An account that exists already is left as it is.

use super::common::SeedError;
use super::data;
use app::auth::users::{create_user, NewUser};
use app::auth::{CurrentUser, Role};
use app::db::Db;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::Rng;

/// The demo accounts, by what they do.
#[derive(Default)]
pub struct DemoAccounts {
    /// (login, password, roles) of each account made now.
    pub logins: Vec<(String, String, String)>,
    pub dispatchers: Vec<CurrentUser>,
    pub supervisor: Option<CurrentUser>,
    /// (district number, caseworker).
    pub caseworkers: Vec<(i64, CurrentUser)>,
}

/// A readable random password for a demo account: «тайга-иней-42».
fn demo_password(rng: &mut StdRng) -> String {
    let words = &data::staff().password_words;
    let word = |rng: &mut StdRng| words.choose(rng).cloned().unwrap_or_default();
    let (first, second) = (word(rng), word(rng));
    format!("{first}-{second}-{}", rng.random_range(10..100))
}

/// Makes the demo accounts missing; `password` fixes every password (tests), otherwise each is
/// random.
pub async fn seed_staff(db: &Db, rng: &mut StdRng, password: Option<&str>) -> Result<DemoAccounts, SeedError> {
    let mut accounts = DemoAccounts::default();
    for member in &data::staff().users {
        let mut taken = db
            .query("SELECT VALUE record::id(id) FROM user WHERE login = $login")
            .bind(("login", member.login.clone()))
            .await?;
        let found: Vec<String> = taken.take(0)?;
        let pass = password.map(str::to_string).unwrap_or_else(|| demo_password(rng));
        let districts: Vec<String> = member.districts.iter().map(|n| format!("d{n}")).collect();
        let id = match found.into_iter().next() {
            Some(id) => id,
            None => {
                let new = NewUser {
                    login: member.login.clone(),
                    full_name: member.full_name.clone(),
                    position: member.position.clone(),
                    roles: member.roles.clone(),
                    districts: districts.clone(),
                    password: pass.clone(),
                    must_change_password: false,
                };
                let id = create_user(db, &new).await?;
                let roles = member.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", ");
                accounts.logins.push((member.login.clone(), pass, roles));
                id
            }
        };
        let user = CurrentUser {
            id,
            login: member.login.clone(),
            full_name: member.full_name.clone(),
            roles: member.roles.clone(),
            districts,
            must_change_password: false,
        };
        if member.roles.contains(&Role::Dispatcher) {
            accounts.dispatchers.push(user.clone());
        }
        if member.roles.contains(&Role::Supervisor) {
            accounts.supervisor = Some(user.clone());
        }
        if member.roles.contains(&Role::Caseworker) {
            accounts.caseworkers.extend(member.districts.iter().map(|d| (*d, user.clone())));
        }
    }
    Ok(accounts)
}
