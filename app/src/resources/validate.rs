//! Rules of the resource map: what a valid partner, passport and donation record is, who may edit
//! them, and when a district passport is due for verification.

use super::types::*;
use crate::error::FieldErrors;
use crate::phone::normalize_phone;
use crate::time::parse_date;
use crate::validation::{check_len, check_printable};
use chrono::NaiveDate;

pub const MAX_NAME: usize = 300;
pub const MAX_TEXT: usize = 4000;
pub const MAX_SHORT: usize = 300;
pub const MAX_SERVICES: usize = 50;

fn check_text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) {
    check_len(errors, field, value, max);
    check_printable(errors, field, value);
}

/// Squeezes runs of spaces in a one-line value.
fn one_line(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn optional_date(errors: &mut FieldErrors, field: &str, value: &str) -> Option<NaiveDate> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    let date = parse_date(value);
    if date.is_none() {
        errors.add(field, "Дата в формате ДД.ММ.ГГГГ");
    }
    date
}

/// A coordinate typed by hand: «61,3127» or «61.3127».
fn coordinate(errors: &mut FieldErrors, field: &str, value: &str, limit: f64) -> Option<f64> {
    let value = value.trim().replace(',', ".");
    if value.is_empty() {
        return None;
    }
    match value.parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() <= limit => Some((v * 1e6).round() / 1e6),
        _ => {
            errors.add(field, format!("Число от −{limit} до {limit}, например 61.3125"));
            None
        }
    }
}

/// Kinds of help by code, each known and listed once.
pub fn help_codes(errors: &mut FieldErrors, field: &str, codes: &[String], known: &[HelpKind]) -> Vec<String> {
    let mut help = Vec::new();
    for code in codes {
        let code = code.trim();
        if !known.iter().any(|k| k.code == code) {
            errors.add(field, "Неизвестный вид помощи");
        } else if !help.iter().any(|h| h == code) {
            help.push(code.to_string());
        }
    }
    help
}

fn district_keys(errors: &mut FieldErrors, field: &str, keys: &[String], known: &[String]) -> Vec<String> {
    let mut districts: Vec<String> = Vec::new();
    for key in keys {
        if !known.contains(key) {
            errors.add(field, "Неизвестный участок");
        } else if !districts.contains(key) {
            districts.push(key.clone());
        }
    }
    districts.sort();
    districts
}

/// A checked partner, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidPartner {
    pub kind: PartnerKind,
    pub name: String,
    pub description: String,
    pub address: String,
    pub phones: Vec<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub contact_person: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub districts: Vec<String>,
    pub hours: String,
    pub services: Vec<Service>,
    pub agreement: Option<Agreement>,
    pub verified_on: Option<NaiveDate>,
}

impl ValidPartner {
    pub fn help(&self) -> Vec<String> {
        help_of(&self.services)
    }

    /// The text the registry's search reads.
    pub fn search_text(&self, help_kinds: &[HelpKind]) -> String {
        let mut parts: Vec<&str> =
            vec![&self.name, &self.description, &self.address, &self.contact_person, self.kind.label()];
        for s in &self.services {
            parts.extend([s.name.as_str(), s.description.as_str(), s.eligibility.as_str()]);
        }
        let help = self.help();
        for kind in help_kinds.iter().filter(|k| help.contains(&k.code)) {
            parts.push(&kind.label);
        }
        super::search::index_text(&parts)
    }
}

