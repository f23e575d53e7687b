//! Demo people of Yugorsk: names that agree with the person's sex and generation, families whose
//! children carry their father's patronymic and the family name in the form of their sex,
//! addresses in the person's district and phone numbers.

use super::common::in_span;
use super::data::{self, given_in, MaleName, NameSet, Sex, Span, Surname};
use chrono::{Datelike, Duration, Months, NaiveDate};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::Rng;

/// A demo person.
#[derive(Debug, Clone)]
pub struct Person {
    pub sex: Sex,
    /// The family name in the form of the person's sex.
    pub surname: String,
    pub first_name: &'static str,
    pub patronymic: &'static str,
    pub born: NaiveDate,
}

impl Person {
    /// «Кузнецова Анна Романовна».
    pub fn full_name(&self) -> String {
        format!("{} {} {}", self.surname, self.first_name, self.patronymic)
    }
}

/// A family: a mother, the father unless she brings the children up alone, and the children,
/// the eldest first.
#[derive(Debug, Clone)]
pub struct Family {
    pub surname: &'static Surname,
    pub mother: Person,
    pub father: Option<Person>,
    pub children: Vec<Person>,
}

/// How a family is made up.
#[derive(Debug, Clone, Copy)]
pub struct FamilyPlan {
    pub father: bool,
    pub children: u32,
    /// The children's ages.
    pub child_ages: Span,
    /// The youngest child's age.
    pub youngest: Span,
}

