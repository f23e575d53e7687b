//! Search in Russian over the registry. The database's `ru` analyzer (snowball) folds endings
//! («юристы» → «юрист»), but words of one root often have different stems: «юрист» and
//! «юридическая», «психолог» and «психологическая», «врач» and «медицинская». So the indexed text
//! and the query both carry a root word for every family of related words they contain: a query
//! for «юрист» finds «юридическая консультация», and the other way round.

/// Families of related words: the word written into the index, and the beginnings of the words
/// that belong to it.
const FAMILIES: &[(&str, &[&str])] = &[
    ("юрист", &["юрист", "юрид", "правов", "адвокат", "нотариус"]),
    ("психолог", &["психолог", "психотерап", "психиатр"]),
    ("медицина", &["медиц", "медик", "врач", "больниц", "поликлин", "лечеб", "лечени", "фельдшер"]),
    ("реабилитация", &["реабилит", "абилитац"]),
    ("санаторий", &["санатор", "курорт"]),
    ("трудоустройство", &["трудоустр", "вакан", "занятост", "работодат"]),
    ("обучение", &["обучен", "переобуч", "переподгот", "профобуч", "квалификац"]),
    ("дрова", &["дров"]),
    ("пенсия", &["пенси"]),
    ("инвалидность", &["инвалид", "мсэ"]),
    ("жильё", &["жиль", "жилищ", "жилой", "жилое", "квартир"]),
    ("доброволец", &["волонт", "доброволь"]),
    ("скидка", &["скидк", "льгот"]),
    ("выплата", &["выплат", "пособи", "компенсац"]),
    ("одежда", &["одежд", "вещи", "вещей", "обув"]),
    ("продукты", &["продукт", "продовольств", "питани"]),
    ("спорт", &["спорт", "физкульт"]),
    ("культура", &["культур", "музе", "библиот", "театр"]),
    ("ребёнок", &["ребен", "ребён", "дети", "детей", "детск", "несовершеннолет"]),
    ("школа", &["школ", "учебн", "образова"]),
    ("садик", &["детсад", "дошкол", "садик"]),
    ("военкомат", &["военкомат", "комиссариат"]),
    ("уход", &["уход", "сиделк", "патронаж"]),
];

/// The words of a text, lower-cased, «ё» kept.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_lowercase())
}

fn family_of(word: &str) -> Option<&'static str> {
    let folded = word.replace('ё', "е");
    FAMILIES
        .iter()
        .find(|(_, starts)| starts.iter().any(|s| word.starts_with(s) || folded.starts_with(&s.replace('ё', "е"))))
        .map(|(root, _)| *root)
}

/// The text to index: the text itself and the root word of every family it touches.
pub fn index_text(parts: &[&str]) -> String {
    let mut text = parts.iter().filter(|p| !p.trim().is_empty()).copied().collect::<Vec<_>>().join(" ");
    let mut roots: Vec<&str> = Vec::new();
    for word in words(&text) {
        if let Some(root) = family_of(&word) {
            if !roots.contains(&root) {
                roots.push(root);
            }
        }
    }
    for root in roots {
        text.push(' ');
        text.push_str(root);
    }
    text
}

/// The words to look for: each word of the query, or its family's root word. Every word must
/// match. None when the query has no words.
pub fn query_terms(query: &str) -> Option<String> {
    let terms: Vec<String> = words(query).take(12).map(|w| family_of(&w).map(str::to_string).unwrap_or(w)).collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn related_words_share_a_root_in_the_index_and_the_query() {
        let text = index_text(&["Юридическая консультация", "ул. Ленина, 5"]);
        assert!(text.ends_with(" юрист"), "{text}");
        assert_eq!(query_terms("юрист").as_deref(), Some("юрист"));
        assert_eq!(query_terms("Юристы").as_deref(), Some("юрист"));
        assert_eq!(query_terms("психологическая помощь").as_deref(), Some("психолог помощь"));
        assert_eq!(query_terms("  ").as_deref(), None);
    }

    #[test]
    fn each_root_is_added_once_and_unrelated_words_are_kept() {
        let text = index_text(&["Врач-терапевт", "медицинская помощь в больнице"]);
        assert_eq!(text.matches("медицина").count(), 1);
        assert_eq!(query_terms("Газовиков 3").as_deref(), Some("газовиков 3"));
    }
}
