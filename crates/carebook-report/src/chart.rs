//! Vector charts: a monthly trend line and bar charts (grouped or stacked, horizontal
//! or vertical), drawn with lines, polygons and rectangles.

use crate::fonts::{Fonts, Weight};
use crate::labels::Lang;
use crate::layout::palette::*;
use crate::pdf::{Canvas, Rgb, TextStyle};
use crate::text::{clean_line, fit_line};

/// A box on the page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Area {
    pub(crate) x: f32,
    pub(crate) y: f32,
    pub(crate) w: f32,
    pub(crate) h: f32,
}

/// A value axis: lowest and highest value shown and the step between grid lines.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Axis {
    pub(crate) lo: f64,
    pub(crate) hi: f64,
    pub(crate) step: f64,
}

impl Axis {
    /// A "nice" axis (steps of 1, 2, 2.5 or 5 times a power of ten, about `ticks`
    /// of them) covering `min..=max`; fixed ends are kept as given.
    pub(crate) fn nice(min: f64, max: f64, fixed_lo: Option<f64>, fixed_hi: Option<f64>, ticks: usize) -> Self {
        let mut lo = fixed_lo.unwrap_or(min);
        let mut hi = fixed_hi.unwrap_or(max);
        if !lo.is_finite() || !hi.is_finite() {
            lo = 0.0;
            hi = 1.0;
        }
        if hi < lo {
            std::mem::swap(&mut lo, &mut hi);
        }
        if (hi - lo).abs() < 1e-9 {
            let pad = if hi.abs() < 1e-9 { 1.0 } else { hi.abs() * 0.1 };
            if fixed_lo.is_none() {
                lo -= pad;
            }
            if fixed_hi.is_none() || fixed_lo.is_some() {
                hi += pad;
            }
        }
        let step = nice_step((hi - lo) / ticks.max(1) as f64);
        if fixed_lo.is_none() {
            lo = (lo / step).floor() * step;
        }
        if fixed_hi.is_none() {
            hi = (hi / step).ceil() * step;
        }
        Self { lo, hi, step }
    }

    /// The grid values from `lo` to `hi`.
    pub(crate) fn ticks(&self) -> Vec<f64> {
        let first = (self.lo / self.step).ceil() as i64;
        let last = (self.hi / self.step + 1e-9).floor() as i64;
        (first..=last).map(|i| i as f64 * self.step).collect()
    }

    /// Decimals needed to print the ticks.
    pub(crate) fn decimals(&self) -> u8 {
        let mut d = 0_u8;
        let mut s = self.step;
        while d < 3 && (s - s.round()).abs() > 1e-6 {
            s *= 10.0;
            d += 1;
        }
        d
    }

    fn frac(&self, v: f64) -> f32 {
        ((v - self.lo) / (self.hi - self.lo)).clamp(0.0, 1.0) as f32
    }
}