/// A man's first name common for a boy born in `year`, other than those in `taken`.
pub fn male_name(rng: &mut StdRng, set: &'static NameSet, year: i32, taken: &[&str]) -> &'static MaleName {
    let fits: Vec<&MaleName> =
        set.male_names.iter().filter(|n| given_in(&n.born, year) && !taken.contains(&n.name.as_str())).collect();
    match fits.choose(rng) {
        Some(name) => name,
        None => set.male_names.choose(rng).expect("male names"),
    }
}

/// A woman's first name common for a girl born in `year`, other than those in `taken`.
pub fn female_name(rng: &mut StdRng, set: &'static NameSet, year: i32, taken: &[&str]) -> &'static str {
    let fits: Vec<&str> = set
        .female_names
        .iter()
        .filter(|n| given_in(&n.born, year) && !taken.contains(&n.name.as_str()))
        .map(|n| n.name.as_str())
        .collect();
    match fits.choose(rng) {
        Some(name) => name,
        None => set.female_names.choose(rng).map(|n| n.name.as_str()).expect("female names"),
    }
}

fn first_name(rng: &mut StdRng, set: &'static NameSet, sex: Sex, year: i32, taken: &[&str]) -> &'static str {
    match sex {
        Sex::Male => &male_name(rng, set, year, taken).name,
        Sex::Female => female_name(rng, set, year, taken),
    }
}

/// The patronymic of someone born in `year`, after a name their father, born some 20–40 years
/// earlier, may have had.
fn patronymic_of_generation(rng: &mut StdRng, set: &'static NameSet, sex: Sex, year: i32) -> &'static str {
    let father_born = year - rng.random_range(20..=40);
    male_name(rng, set, father_born, &[]).patronymic(sex)
}

/// A day of birth of someone who is `age` full years old on `today`.
pub fn born_at_age(rng: &mut StdRng, today: NaiveDate, age: u32) -> NaiveDate {
    let latest = years_before(today, age);
    let earliest = years_before(today, age + 1) + Duration::days(1);
    latest - Duration::days(rng.random_range(0..=(latest - earliest).num_days().max(0)))
}

/// The same day `years` years earlier (28 February for 29 February).
pub fn years_before(day: NaiveDate, years: u32) -> NaiveDate {
    day.checked_sub_months(Months::new(12 * years)).unwrap_or(day)
}

/// A random surname of the set.
pub fn surname(rng: &mut StdRng, set: &'static NameSet) -> &'static Surname {
    set.surnames.choose(rng).expect("surnames")
}

/// Someone of this sex and surname born on `born`, with a patronymic of their generation.
pub fn person(rng: &mut StdRng, set: &'static NameSet, surname: &Surname, sex: Sex, born: NaiveDate) -> Person {
    let first_name = first_name(rng, set, sex, born.year(), &[]);
    let patronymic = patronymic_of_generation(rng, set, sex, born.year());
    Person { sex, surname: surname.of(sex).to_string(), first_name, patronymic, born }
}

/// A citizen of this sex whose age is in `age`.
pub fn citizen(rng: &mut StdRng, set: &'static NameSet, sex: Sex, age: Span, today: NaiveDate) -> Person {
    let years = in_span(rng, age);
    let born = born_at_age(rng, today, years);
    let surname = surname(rng, set);
    person(rng, set, surname, sex, born)
}

/// A name set of the town's people, as often as they have such names.
pub fn town_set(rng: &mut StdRng) -> &'static NameSet {
    let sets: Vec<&'static NameSet> = data::people().name_sets.iter().filter(|s| s.share.is_some()).collect();
    let total: f64 = sets.iter().filter_map(|s| s.share).sum();
    let mut pick = rng.random_range(0.0..total.max(f64::MIN_POSITIVE));
    for set in &sets {
        let share = set.share.unwrap_or(0.0);
        if pick < share {
            return set;
        }
        pick -= share;
    }
    sets.last().copied().unwrap_or(&data::people().name_sets[0])
}

/// A grown-up of the town of this sex, 20 to 75 years old.
pub fn adult(rng: &mut StdRng, sex: Sex, today: NaiveDate) -> Person {
    let set = town_set(rng);
    citizen(rng, set, sex, [20, 75], today)
}

/// A family as `plan` makes it up. Every child is born when both parents are 19 or older (the
/// mother at most 44, the father at most 55); the children carry the father's patronymic — of
/// the absent father when the mother is alone — and the family name in the form of their sex;
/// the mother has the family name in its feminine form.
pub fn family(rng: &mut StdRng, set: &'static NameSet, plan: FamilyPlan, today: NaiveDate) -> Family {
    let [min_age, max_age] = [plan.child_ages[0].min(plan.child_ages[1]), plan.child_ages[0].max(plan.child_ages[1])];
    let count = plan.children.max(1);
    // Birth days, the youngest first, leaving a year of age for each elder child; each elder
    // one is born at least ten months before the next and gets up to four years more, but no
    // more than a fair share of the years left, so that all fit in `child_ages`.
    let earliest = years_before(today, max_age + 1) + Duration::days(1);
    let latest = years_before(today, min_age);
    let youngest_age = in_span(rng, plan.youngest).min(max_age.saturating_sub(count - 1));
    let mut births = vec![born_at_age(rng, today, youngest_age)];
    for placed in 1..count {
        let previous = *births.last().expect("a child");
        let top = previous.checked_sub_months(Months::new(10)).unwrap_or(previous).min(latest);
        let born = if top < earliest {
            // No room left: twins.
            previous
        } else {
            let share = (top - earliest).num_days() / i64::from(count - placed);
            top - Duration::days(rng.random_range(0..=share.min(4 * 365)))
        };
        births.push(born);
    }
    births.reverse();
    let eldest = births[0];
    let youngest = *births.last().expect("a child");

    let mother_born = (years_before(eldest, rng.random_range(19..=34)) - Duration::days(rng.random_range(0..365)))
        .max(years_before(youngest, 44));
    let father_born = (mother_born - Duration::days(rng.random_range(-2 * 365..=7 * 365)))
        .min(years_before(eldest, 19))
        .max(years_before(youngest, 55));

    let surname = surname(rng, set);
    let mother = person(rng, set, surname, Sex::Female, mother_born);
    let (father, father_name) = if plan.father {
        let name = male_name(rng, set, father_born.year(), &[]);
        let patronymic = patronymic_of_generation(rng, set, Sex::Male, father_born.year());
        let father = Person {
            sex: Sex::Male,
            surname: surname.male.clone(),
            first_name: &name.name,
            patronymic,
            born: father_born,
        };
        (Some(father), name)
    } else {
        (None, male_name(rng, set, father_born.year(), &[]))
    };

    let mut taken: Vec<&str> = vec![mother.first_name];
    taken.extend(father.as_ref().map(|f| f.first_name));
    let children = births
        .into_iter()
        .map(|born| {
            let sex = if rng.random_bool(0.5) { Sex::Female } else { Sex::Male };
            let first_name = first_name(rng, set, sex, born.year(), &taken);
            taken.push(first_name);
            Person {
                sex,
                surname: surname.of(sex).to_string(),
                first_name,
                patronymic: father_name.patronymic(sex),
                born,
            }
        })
        .collect();
    Family { surname, mother, father, children }
}

/// An address in the district: «г. Югорск, ул. Мира, д. 12, кв. 40», or a private house.
pub fn address(rng: &mut StdRng, district: i64) -> String {
    let file = data::addresses();
    let Some(streets) = file.districts.iter().find(|d| d.district == district).or(file.districts.first()) else {
        return file.town.clone();
    };
    let street = streets.streets.choose(rng).map(String::as_str).unwrap_or_default();
    let house = in_span(rng, streets.houses);
    if rng.random_bool(streets.private_houses.clamp(0.0, 1.0)) {
        format!("{}, {street}, д. {house}", file.town)
    } else {
        format!("{}, {street}, д. {house}, кв. {}", file.town, in_span(rng, streets.flats))
    }
}

/// A phone number as people dictate it: mostly a mobile, sometimes a landline of the town.
pub fn spoken_phone(rng: &mut StdRng) -> String {
    let people = data::people();
    if rng.random_bool(0.15) {
        format!(
            "8 ({}) {}-{:02}-{:02}",
            people.landline_code,
            rng.random_range(2..8),
            rng.random_range(0..100),
            rng.random_range(0..100)
        )
    } else {
        let code = people.mobile_codes.choose(rng).copied().unwrap_or(912);
        format!(
            "+7 {code} {:03}-{:02}-{:02}",
            rng.random_range(100..1000),
            rng.random_range(0..100),
            rng.random_range(0..100)
        )
    }
}

/// A mobile number in the +7XXXXXXXXXX form.
pub fn mobile_phone(rng: &mut StdRng) -> String {
    let code = data::people().mobile_codes.choose(rng).copied().unwrap_or(912);
    format!("+7{code}{:07}", rng.random_range(0..10_000_000u32))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    /// The patronymics of a son and a daughter by the rules of Russian: -ий after a vowel or a
    /// single consonant gives -ьевич (Юрий — Юрьевич), after two consonants -иевич (Дмитрий);
    /// -ей and -ай give -еевич, -аевич; -ь gives -евич; a name in -а gives -ич, -ична; a few
    /// names drop or change a vowel (Лев — Львович, Павел — Павлович, Пётр — Петрович, Михаил —
    /// Михайлович, Илья — Ильич, Ильинична); any other consonant takes -ович, -овна.
    fn by_rules(name: &str) -> (String, String) {
        let irregular = [
            ("Лев", "Львович", "Львовна"),
            ("Павел", "Павлович", "Павловна"),
            ("Пётр", "Петрович", "Петровна"),
            ("Михаил", "Михайлович", "Михайловна"),
            ("Илья", "Ильич", "Ильинична"),
        ];
        if let Some((_, son, daughter)) = irregular.iter().find(|(n, _, _)| *n == name) {
            return (son.to_string(), daughter.to_string());
        }
        let chars: Vec<char> = name.chars().collect();
        let stem = |cut: usize| chars[..chars.len() - cut].iter().collect::<String>();
        let vowel = |c: char| "аеёиоуыэюяАЕЁИОУЫЭЮЯ".contains(c);
        match name {
            n if n.ends_with("ий") => {
                let before = chars[chars.len() - 3];
                let two_consonants = !vowel(before) && !vowel(chars[chars.len() - 4]);
                let tail = if two_consonants { "иев" } else { "ьев" };
                (format!("{}{tail}ич", stem(2)), format!("{}{tail}на", stem(2)))
            }
            n if n.ends_with('й') => (format!("{}евич", stem(1)), format!("{}евна", stem(1))),
            n if n.ends_with('ь') => (format!("{}евич", stem(1)), format!("{}евна", stem(1))),
            n if n.ends_with('а') => (format!("{}ич", stem(1)), format!("{}ична", stem(1))),
            n => (format!("{n}ович"), format!("{n}овна")),
        }
    }

    #[test]
    fn patronymics_follow_the_rules_of_russian() {
        // The forms spelled out, for the names where a mistake is easy.
        let known = [
            ("Олег", "Олегович", "Олеговна"),
            ("Илья", "Ильич", "Ильинична"),
            ("Никита", "Никитич", "Никитична"),
            ("Сергей", "Сергеевич", "Сергеевна"),
            ("Алексей", "Алексеевич", "Алексеевна"),
            ("Андрей", "Андреевич", "Андреевна"),
            ("Дмитрий", "Дмитриевич", "Дмитриевна"),
            ("Игорь", "Игоревич", "Игоревна"),
            ("Лев", "Львович", "Львовна"),
            ("Павел", "Павлович", "Павловна"),
            ("Пётр", "Петрович", "Петровна"),
            ("Иван", "Иванович", "Ивановна"),
            ("Михаил", "Михайлович", "Михайловна"),
            ("Юрий", "Юрьевич", "Юрьевна"),
            ("Василий", "Васильевич", "Васильевна"),
            ("Николай", "Николаевич", "Николаевна"),
            ("Евгений", "Евгеньевич", "Евгеньевна"),
        ];
        for (name, son, daughter) in known {
            assert_eq!(by_rules(name), (son.to_string(), daughter.to_string()), "the rules for {name}");
        }
        for set in &data::people().name_sets {
            for name in &set.male_names {
                let (son, daughter) = by_rules(&name.name);
                assert_eq!(
                    (name.son.as_str(), name.daughter.as_str()),
                    (son.as_str(), daughter.as_str()),
                    "{}",
                    name.name
                );
            }
            for (name, son, daughter) in known {
                if let Some(found) = set.male_names.iter().find(|n| n.name == name) {
                    assert_eq!((found.son.as_str(), found.daughter.as_str()), (son, daughter), "{name}");
                }
            }
        }
    }

    #[test]
    fn every_year_of_birth_has_names_of_both_sexes() {
        for set in &data::people().name_sets {
            for year in 1890..=2040 {
                let men = set.male_names.iter().filter(|n| given_in(&n.born, year)).count();
                let women = set.female_names.iter().filter(|n| given_in(&n.born, year)).count();
                assert!(men >= 3 && women >= 3, "{}: {year} has {men} male and {women} female names", set.code);
            }
        }
    }

    #[test]
    fn an_address_is_in_its_district() {
        let mut rng = StdRng::seed_from_u64(1);
        for district in 1..=6 {
            let streets =
                &data::addresses().districts.iter().find(|d| d.district == district).expect("district").streets;
            for _ in 0..50 {
                let address = address(&mut rng, district);
                assert!(address.starts_with("г. Югорск, "), "{address}");
                assert!(streets.iter().any(|s| address.contains(&format!(", {s}, д. "))), "{address}");
            }
        }
    }
}
