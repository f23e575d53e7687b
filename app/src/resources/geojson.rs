//! District boundaries as GeoJSON: a FeatureCollection with one Polygon per district, the
//! district named by the feature's `number` (or `district`, `id`) property.

use super::types::DistrictShape;
use crate::districts::DistrictOption;
use serde_json::{json, Value};

/// Polygon rings of (lon, lat) points.
pub type Rings = Vec<Vec<[f64; 2]>>;

/// The boundaries of a FeatureCollection, by district key; a message in Russian when it is not one.
pub fn boundaries(text: &str, districts: &[DistrictOption]) -> Result<Vec<(String, Rings)>, String> {
    if text.len() > 5_000_000 {
        return Err("Файл больше 5 МБ".into());
    }
    let value: Value = serde_json::from_str(text).map_err(|e| format!("Это не GeoJSON: {e}"))?;
    let features = match value.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => value.get("features").and_then(Value::as_array).cloned().unwrap_or_default(),
        Some("Feature") => vec![value.clone()],
        _ => return Err("Ожидается GeoJSON FeatureCollection с участками".into()),
    };
    if features.is_empty() {
        return Err("В файле нет ни одного участка".into());
    }
    let mut result: Vec<(String, Rings)> = Vec::new();
    for (i, feature) in features.iter().enumerate() {
        let n = i + 1;
        let props = feature.get("properties").cloned().unwrap_or(Value::Null);
        let number = ["number", "district", "id", "номер"].iter().find_map(|k| match props.get(*k) {
            Some(Value::Number(n)) => n.as_i64(),
            Some(Value::String(s)) => s.trim().trim_start_matches("d").parse::<i64>().ok(),
            _ => None,
        });
        let Some(district) = number.and_then(|num| districts.iter().find(|d| d.number == num)) else {
            return Err(format!("Объект {n}: в свойствах нет номера существующего участка (свойство «number»)"));
        };
        let geometry = feature.get("geometry").cloned().unwrap_or(Value::Null);
        let coordinates = match geometry.get("type").and_then(Value::as_str) {
            Some("Polygon") => geometry.get("coordinates").cloned(),
            Some("MultiPolygon") => match geometry.get("coordinates").and_then(Value::as_array) {
                Some(polygons) if polygons.len() == 1 => polygons.first().cloned(),
                _ => return Err(format!("Объект {n}: участок должен быть одним многоугольником")),
            },
            _ => return Err(format!("Объект {n}: ожидается геометрия Polygon")),
        };
        let rings = coordinates
            .as_ref()
            .and_then(Value::as_array)
            .ok_or_else(|| format!("Объект {n}: нет координат"))?
            .iter()
            .map(|ring| ring_of(ring).ok_or_else(|| format!("Объект {n}: координаты — пары [долгота, широта]")))
            .collect::<Result<Vec<_>, _>>()?;
        if rings.is_empty() || rings.iter().any(|r| r.len() < 4) {
            return Err(format!("Объект {n}: в контуре меньше трёх точек"));
        }
        if result.iter().any(|(key, _)| *key == district.id) {
            return Err(format!("Участок № {} встречается в файле дважды", district.number));
        }
        result.push((district.id.clone(), rings));
    }
    Ok(result)
}

fn ring_of(ring: &Value) -> Option<Vec<[f64; 2]>> {
    ring.as_array()?
        .iter()
        .map(|point| {
            let p = point.as_array()?;
            let (lon, lat) = (p.first()?.as_f64()?, p.get(1)?.as_f64()?);
            (lon.abs() <= 180.0 && lat.abs() <= 90.0).then_some([lon, lat])
        })
        .collect()
}

/// The districts as a FeatureCollection, to edit elsewhere and bring back.
pub fn feature_collection(districts: &[DistrictShape]) -> Value {
    json!({
        "type": "FeatureCollection",
        "features": districts.iter().filter(|d| !d.rings.is_empty()).map(|d| json!({
            "type": "Feature",
            "properties": { "number": d.number, "name": d.name },
            "geometry": { "type": "Polygon", "coordinates": d.rings },
        })).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn districts() -> Vec<DistrictOption> {
        (1..=2).map(|n| DistrictOption { id: format!("d{n}"), number: n, name: format!("Участок № {n}") }).collect()
    }

    #[test]
    fn a_feature_collection_round_trips() {
        let shape = DistrictShape {
            id: "d1".into(),
            number: 1,
            name: "Участок № 1".into(),
            rings: vec![vec![[63.3, 61.3], [63.31, 61.3], [63.31, 61.31], [63.3, 61.3]]],
            verified_on: None,
            overdue: true,
        };
        let text = feature_collection(std::slice::from_ref(&shape)).to_string();
        let parsed = boundaries(&text, &districts()).unwrap();
        assert_eq!(parsed, vec![("d1".to_string(), shape.rings)]);
    }

    #[test]
    fn bad_files_are_explained() {
        assert!(boundaries("not json", &districts()).unwrap_err().contains("не GeoJSON"));
        let unknown = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"number":9},
            "geometry":{"type":"Polygon","coordinates":[[[63,61],[63.1,61],[63.1,61.1],[63,61]]]}}]}"#;
        assert!(boundaries(unknown, &districts()).unwrap_err().contains("номера"));
        let point = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"number":1},
            "geometry":{"type":"Point","coordinates":[63,61]}}]}"#;
        assert!(boundaries(point, &districts()).unwrap_err().contains("Polygon"));
    }
}