/// Checks a partner form. `districts` are the keys of the known districts.
pub fn validate_partner(
    form: &PartnerForm,
    today: NaiveDate,
    help_kinds: &[HelpKind],
    districts: &[String],
) -> Result<ValidPartner, FieldErrors> {
    let mut errors = FieldErrors::new();
    let kind = PartnerKind::from_code(form.kind.trim());
    if kind.is_none() {
        errors.add("kind", "Выберите вид организации");
    }
    let name = one_line(&form.name);
    if name.is_empty() {
        errors.add("name", "Укажите наименование организации");
    }
    check_text(&mut errors, "name", &name, MAX_NAME);
    let address = one_line(&form.address);
    check_text(&mut errors, "address", &address, MAX_SHORT);
    check_text(&mut errors, "description", &form.description, MAX_TEXT);
    let contact_person = one_line(&form.contact_person);
    check_text(&mut errors, "contact_person", &contact_person, 200);
    let hours = one_line(&form.hours);
    check_text(&mut errors, "hours", &hours, MAX_SHORT);

    let mut phones = Vec::new();
    for part in form.phones.split([',', ';', '\n']).map(str::trim).filter(|p| !p.is_empty()) {
        match normalize_phone(part) {
            Ok(phone) if !phones.contains(&phone) => phones.push(phone),
            Ok(_) => {}
            Err(err) => errors.add("phones", format!("«{part}»: {}", err.message())),
        }
    }
    if phones.len() > 10 {
        errors.add("phones", "Не больше 10 телефонов");
    }
    let email = form.email.trim();
    if !email.is_empty()
        && (email.chars().any(char::is_whitespace)
            || email.split_once('@').is_none_or(|(user, host)| user.is_empty() || !host.contains('.')))
    {
        errors.add("email", "Адрес вида name@example.ru");
    }
    check_text(&mut errors, "email", email, 200);
    let website = form.website.trim();
    if !website.is_empty() && (website.contains(char::is_whitespace) || !website.contains('.')) {
        errors.add("website", "Адрес сайта вида example.ru");
    }
    if website.to_lowercase().starts_with("javascript:") {
        errors.add("website", "Адрес сайта вида example.ru");
    }
    check_text(&mut errors, "website", website, 300);

    let lat = coordinate(&mut errors, "lat", &form.lat, 90.0);
    let lon = coordinate(&mut errors, "lon", &form.lon, 180.0);
    if lat.is_some() != lon.is_some() && errors.get("lat").is_none() && errors.get("lon").is_none() {
        errors.add(if lat.is_none() { "lat" } else { "lon" }, "Укажите обе координаты или ни одной");
    }
    let district_list = district_keys(&mut errors, "districts", &form.districts, districts);

    if form.services.len() > MAX_SERVICES {
        errors.add("services", format!("Не больше {MAX_SERVICES} услуг"));
    }
    let mut services = Vec::new();
    for (i, s) in form.services.iter().enumerate().take(MAX_SERVICES) {
        let field = |f: &str| format!("services.{i}.{f}");
        let name = one_line(&s.name);
        if name.is_empty() {
            errors.add(&field("name"), "Назовите услугу");
        }
        check_text(&mut errors, &field("name"), &name, MAX_NAME);
        check_text(&mut errors, &field("description"), &s.description, MAX_TEXT);
        check_text(&mut errors, &field("eligibility"), &s.eligibility, MAX_TEXT);
        check_text(&mut errors, &field("hours"), &s.hours, MAX_SHORT);
        let help = help_codes(&mut errors, &field("help"), &s.help, help_kinds);
        if help.is_empty() && errors.get(&field("help")).is_none() {
            errors.add(&field("help"), "Отметьте хотя бы один вид помощи: по ним ищут и строят маршруты");
        }
        let cost = Cost::from_code(s.cost.trim());
        if cost.is_none() {
            errors.add(&field("cost"), "Выберите: бесплатно, льготно или платно");
        }
        if let Some(cost) = cost {
            services.push(Service {
                name,
                description: s.description.trim().to_string(),
                help,
                eligibility: s.eligibility.trim().to_string(),
                cost,
                hours: one_line(&s.hours),
            });
        }
    }

    let number = one_line(&form.agreement_number);
    check_text(&mut errors, "agreement_number", &number, 100);
    let agreement_date = optional_date(&mut errors, "agreement_date", &form.agreement_date);
    let agreement_until = optional_date(&mut errors, "agreement_until", &form.agreement_until);
    let agreement = match (number.is_empty(), agreement_date) {
        (true, None) => {
            if agreement_until.is_some() {
                errors.add("agreement_number", "Укажите номер и дату соглашения");
            }
            None
        }
        (false, None) => {
            if errors.get("agreement_date").is_none() {
                errors.add("agreement_date", "Укажите дату соглашения");
            }
            None
        }
        (true, Some(_)) => {
            errors.add("agreement_number", "Укажите номер соглашения");
            None
        }
        (false, Some(date)) => {
            if date > today {
                errors.add("agreement_date", "Дата соглашения не может быть в будущем");
            }
            if agreement_until.is_some_and(|until| until < date) {
                errors.add("agreement_until", "Срок действия не может кончаться раньше даты соглашения");
            }
            Some(Agreement { number, date, until: agreement_until })
        }
    };
    let verified_on = optional_date(&mut errors, "verified_on", &form.verified_on);
    if verified_on.is_some_and(|d| d > today) {
        errors.add("verified_on", "Дата проверки не может быть в будущем");
    }

    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ValidPartner {
        kind: kind.unwrap_or(PartnerKind::Other),
        name,
        description: form.description.trim().to_string(),
        address,
        phones,
        email: (!email.is_empty()).then(|| email.to_string()),
        website: (!website.is_empty()).then(|| website.to_string()),
        contact_person,
        lat,
        lon,
        districts: district_list,
        hours,
        services,
        agreement,
        verified_on,
    })
}