fn nice_step(raw: f64) -> f64 {
    if raw <= 0.0 || !raw.is_finite() {
        return 1.0;
    }
    let mag = 10_f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let nice = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 2.5 {
        2.5
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

/// One monthly series to draw as a line.
pub(crate) struct Trend<'a> {
    pub(crate) title: &'a str,
    pub(crate) unit: &'a str,
    pub(crate) decimals: u8,
    pub(crate) points: Vec<(&'a str, Option<f64>)>,
    pub(crate) y_min: Option<f64>,
    pub(crate) y_max: Option<f64>,
}

const AXIS_STYLE: TextStyle = TextStyle::new(Weight::Regular, 6.5, MUTED);

/// Formats a value with its unit ("12,5 phút", "87 %").
pub(crate) fn with_unit(lang: Lang, v: f64, decimals: u8, unit: &str) -> String {
    let n = lang.decimal(v, decimals);
    match unit {
        "" => n,
        "%" if lang == Lang::En => format!("{n}%"),
        u => format!("{n} {u}"),
    }
}

/// A line chart of up to 12 months: missing months leave a gap, the first and last
/// values are printed, the axis is labelled.
pub(crate) fn line_chart(canvas: &mut Canvas, fonts: &Fonts, area: Area, trend: &Trend<'_>, lang: Lang) {
    let title_style = TextStyle::new(Weight::Bold, 8.5, INK);
    let unit_style = TextStyle::new(Weight::Regular, 8.0, MUTED);
    let tf = fonts.face(title_style.weight);
    let unit_text = if trend.unit.is_empty() { String::new() } else { format!(" ({})", trend.unit.trim()) };
    let unit_w = fonts.face(unit_style.weight).width(&unit_text, unit_style.size);
    let title = fit_line(tf, title_style.size, &clean_line(tf, trend.title), area.w - unit_w - 4.0);
    canvas.text(area.x, area.y + title_style.ascent(), &title, title_style);
    canvas.text(area.x + tf.width(&title, title_style.size), area.y + title_style.ascent(), &unit_text, unit_style);

    let values: Vec<f64> = trend.points.iter().filter_map(|p| p.1).filter(|v| v.is_finite()).collect();
    let plot_top = area.y + 22.0;
    let plot_bottom = area.y + area.h - 13.0;
    if values.is_empty() {
        canvas.stroke_rect(area.x, plot_top, area.w, plot_bottom - plot_top, GRID, 0.5);
        canvas.text_center(
            fonts,
            area.x + area.w / 2.0,
            (plot_top + plot_bottom) / 2.0 + 3.0,
            lang.labels().no_data,
            AXIS_STYLE.sized(8.0),
        );
        return;
    }
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let auto_lo = if min >= 0.0 { 0.0 } else { min };
    let axis = Axis::nice(auto_lo, max, trend.y_min, trend.y_max, 4);
    let tick_labels: Vec<(f64, String)> =
        axis.ticks().into_iter().map(|v| (v, lang.decimal(v, axis.decimals()))).collect();
    let af = fonts.face(AXIS_STYLE.weight);
    let label_w = tick_labels.iter().map(|(_, t)| af.width(t, AXIS_STYLE.size)).fold(0.0, f32::max);
    let left = area.x + label_w + 4.0;
    let right = area.x + area.w - 4.0;
    let y_of = |v: f64| plot_bottom - axis.frac(v) * (plot_bottom - plot_top);

    for (v, text) in &tick_labels {
        let gy = y_of(*v);
        let color = if v.abs() < 1e-9 { RULE } else { GRID };
        canvas.line((left, gy), (right, gy), color, 0.5);
        canvas.text_right(fonts, left - 3.0, gy + 2.2, text, AXIS_STYLE);
    }

    let n = trend.points.len().max(1);
    let slot = (right - left) / n as f32;
    let x_of = |i: usize| left + (i as f32 + 0.5) * slot;
    let widest = trend.points.iter().map(|p| af.width(p.0, AXIS_STYLE.size)).fold(0.0, f32::max);
    let every = ((widest + 3.0) / slot).ceil().max(1.0) as usize;
    for (i, (label, value)) in trend.points.iter().enumerate() {
        if i.is_multiple_of(every) {
            let text = clean_line(af, label);
            canvas.text_center(fonts, x_of(i), plot_bottom + 9.0, &text, AXIS_STYLE);
        }
        if value.is_none() {
            // A missing month: a small open mark on the axis line.
            let x = x_of(i);
            canvas.line((x - 1.5, plot_bottom), (x + 1.5, plot_bottom), MUTED, 0.6);
        }
    }

    // The line, broken where a month is missing.
    let mut run: Vec<(f32, f32)> = Vec::new();
    let mut dots = Vec::new();
    for (i, (_, value)) in trend.points.iter().enumerate() {
        match value.filter(|v| v.is_finite()) {
            Some(v) => {
                let p = (x_of(i), y_of(v));
                run.push(p);
                dots.push(p);
            }
            None => {
                canvas.polyline(&run, ACCENT, 1.4, false);
                run.clear();
            }
        }
    }
    canvas.polyline(&run, ACCENT, 1.4, false);
    for (x, y) in &dots {
        canvas.fill_circle(*x, *y, 1.7, ACCENT);
    }

    // Value labels on the first and last months with a value.
    let known: Vec<(usize, f64)> =
        trend.points.iter().enumerate().filter_map(|(i, p)| p.1.filter(|v| v.is_finite()).map(|v| (i, v))).collect();
    let value_style = TextStyle::new(Weight::Bold, 7.0, ACCENT);
    let vf = fonts.face(value_style.weight);
    let mut labelled = Vec::new();
    if let Some(first) = known.first() {
        labelled.push(*first);
    }
    if let Some(last) = known.last()
        && labelled.first().map(|f| f.0) != Some(last.0)
    {
        labelled.push(*last);
    }
    let first_index = known.first().map(|k| k.0);
    for (i, v) in labelled {
        let text = with_unit(lang, v, trend.decimals, trend.unit.trim());
        let tw = vf.width(&text, value_style.size);
        let (px, py) = (x_of(i), y_of(v));
        let is_first = Some(i) == first_index;
        // The first label starts at its point and the last one ends at it, both on the
        // side away from the neighbouring month, so the label never sits on the line.
        let neighbour = if is_first { i.checked_add(1) } else { i.checked_sub(1) }
            .and_then(|n| trend.points.get(n))
            .and_then(|p| p.1)
            .filter(|n| n.is_finite());
        let lx = if is_first { px - 3.0 } else { px - tw + 3.0 }.clamp(left, right - tw);
        let below = neighbour.is_some_and(|n| y_of(n) < py - 0.5);
        let (up, down) = (py - 5.0, py + 10.0);
        let mut baseline = if below { down } else { up };
        if baseline - value_style.size < plot_top - 8.0 {
            baseline = down;
        } else if baseline > plot_bottom - 1.0 {
            baseline = up;
        }
        canvas.fill_rect(lx - 1.0, baseline - value_style.size * 0.8, tw + 2.0, value_style.size * 1.05, WHITE);
        canvas.text(lx, baseline, &text, value_style);
    }
}

/// Bars to draw: one group per category, one value per series.
pub(crate) struct Bars<'a> {
    pub(crate) categories: Vec<&'a str>,
    pub(crate) series: Vec<(&'a str, Rgb)>,
    /// `values[category][series]`.
    pub(crate) values: Vec<Vec<f64>>,
    pub(crate) stacked: bool,
    pub(crate) horizontal: bool,
}

impl Bars<'_> {
    /// A good height for `width`: a band per category plus legend and axis.
    pub(crate) fn height(&self) -> f32 {
        let n = self.categories.len().max(1) as f32;
        if self.horizontal {
            let band = if self.stacked { 15.0 } else { 6.0 + 7.0 * self.series.len() as f32 };
            30.0 + n * band
        } else {
            150.0
        }
    }
}

/// Draws a bar chart with its legend and value axis.
pub(crate) fn bar_chart(canvas: &mut Canvas, fonts: &Fonts, area: Area, bars: &Bars<'_>, lang: Lang) {
    let legend_style = TextStyle::new(Weight::Regular, 7.5, INK);
    let lf = fonts.face(legend_style.weight);
    // Legend, wrapping onto more rows if needed.
    let mut lx = area.x;
    let mut ly = area.y + 2.0;
    for (name, color) in &bars.series {
        let text = clean_line(lf, name);
        let w = 10.0 + lf.width(&text, legend_style.size) + 12.0;
        if lx + w > area.x + area.w && lx > area.x {
            lx = area.x;
            ly += 11.0;
        }
        canvas.fill_rect(lx, ly, 7.0, 7.0, *color);
        canvas.text(lx + 10.0, ly + 6.5, &text, legend_style);
        lx += w;
    }
    let top = ly + 16.0;
    let bottom = area.y + area.h - 12.0;

    let totals: Vec<f64> =
        bars.values
            .iter()
            .map(|vs| {
                if bars.stacked { vs.iter().map(|v| v.max(0.0)).sum() } else { vs.iter().copied().fold(0.0, f64::max) }
            })
            .collect();
    let max = totals.iter().copied().fold(0.0, f64::max);
    let axis = Axis::nice(0.0, max.max(1.0), Some(0.0), None, 4);
    let ticks: Vec<(f64, String)> = axis.ticks().into_iter().map(|v| (v, lang.decimal(v, axis.decimals()))).collect();
    let af = fonts.face(AXIS_STYLE.weight);
    let cat_style = TextStyle::new(Weight::Regular, 7.5, INK);
    let cf = fonts.face(cat_style.weight);
    let value_style = TextStyle::new(Weight::Bold, 6.5, INK);
    let n = bars.categories.len().max(1);

    if bars.horizontal {
        let label_w =
            bars.categories.iter().map(|c| cf.width(c, cat_style.size)).fold(0.0, f32::max).min(area.w * 0.32);
        let left = area.x + label_w + 6.0;
        let right = area.x + area.w - 18.0;
        let x_of = |v: f64| left + axis.frac(v) * (right - left);
        for (v, text) in &ticks {
            let gx = x_of(*v);
            canvas.line((gx, top), (gx, bottom), if *v == 0.0 { RULE } else { GRID }, 0.5);
            canvas.text_center(fonts, gx, bottom + 9.0, text, AXIS_STYLE);
        }
        let band = (bottom - top) / n as f32;
        for (ci, category) in bars.categories.iter().enumerate() {
            let by = top + ci as f32 * band;
            let label = fit_line(cf, cat_style.size, &clean_line(cf, category), label_w);
            canvas.text_right(fonts, left - 4.0, by + band / 2.0 + 2.6, &label, cat_style);
            let values = bars.values.get(ci).map(Vec::as_slice).unwrap_or(&[]);
            if bars.stacked {
                let bh = (band * 0.62).min(12.0);
                let bt = by + (band - bh) / 2.0;
                let mut acc = 0.0;
                for (si, v) in values.iter().enumerate() {
                    let v = v.max(0.0);
                    if v > 0.0 {
                        let x1 = x_of(acc);
                        let x2 = x_of(acc + v);
                        let color = bars.series.get(si).map_or(ACCENT, |s| s.1);
                        canvas.fill_rect(x1, bt, x2 - x1, bh, color);
                    }
                    acc += v;
                }
                let total = lang.decimal(acc, 0);
                canvas.text(x_of(acc) + 3.0, bt + bh / 2.0 + 2.3, &total, value_style);
            } else {
                let ns = values.len().max(1);
                let bh = ((band * 0.8) / ns as f32).min(9.0);
                let mut bt = by + (band - bh * ns as f32) / 2.0;
                for (si, v) in values.iter().enumerate() {
                    let color = bars.series.get(si).map_or(ACCENT, |s| s.1);
                    let x2 = x_of(v.max(0.0));
                    canvas.fill_rect(left, bt, x2 - left, bh, color);
                    canvas.text(x2 + 2.0, bt + bh / 2.0 + 2.2, &lang.decimal(*v, 0), value_style);
                    bt += bh;
                }
            }
        }
        canvas.line((left, top), (left, bottom), RULE, 0.7);
    } else {
        let label_w = ticks.iter().map(|(_, t)| af.width(t, AXIS_STYLE.size)).fold(0.0, f32::max);
        let left = area.x + label_w + 5.0;
        let right = area.x + area.w - 2.0;
        let bottom = bottom - 10.0;
        let y_of = |v: f64| bottom - axis.frac(v) * (bottom - top);
        for (v, text) in &ticks {
            let gy = y_of(*v);
            canvas.line((left, gy), (right, gy), if *v == 0.0 { RULE } else { GRID }, 0.5);
            canvas.text_right(fonts, left - 3.0, gy + 2.2, text, AXIS_STYLE);
        }
        let band = (right - left) / n as f32;
        for (ci, category) in bars.categories.iter().enumerate() {
            let bx = left + ci as f32 * band;
            let label = fit_line(cf, cat_style.size, &clean_line(cf, category), band - 4.0);
            canvas.text_center(fonts, bx + band / 2.0, bottom + 10.0, &label, cat_style);
            let values = bars.values.get(ci).map(Vec::as_slice).unwrap_or(&[]);
            if bars.stacked {
                let bw = (band * 0.55).min(40.0);
                let bl = bx + (band - bw) / 2.0;
                let mut acc = 0.0;
                for (si, v) in values.iter().enumerate() {
                    let v = v.max(0.0);
                    if v > 0.0 {
                        let y1 = y_of(acc);
                        let y2 = y_of(acc + v);
                        let color = bars.series.get(si).map_or(ACCENT, |s| s.1);
                        canvas.fill_rect(bl, y2, bw, y1 - y2, color);
                    }
                    acc += v;
                }
                canvas.text_center(fonts, bl + bw / 2.0, y_of(acc) - 3.0, &lang.decimal(acc, 0), value_style);
            } else {
                let ns = values.len().max(1);
                let bw = ((band * 0.78) / ns as f32).min(16.0);
                let mut bl = bx + (band - bw * ns as f32) / 2.0;
                for (si, v) in values.iter().enumerate() {
                    let color = bars.series.get(si).map_or(ACCENT, |s| s.1);
                    let y2 = y_of(v.max(0.0));
                    canvas.fill_rect(bl, y2, bw, bottom - y2, color);
                    if bw >= 8.0 {
                        canvas.text_center(fonts, bl + bw / 2.0, y2 - 2.5, &lang.decimal(*v, 0), value_style);
                    }
                    bl += bw;
                }
            }
        }
        canvas.line((left, bottom), (right, bottom), RULE, 0.7);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_axes() {
        // (min, max, fixed lo, fixed hi) -> (lo, hi, step)
        type Case = ((f64, f64, Option<f64>, Option<f64>), (f64, f64, f64));
        let cases: &[Case] = &[
            ((0.0, 87.0, None, None), (0.0, 100.0, 25.0)),
            ((0.0, 9.0, None, None), (0.0, 10.0, 2.5)),
            ((-35.0, 42.0, None, None), (-40.0, 60.0, 20.0)),
            ((0.0, 0.8, None, None), (0.0, 0.8, 0.2)),
            ((50.0, 50.0, None, None), (45.0, 55.0, 2.5)),
            ((0.0, 0.0, None, None), (-1.0, 1.0, 0.5)),
            ((0.0, 95.0, Some(0.0), Some(100.0)), (0.0, 100.0, 25.0)),
            ((0.0, 7.0, Some(0.0), None), (0.0, 8.0, 2.0)),
        ];
        for ((min, max, lo, hi), expected) in cases {
            let axis = Axis::nice(*min, *max, *lo, *hi, 4);
            assert_eq!((axis.lo, axis.hi, axis.step), *expected, "axis for {min}..{max} fixed {lo:?}..{hi:?}");
        }
    }

    #[test]
    fn ticks_and_decimals() {
        let axis = Axis { lo: 0.0, hi: 1.0, step: 0.25 };
        assert_eq!(axis.ticks(), vec![0.0, 0.25, 0.5, 0.75, 1.0]);
        assert_eq!(axis.decimals(), 2);
        let axis = Axis { lo: -40.0, hi: 60.0, step: 20.0 };
        assert_eq!(axis.ticks(), vec![-40.0, -20.0, 0.0, 20.0, 40.0, 60.0]);
        assert_eq!(axis.decimals(), 0);
    }

    use crate::fonts::fonts;
    use crate::pdf::PageSize;
    use printpdf::Op;

    fn area() -> Area {
        Area { x: 40.0, y: 40.0, w: 260.0, h: 160.0 }
    }

    #[test]
    fn a_trend_breaks_where_months_are_missing() {
        let fonts = fonts().expect("fonts");
        let v = Some(50.0);
        let values = [v, v, v, None, v, v, v, None, None, v, v, v];
        let labels: Vec<String> = (1..=12).map(|m| format!("T{m}")).collect();
        let trend = Trend {
            title: "Tỷ lệ giải quyết",
            unit: "%",
            decimals: 0,
            points: labels.iter().map(String::as_str).zip(values).collect(),
            y_min: Some(0.0),
            y_max: Some(100.0),
        };
        let mut canvas = Canvas::new(PageSize::A4);
        line_chart(&mut canvas, fonts, area(), &trend, Lang::Vi);
        let ops = canvas.ops();
        let runs = ops.iter().filter(|op| matches!(op, Op::DrawLine { line } if line.points.len() == 3)).count();
        assert_eq!(runs, 3, "three runs of months with data, separated by the gaps");
        let dots = ops
            .iter()
            .filter(|op| matches!(op, Op::DrawPolygon { polygon } if polygon.rings[0].points.len() == 13))
            .count();
        assert_eq!(dots, 9, "a dot per month with data");

        let empty = Trend { points: labels.iter().map(|l| (l.as_str(), None)).collect(), ..trend };
        let mut canvas = Canvas::new(PageSize::A4);
        line_chart(&mut canvas, fonts, area(), &empty, Lang::Vi);
        assert!(
            canvas.ops().iter().all(|op| !matches!(op, Op::DrawLine { line } if line.points.len() == 3)),
            "no line without data"
        );
    }

    #[test]
    fn bars_in_every_arrangement() {
        let fonts = fonts().expect("fonts");
        let values = vec![vec![5.0, 2.0, 0.0], vec![3.0, 1.0, 1.0]];
        // (stacked, horizontal): every non-zero value is one bar or segment when
        // stacked; every value (zero included, drawn flat) one bar when grouped.
        for (stacked, horizontal, bars) in [(true, true, 5), (true, false, 5), (false, true, 6), (false, false, 6)] {
            let chart = Bars {
                categories: vec!["Gọi hỏi thăm", "Thư cảm ơn"],
                series: vec![("Đúng hạn", ACCENT), ("Trễ hạn", BAD), ("Bỏ qua", MUTED)],
                values: values.clone(),
                stacked,
                horizontal,
            };
            let mut canvas = Canvas::new(PageSize::A4);
            bar_chart(&mut canvas, fonts, Area { h: chart.height(), ..area() }, &chart, Lang::Vi);
            let rects = canvas.ops().iter().filter(|op| matches!(op, Op::DrawRectangle { .. })).count();
            assert_eq!(rects, 3 + bars, "stacked {stacked}, horizontal {horizontal}: 3 legend keys and {bars} bars");
        }
    }

    #[test]
    fn values_carry_their_unit() {
        assert_eq!(with_unit(Lang::Vi, 87.5, 1, "%"), "87,5 %");
        assert_eq!(with_unit(Lang::En, 87.5, 1, "%"), "87.5%");
        assert_eq!(with_unit(Lang::Vi, 12.0, 0, "phút"), "12 phút");
        assert_eq!(with_unit(Lang::En, 32.0, 0, ""), "32");
    }
}
