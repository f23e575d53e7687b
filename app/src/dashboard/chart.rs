//! Charts drawn on the server as SVG with plotters: they print, show before the WASM loads and
//! need no JavaScript. Each bar carries its figure beside it; the picture is an image with the
//! chart's summary as its text alternative, and the table behind it is on the page.

use super::types::{ChartData, PALETTE};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

fn color(k: usize) -> RGBColor {
    let (r, g, b) = PALETTE[k % PALETTE.len()];
    RGBColor(r, g, b)
}

const FONT: &str = "sans-serif";

/// The chart as an SVG document; empty when there is nothing to draw or drawing failed (the
/// table behind it is still on the page).
pub fn render(data: &ChartData) -> String {
    if data.is_empty() {
        return String::new();
    }
    let mut svg = String::new();
    let drawn = if data.horizontal { bars(data, &mut svg) } else { columns(data, &mut svg) };
    match drawn {
        Ok(()) => accessible(&svg, &data.summary),
        Err(e) => {
            tracing::warn!(chart = %data.key, error = %e, "a chart could not be drawn");
            String::new()
        }
    }
}

/// The picture as an image with its summary for screen readers, scaled to its box.
fn accessible(svg: &str, summary: &str) -> String {
    let label = summary.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
    svg.replacen(
        "<svg ",
        &format!("<svg role=\"img\" aria-label=\"{label}\" preserveAspectRatio=\"xMinYMin meet\" "),
        1,
    )
}

type Drawn = Result<(), Box<dyn std::error::Error>>;

/// Stacked columns, one per category (a week), its total above it.
fn columns(data: &ChartData, out: &mut String) -> Drawn {
    let n = data.categories.len();
    let totals = data.totals();
    let top = totals.iter().copied().max().unwrap_or(1).max(1);
    let top = top + top / 8 + 1;
    let root = SVGBackend::with_string(out, (640, 280)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(30)
        .y_label_area_size(40)
        .build_cartesian_2d((0..n).into_segmented(), 0u64..top)?;
    let labels = data.categories.clone();
    let label_of = move |v: &SegmentValue<usize>| match v {
        SegmentValue::CenterOf(i) => labels.get(*i).cloned().unwrap_or_default(),
        _ => String::new(),
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n)
        .x_label_formatter(&label_of)
        .y_labels(5)
        .y_label_formatter(&|v| v.to_string())
        .label_style((FONT, 15))
        .light_line_style(RGBColor(236, 240, 244))
        .bold_line_style(RGBColor(220, 226, 232))
        .draw()?;
    for (k, series) in data.series.iter().enumerate() {
        let fill = color(data.color_of(k)).filled();
        chart.draw_series(series.values.iter().enumerate().filter(|(_, v)| **v > 0).map(|(i, v)| {
            let base: u64 = data.series[..k].iter().map(|s| s.values.get(i).copied().unwrap_or(0)).sum();
            let mut bar =
                Rectangle::new([(SegmentValue::Exact(i), base), (SegmentValue::Exact(i + 1), base + v)], fill);
            bar.set_margin(0, 0, 8, 8);
            bar
        }))?;
    }
    let figure = TextStyle::from((FONT, 15).into_font()).pos(Pos::new(HPos::Center, VPos::Bottom)).color(&BLACK);
    chart.draw_series(
        totals
            .iter()
            .enumerate()
            .filter(|(_, t)| **t > 0)
            .map(|(i, t)| Text::new(t.to_string(), (SegmentValue::CenterOf(i), *t), figure.clone())),
    )?;
    root.present()?;
    Ok(())
}

/// Horizontal bars, one per category (a specialist, a district) in their order from the top, the
/// series stacked in each, its total beside it.
fn bars(data: &ChartData, out: &mut String) -> Drawn {
    let n = data.categories.len();
    let totals = data.totals();
    let top = totals.iter().copied().max().unwrap_or(1).max(1);
    let top = top + top / 6 + 1;
    let height = (44 + 32 * n as u32).clamp(120, 700);
    let root = SVGBackend::with_string(out, (640, height)).into_drawing_area();
    root.fill(&WHITE)?;
    // Room for the longest name (a district's is long) at about 8 px a letter.
    let longest = data.categories.iter().map(|c| c.chars().count()).max().unwrap_or(0) as u32;
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(26)
        .y_label_area_size((longest * 8 + 20).clamp(120, 330))
        .build_cartesian_2d(0u64..top, (0..n).into_segmented())?;
    // The first category on top: the axis counts from the bottom.
    let labels = data.categories.clone();
    let label_of = move |v: &SegmentValue<usize>| match v {
        SegmentValue::CenterOf(j) if *j < n => labels.get(n - 1 - *j).cloned().unwrap_or_default(),
        _ => String::new(),
    };
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(n)
        .y_label_formatter(&label_of)
        .x_labels(5)
        .x_label_formatter(&|v| v.to_string())
        .label_style((FONT, 15))
        .light_line_style(RGBColor(236, 240, 244))
        .bold_line_style(RGBColor(220, 226, 232))
        .draw()?;
    for (k, series) in data.series.iter().enumerate() {
        let fill = color(data.color_of(k)).filled();
        chart.draw_series(series.values.iter().enumerate().filter(|(_, v)| **v > 0).map(|(i, v)| {
            let base: u64 = data.series[..k].iter().map(|s| s.values.get(i).copied().unwrap_or(0)).sum();
            let j = n - 1 - i;
            let mut bar =
                Rectangle::new([(base, SegmentValue::Exact(j)), (base + v, SegmentValue::Exact(j + 1))], fill);
            bar.set_margin(5, 5, 0, 0);
            bar
        }))?;
    }
    let figure = TextStyle::from((FONT, 15).into_font()).pos(Pos::new(HPos::Left, VPos::Center)).color(&BLACK);
    chart.draw_series(
        totals
            .iter()
            .enumerate()
            .map(|(i, v)| Text::new(format!(" {v}"), (*v, SegmentValue::CenterOf(n - 1 - i)), figure.clone())),
    )?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard::types::Series;

    fn data(horizontal: bool) -> ChartData {
        ChartData {
            key: "test".into(),
            title: "Проверка".into(),
            summary: "Два столбца: 3 и 5 <всего 8>".into(),
            categories: vec!["30.11".into(), "07.12".into()],
            series: vec![
                Series { name: "Приём".into(), values: vec![1, 5] },
                Series { name: "План".into(), values: vec![2, 0] },
            ],
            horizontal,
            empty: "нет".into(),
            axis: "Неделя с".into(),
            colors: vec![],
        }
    }

    #[test]
    fn a_chart_is_an_svg_image_with_its_figures_and_summary() {
        for horizontal in [false, true] {
            let svg = render(&data(horizontal));
            assert!(svg.starts_with("<svg role=\"img\" aria-label=\"Два столбца: 3 и 5 &lt;всего 8>\""), "{svg}");
            assert!(svg.contains("<rect"), "bars");
            let texts: Vec<&str> = svg
                .split("<text")
                .skip(1)
                .filter_map(|t| t.split_once('>').and_then(|(_, rest)| rest.split('<').next()))
                .map(str::trim)
                .collect();
            assert!(texts.contains(&"3") && texts.contains(&"5"), "the figures beside the bars: {texts:?}");
            assert!(texts.contains(&"30.11"), "the category: {texts:?}");
        }
    }

    #[test]
    fn nothing_to_draw_is_no_picture() {
        let mut empty = data(false);
        empty.series.iter_mut().for_each(|s| s.values = vec![0, 0]);
        assert_eq!(render(&empty), "");
    }
}