/// A checked passport form.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidPassport {
    pub population: Population,
    pub infrastructure: String,
    pub verified: bool,
}

pub fn validate_passport(form: &PassportForm) -> Result<ValidPassport, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut population = Population::default();
    for (field, _) in Population::FIELDS {
        let value = form.get(field).trim().replace([' ', '\u{a0}'], "");
        let number = if value.is_empty() { Ok(0) } else { value.parse::<i64>() };
        match number {
            Ok(n) if (0..=10_000_000).contains(&n) => match field {
                "residents" => population.residents = n,
                "families_with_children" => population.families_with_children = n,
                "large_families" => population.large_families = n,
                "pensioners" => population.pensioners = n,
                "disabled" => population.disabled = n,
                _ => population.svo_families = n,
            },
            _ => errors.add(field, "Целое число не меньше нуля"),
        }
    }
    if population.families_with_children > 0 && population.large_families > population.families_with_children {
        errors.add("large_families", "Многодетных семей не может быть больше, чем семей с детьми");
    }
    check_text(&mut errors, "infrastructure", &form.infrastructure, MAX_TEXT);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ValidPassport { population, infrastructure: form.infrastructure.trim().to_string(), verified: form.verified })
}

/// A checked benefactor.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidBenefactor {
    pub kind: BenefactorKind,
    pub name: String,
    pub contact: String,
    pub phone: Option<String>,
    pub help: Vec<String>,
    pub offer: String,
    pub districts: Vec<String>,
}

pub fn validate_benefactor(
    form: &BenefactorForm,
    help_kinds: &[HelpKind],
    districts: &[String],
) -> Result<ValidBenefactor, FieldErrors> {
    let mut errors = FieldErrors::new();
    let kind = BenefactorKind::from_code(form.kind.trim());
    if kind.is_none() {
        errors.add("kind", "Выберите: частное лицо или организация");
    }
    let name = one_line(&form.name);
    if name.is_empty() {
        errors.add("name", "Укажите имя или наименование");
    }
    check_text(&mut errors, "name", &name, MAX_NAME);
    let contact = one_line(&form.contact);
    check_text(&mut errors, "contact", &contact, 200);
    let phone = match form.phone.trim() {
        "" => None,
        value => match normalize_phone(value) {
            Ok(phone) => Some(phone),
            Err(err) => {
                errors.add("phone", err.message());
                None
            }
        },
    };
    let help = help_codes(&mut errors, "help", &form.help, help_kinds);
    if help.is_empty() && errors.get("help").is_none() {
        errors.add("help", "Отметьте, чем готов помочь");
    }
    check_text(&mut errors, "offer", &form.offer, 2000);
    let districts = district_keys(&mut errors, "districts", &form.districts, districts);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ValidBenefactor {
        kind: kind.unwrap_or(BenefactorKind::Person),
        name,
        contact,
        phone,
        help,
        offer: form.offer.trim().to_string(),
        districts,
    })
}

/// A checked beneficiary; the case and benefactor keys are checked against the database later.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidBeneficiary {
    pub name: String,
    pub district: Option<String>,
    pub members: i64,
    pub help: Vec<String>,
    pub need: String,
    pub case: Option<String>,
    pub benefactor: Option<String>,
    pub status: BeneficiaryStatus,
}

