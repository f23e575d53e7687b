//! The month's door-to-door round (seed 002 §4.2 «дворовый и поквартирный обход»): the streets
//! and houses of a district read from the registry's addresses, the people living in the houses
//! chosen, each marked visited by the contact recorded at the door. Types and rules, without a
//! browser or a database.

use super::types::ElderRow;
use crate::districts::DistrictOption;
use serde::{Deserialize, Serialize};

/// Where a person lives, as the round walks it: the street (with the settlement when it is not
/// the town), the house and the flat.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// «ул. Ленина»; «п. Таёжный, ул. Лесная».
    pub street: String,
    /// «д. 12»; empty when the address names none.
    pub house: String,
    /// «кв. 4»; empty for a private house.
    pub flat: String,
}

fn lower(s: &str) -> String {
    s.trim().to_lowercase()
}

/// Whether a part of an address names the town itself («г. Югорск», «город Югорск»), which
/// the round does not need.
fn is_town(part: &str) -> bool {
    let p = lower(part);
    p.starts_with("г.")
        || p.starts_with("г ")
        || p.starts_with("город ")
        || p.contains("автономный округ")
        || p.starts_with("хмао")
        || p.chars().all(|c| c.is_ascii_digit())
}

fn is_house(part: &str) -> bool {
    let p = lower(part);
    p.starts_with("д.") || p.starts_with("дом ") || p.chars().next().is_some_and(|c| c.is_ascii_digit())
}

fn is_flat(part: &str) -> bool {
    let p = lower(part);
    p.starts_with("кв") || p.starts_with("квартира") || p.starts_with("комн")
}

/// «д. 12» from «12», «д.12», «дом 12».
fn house_words(part: &str) -> String {
    let p = part.trim();
    let number =
        p.trim_start_matches("дом").trim_start_matches("Дом").trim_start_matches("д.").trim_start_matches("Д.").trim();
    format!("д. {number}")
}

/// «кв. 4» from «кв.4», «квартира 4».
fn flat_words(part: &str) -> String {
    let p = part.trim();
    let lowered = p.to_lowercase();
    if lowered.starts_with("комн") {
        return p.to_string();
    }
    let number = p.trim_start_matches(|c: char| c.is_alphabetic() || c == '.').trim();
    format!("кв. {number}")
}

/// Reads the street, house and flat from an address as the registry keeps it: «г. Югорск,
/// ул. Ленина, д. 12, кв. 4», «ул. Ленина 12-4», «п. Таёжный, ул. Лесная, 3».
pub fn place_of(address: &str) -> Place {
    let mut street: Vec<String> = Vec::new();
    let mut place = Place::default();
    for part in address.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if place.house.is_empty() && is_house(part) && !street.is_empty() {
            // «12-4»: the house and the flat in one.
            match part.split_once(['-', '–']) {
                Some((house, flat)) if lower(part).chars().next().is_some_and(|c| c.is_ascii_digit()) => {
                    place.house = house_words(house);
                    place.flat = flat_words(flat);
                }
                _ => place.house = house_words(part),
            }
        } else if is_flat(part) && !place.house.is_empty() {
            place.flat = flat_words(part);
        } else if street.is_empty() && is_town(part) {
            continue;
        } else if place.house.is_empty() {
            // «ул. Ленина 12» or «ул. Ленина 12-4»: the number at the end is the house.
            let words: Vec<&str> = part.split_whitespace().collect();
            match words.split_last() {
                Some((last, rest)) if rest.len() >= 2 && last.chars().next().is_some_and(|c| c.is_ascii_digit()) => {
                    street.push(rest.join(" "));
                    match last.split_once(['-', '–']) {
                        Some((house, flat)) => {
                            place.house = house_words(house);
                            place.flat = flat_words(flat);
                        }
                        None => place.house = house_words(last),
                    }
                }
                _ => street.push(part.to_string()),
            }
        }
    }
    place.street = street.join(", ");
    place
}

/// The number of a house or flat for ordering: «д. 12а» → (12, «а»).
pub fn number_key(words: &str) -> (u32, String) {
    let text = words.trim_start_matches(|c: char| !c.is_ascii_digit());
    let digits: String = text.chars().take_while(|c| c.is_ascii_digit()).collect();
    (digits.parse().unwrap_or(u32::MAX), text[digits.len()..].to_lowercase())
}

/// The round's choice, as it stands in the URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WalkQuery {
    /// A district's key; empty: the user's first district.
    pub district: String,
    pub street: String,
    /// The houses chosen, one per line; empty: every house of the street.
    pub houses: String,
}

impl WalkQuery {
    pub fn houses(&self) -> Vec<String> {
        self.houses.lines().map(str::trim).filter(|h| !h.is_empty()).map(str::to_string).collect()
    }
}

/// A street or a house with how many people of the registry live there and how many of them
/// were reached this month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceTally {
    pub name: String,
    pub people: u64,
    pub reached: u64,
}

/// A person at the door: the registry row and the flat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Door {
    pub house: String,
    pub flat: String,
    pub person: ElderRow,
}

/// The round page: the district's streets, the houses of the street chosen, the people there.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WalkPage {
    pub districts: Vec<DistrictOption>,
    pub district: String,
    pub street: String,
    pub houses_chosen: Vec<String>,
    pub streets: Vec<PlaceTally>,
    pub houses: Vec<PlaceTally>,
    pub doors: Vec<Door>,
    /// «декабрь 2026».
    pub month: String,
}

