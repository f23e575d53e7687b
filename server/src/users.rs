//! `opora create-user`: the first administrator and any account from the command line. The
//! password comes from standard input, never from a flag or the environment.

use app::auth::users::{create_user, NewUser};
use app::auth::Role;
use app::db::Db;
use clap::Args;
use std::io::Read;

#[derive(Debug, Clone, Args)]
pub struct CreateUserArgs {
    /// Login: latin lowercase letters, digits, dots, hyphens.
    #[arg(long)]
    pub login: String,
    /// Full name («Фамилия Имя Отчество»).
    #[arg(long)]
    pub name: String,
    /// Role: dispatcher, caseworker, psychologist, lawyer, supervisor, admin. Repeatable.
    #[arg(long = "role", required = true)]
    pub roles: Vec<String>,
    /// Number of a social district the user works (1–6 in the demo data). Repeatable.
    #[arg(long = "district")]
    pub districts: Vec<i64>,
    /// Position, e.g. «Специалист по работе с семьёй».
    #[arg(long, default_value = "")]
    pub position: String,
    /// Read the password from standard input (the only way to give it).
    #[arg(long, required = true)]
    pub password_stdin: bool,
    /// Ask the user to change the password at first login.
    #[arg(long)]
    pub must_change_password: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    #[error("неизвестная роль «{0}»: используйте dispatcher, caseworker, psychologist, lawyer, supervisor или admin")]
    UnknownRole(String),
    #[error("участка № {0} нет в базе")]
    UnknownDistrict(i64),
    #[error("не удалось прочитать пароль из стандартного ввода: {0}")]
    Stdin(std::io::Error),
    #[error("{0}")]
    Invalid(String),
}

/// District keys by their numbers.
pub async fn district_keys(db: &Db, numbers: &[i64]) -> Result<Vec<String>, CreateUserError> {
    let mut keys = Vec::new();
    for n in numbers {
        let mut response = db
            .query("SELECT VALUE record::id(id) FROM district WHERE number = $n")
            .bind(("n", *n))
            .await
            .map_err(|e| CreateUserError::Invalid(e.to_string()))?;
        let found: Vec<String> = response.take(0).map_err(|e| CreateUserError::Invalid(e.to_string()))?;
        keys.push(found.into_iter().next().ok_or(CreateUserError::UnknownDistrict(*n))?);
    }
    Ok(keys)
}

pub async fn run(db: &Db, args: &CreateUserArgs, mut input: impl Read) -> Result<String, CreateUserError> {
    let roles = args
        .roles
        .iter()
        .map(|r| Role::from_code(r.trim()).ok_or_else(|| CreateUserError::UnknownRole(r.clone())))
        .collect::<Result<Vec<_>, _>>()?;
    let districts = district_keys(db, &args.districts).await?;
    let mut password = String::new();
    input.read_to_string(&mut password).map_err(CreateUserError::Stdin)?;
    let password = password.trim_end_matches(['\n', '\r']).to_string();
    let new = NewUser {
        login: args.login.clone(),
        full_name: args.name.clone(),
        position: args.position.clone(),
        roles,
        districts,
        password,
        must_change_password: args.must_change_password,
    };
    create_user(db, &new).await.map_err(|e| match e {
        app::error::AppError::Validation(fields) => CreateUserError::Invalid(
            fields.0.iter().map(|(field, message)| format!("{field}: {message}")).collect::<Vec<_>>().join("; "),
        ),
        other => CreateUserError::Invalid(other.to_string()),
    })
}