pub fn validate_beneficiary(
    form: &BeneficiaryForm,
    help_kinds: &[HelpKind],
    districts: &[String],
) -> Result<ValidBeneficiary, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = one_line(&form.name);
    if name.is_empty() {
        errors.add("name", "Например: «Семья Ивановых»");
    }
    check_text(&mut errors, "name", &name, MAX_NAME);
    let district = match form.district.trim() {
        "" => None,
        key if districts.iter().any(|d| d == key) => Some(key.to_string()),
        _ => {
            errors.add("district", "Неизвестный участок");
            None
        }
    };
    let members = match form.members.trim().parse::<i64>() {
        Ok(n) if (1..=30).contains(&n) => n,
        _ => {
            errors.add("members", "Число от 1 до 30");
            0
        }
    };
    let help = help_codes(&mut errors, "help", &form.help, help_kinds);
    if help.is_empty() && errors.get("help").is_none() {
        errors.add("help", "Отметьте, какая помощь нужна");
    }
    check_text(&mut errors, "need", &form.need, 2000);
    let status = BeneficiaryStatus::from_code(form.status.trim()).unwrap_or(BeneficiaryStatus::Waiting);
    let benefactor = Some(form.benefactor.trim().to_string()).filter(|b| !b.is_empty());
    if benefactor.is_none() && status != BeneficiaryStatus::Waiting {
        errors.add("benefactor", "Укажите благотворителя, который взялся помочь");
    }
    let case = Some(form.case.trim().to_string()).filter(|c| !c.is_empty());
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ValidBeneficiary { name, district, members, help, need: form.need.trim().to_string(), case, benefactor, status })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds() -> Vec<HelpKind> {
        ["legal", "psychological", "household"]
            .iter()
            .map(|c| HelpKind { code: c.to_string(), label: c.to_string() })
            .collect()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn form() -> PartnerForm {
        PartnerForm {
            kind: "ngo".into(),
            name: "  АНО  «Право и забота» ".into(),
            address: "ул. Мира, 10".into(),
            phones: "8 (34675) 2-11-22, +7 900 123-45-67".into(),
            lat: "61,3125".into(),
            lon: "63.334".into(),
            districts: vec!["d2".into()],
            services: vec![ServiceForm {
                name: "Юридическая консультация".into(),
                help: vec!["legal".into()],
                cost: "free".into(),
                ..Default::default()
            }],
            agreement_number: "15/24".into(),
            agreement_date: "01.03.2024".into(),
            agreement_until: "2026-12-31".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_partner_is_normalised() {
        let today = day(2026, 11, 25);
        let p = validate_partner(&form(), today, &kinds(), &["d1".into(), "d2".into()]).unwrap();
        assert_eq!(p.name, "АНО «Право и забота»");
        assert_eq!(p.phones, vec!["+73467521122".to_string(), "+79001234567".to_string()]);
        assert_eq!(p.lat, Some(61.3125));
        assert_eq!(p.help(), vec!["legal".to_string()]);
        assert!(p.agreement.as_ref().unwrap().in_force(today));
        assert!(!p.agreement.as_ref().unwrap().in_force(day(2027, 1, 1)));
        assert!(p.search_text(&kinds()).contains("юрист"));
    }

    #[test]
    fn mistakes_are_named_field_by_field() {
        let mut f = form();
        f.kind = "bank".into();
        f.name = " ".into();
        f.phones = "12".into();
        f.email = "нет почты".into();
        f.lat = "200".into();
        f.services[0].help.clear();
        f.services[0].cost = String::new();
        f.agreement_date = String::new();
        f.districts = vec!["d9".into()];
        let errors = validate_partner(&f, day(2026, 11, 25), &kinds(), &["d1".into()]).unwrap_err();
        for field in [
            "kind",
            "name",
            "phones",
            "email",
            "lat",
            "services.0.help",
            "services.0.cost",
            "agreement_date",
            "districts",
        ] {
            assert!(errors.get(field).is_some(), "no message for {field}: {errors:?}");
        }
    }

    #[test]
    fn an_agreement_cannot_end_before_it_starts() {
        let mut f = form();
        f.agreement_until = "01.01.2024".into();
        let errors = validate_partner(&f, day(2026, 11, 25), &kinds(), &["d2".into()]).unwrap_err();
        assert!(errors.get("agreement_until").is_some());
    }

    #[test]
    fn passport_figures_are_whole_numbers() {
        let mut f = PassportForm { residents: "6 400".into(), large_families: "50".into(), ..Default::default() };
        f.families_with_children = "40".into();
        f.pensioners = "-1".into();
        let errors = validate_passport(&f).unwrap_err();
        assert!(errors.get("pensioners").is_some());
        assert!(errors.get("large_families").is_some());
        assert!(errors.get("residents").is_none());
    }
}