/// Groups a district's people by street and house for the round: the streets (by name), the
/// houses of `street` (by number), the people of the houses chosen (all of the street when none)
/// by house, flat and name. `reached`: whether a person was reached this month.
pub fn walk(
    people: Vec<ElderRow>,
    street: &str,
    houses: &[String],
    reached: impl Fn(&ElderRow) -> bool,
) -> (Vec<PlaceTally>, Vec<PlaceTally>, Vec<Door>) {
    use std::collections::BTreeMap;
    let mut streets: BTreeMap<String, PlaceTally> = BTreeMap::new();
    let mut in_street: BTreeMap<(u32, String, String), PlaceTally> = BTreeMap::new();
    let mut doors = Vec::new();
    for person in people {
        let place = place_of(&person.address);
        let name =
            if place.street.is_empty() { "Адрес не разобран".to_string() } else { place.street.clone() };
        let was = reached(&person);
        let tally = streets.entry(name.clone()).or_insert(PlaceTally { name: name.clone(), people: 0, reached: 0 });
        tally.people += 1;
        tally.reached += u64::from(was);
        if name != street {
            continue;
        }
        let (n, suffix) = number_key(&place.house);
        let house = in_street.entry((n, suffix, place.house.clone())).or_insert(PlaceTally {
            name: place.house.clone(),
            people: 0,
            reached: 0,
        });
        house.people += 1;
        house.reached += u64::from(was);
        if houses.is_empty() || houses.contains(&place.house) {
            doors.push(Door { house: place.house, flat: place.flat, person });
        }
    }
    doors.sort_by(|a, b| {
        (number_key(&a.house), number_key(&a.flat), &a.person.full_name).cmp(&(
            number_key(&b.house),
            number_key(&b.flat),
            &b.person.full_name,
        ))
    });
    (streets.into_values().collect(), in_street.into_values().collect(), doors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(street: &str, house: &str, flat: &str) -> Place {
        Place { street: street.into(), house: house.into(), flat: flat.into() }
    }

    #[test]
    fn addresses_are_read_as_street_house_and_flat() {
        assert_eq!(place_of("г. Югорск, ул. Ленина, д. 12, кв. 4"), place("ул. Ленина", "д. 12", "кв. 4"));
        assert_eq!(place_of("ул. Ленина, д.12а"), place("ул. Ленина", "д. 12а", ""));
        assert_eq!(place_of("ул. Ленина 12-4"), place("ул. Ленина", "д. 12", "кв. 4"));
        assert_eq!(place_of("628260, г. Югорск, ул. Мира, 3, кв.15"), place("ул. Мира", "д. 3", "кв. 15"));
        assert_eq!(place_of("п. Таёжный, ул. Лесная, д. 3"), place("п. Таёжный, ул. Лесная", "д. 3", ""));
        assert_eq!(place_of("ул. 40 лет Победы, дом 7, квартира 21"), place("ул. 40 лет Победы", "д. 7", "кв. 21"));
        assert_eq!(place_of("г. Югорск"), place("", "", ""));
    }

    #[test]
    fn houses_and_flats_are_ordered_by_their_numbers() {
        let mut houses = vec!["д. 12", "д. 2", "д. 12а", "д. 3"];
        houses.sort_by_key(|h| number_key(h));
        assert_eq!(houses, vec!["д. 2", "д. 3", "д. 12", "д. 12а"]);
    }

    fn row(name: &str, address: &str, reached: bool) -> ElderRow {
        ElderRow {
            id: name.into(),
            full_name: name.into(),
            birth_date: chrono::NaiveDate::from_ymd_opt(1950, 1, 1).unwrap_or_default(),
            sex: super::super::types::Sex::Female,
            disability: None,
            address: address.into(),
            district_id: "d1".into(),
            district_name: "Участок № 1".into(),
            phones: vec![],
            groups: vec![],
            last_contact_on: reached.then(|| chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default()),
            last_contact_way: None,
        }
    }

    #[test]
    fn the_round_groups_people_by_street_and_house() {
        let people = vec![
            row("Борисова", "г. Югорск, ул. Ленина, д. 12, кв. 4", true),
            row("Антонова", "г. Югорск, ул. Ленина, д. 12, кв. 1", false),
            row("Власова", "г. Югорск, ул. Ленина, д. 3", false),
            row("Гусева", "г. Югорск, ул. Мира, д. 1", false),
        ];
        let (streets, houses, doors) = walk(people.clone(), "ул. Ленина", &[], |p| p.last_contact_on.is_some());
        assert_eq!(
            streets,
            vec![
                PlaceTally { name: "ул. Ленина".into(), people: 3, reached: 1 },
                PlaceTally { name: "ул. Мира".into(), people: 1, reached: 0 },
            ]
        );
        assert_eq!(houses.iter().map(|h| h.name.as_str()).collect::<Vec<_>>(), vec!["д. 3", "д. 12"]);
        assert_eq!(houses[1].people, 2);
        let names: Vec<&str> = doors.iter().map(|d| d.person.full_name.as_str()).collect();
        assert_eq!(names, vec!["Власова", "Антонова", "Борисова"]);
        let (_, _, doors) = walk(people, "ул. Ленина", &["д. 12".to_string()], |_| false);
        assert_eq!(doors.len(), 2);
    }
}
