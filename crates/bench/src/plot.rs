//! `--plot FILE.svg`: two charts in one SVG (plotters' SVG backend; text is emitted as SVG
//! `<text>`, so no font is needed). On top, the latency percentile curve of every point
//! (HdrHistogram style: x is 1/(1-q) on a log axis, so 90%, 99%, 99.9% are evenly spaced;
//! y is the round trip on a log axis); below, throughput against message size, one line per
//! mechanism and placement, with the memcpy ceiling measured in the same run. The legend
//! names mechanism, size and placement (with the CPUs).

use plotters::prelude::*;

use super::report::{BenchResult, fmt_ns};

/// One point's percentile curve: (q, nanoseconds), as `stats::curve` makes it.
pub struct Curve<'a> {
    pub result: &'a BenchResult,
    pub points: Vec<(f64, u64)>,
}

fn err(e: impl std::fmt::Display) -> String {
    format!("cannot draw the plot: {e}")
}

/// The x coordinate of quantile `q`: 1/(1-q), at most 1e6.
fn x_of(q: f64) -> f64 {
    (1.0 / (1.0 - q).max(1e-6)).max(1.0)
}

/// Draw the SVG; the caller writes it (`output::write_file`).
pub fn draw(curves: &[Curve], results: &[BenchResult]) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (1100, 1300)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let (top, bottom) = root.split_vertically(700);
        latency(&top, curves).map_err(err)?;
        throughput(&bottom, results).map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;
type DrawResult = Result<(), DrawingAreaErrorKind<std::io::Error>>;

/// Whole decades around the values, so that a log axis gets round ticks (1, 10, 100...).
fn bounds(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite() && *v > 0.0)
        .fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(v), b.max(v)));
    if lo > hi {
        return (1.0, 10.0);
    }
    let lo = 10f64.powf(lo.log10().floor());
    let hi = 10f64.powf(hi.log10().ceil()).max(lo * 10.0);
    (lo, hi)
}

/// `100 B`, `10 kB`, `1 MB`, `10 GB`: decimal, for the ticks of a decade axis.
fn si(v: f64) -> String {
    let (x, unit) = if v >= 1e9 {
        (v / 1e9, "GB")
    } else if v >= 1e6 {
        (v / 1e6, "MB")
    } else if v >= 1e3 {
        (v / 1e3, "kB")
    } else {
        (v, "B")
    };
    let t = format!("{x:.1}");
    format!("{} {unit}", t.trim_end_matches('0').trim_end_matches('.'))
}

fn latency(area: &Area, curves: &[Curve]) -> DrawResult {
    let (ylo, yhi) = bounds(
        curves
            .iter()
            .flat_map(|c| c.points.iter().map(|p| p.1.max(1) as f64)),
    );
    let xhi = curves
        .iter()
        .flat_map(|c| c.points.iter().map(|p| x_of(p.0)))
        .fold(10.0f64, f64::max);
    let mut chart = ChartBuilder::on(area)
        .caption("Round-trip latency by percentile", ("sans-serif", 22))
        .margin(15)
        .x_label_area_size(45)
        .y_label_area_size(80)
        .build_cartesian_2d((1.0..xhi * 1.2).log_scale(), (ylo..yhi).log_scale())?;
    chart
        .configure_mesh()
        .x_desc("percentile")
        .y_desc("round trip")
        .x_label_formatter(&|x| {
            let q = 100.0 * (1.0 - 1.0 / x);
            let t = format!("{q:.4}");
            format!("{}%", t.trim_end_matches('0').trim_end_matches('.'))
        })
        .y_label_formatter(&|y| fmt_ns(*y))
        .draw()?;
    for (i, c) in curves.iter().enumerate() {
        let color = Palette99::pick(i).to_rgba();
        let pts: Vec<(f64, f64)> = c
            .points
            .iter()
            .map(|&(q, v)| (x_of(q), v.max(1) as f64))
            .collect();
        chart
            .draw_series(LineSeries::new(pts, color.stroke_width(2)))?
            .label(c.result.label())
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2))
            });
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 13))
        .draw()?;
    Ok(())
}

fn throughput(area: &Area, results: &[BenchResult]) -> DrawResult {
    // One line per (mechanism, placement) over the sizes, then the memcpy ceiling.
    let mut lines: Vec<(String, Vec<(f64, f64)>)> = Vec::new();
    for r in results {
        let name = format!("{} {}", r.mechanism, r.placement_label());
        let p = (r.size_bytes as f64, r.bytes_per_s.max(1.0));
        match lines.iter_mut().find(|(n, _)| *n == name) {
            Some((_, v)) => v.push(p),
            None => lines.push((name, vec![p])),
        }
    }
    let mut ceiling: Vec<(f64, f64)> = Vec::new();
    for r in results {
        let p = (r.size_bytes as f64, r.memcpy_bytes_per_s.max(1.0));
        if !ceiling.iter().any(|c| c.0 == p.0) {
            ceiling.push(p);
        }
    }
    ceiling.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (_, v) in &mut lines {
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    let (xlo, xhi) = bounds(results.iter().map(|r| r.size_bytes as f64));
    let (ylo, yhi) = bounds(
        lines
            .iter()
            .flat_map(|(_, v)| v.iter().map(|p| p.1))
            .chain(ceiling.iter().map(|p| p.1)),
    );
    let mut chart = ChartBuilder::on(area)
        .caption("One-way throughput by message size", ("sans-serif", 22))
        .margin(15)
        .x_label_area_size(45)
        .y_label_area_size(80)
        .build_cartesian_2d((xlo..xhi).log_scale(), (ylo..yhi).log_scale())?;
    chart
        .configure_mesh()
        .x_desc("message size")
        .y_desc("bytes/s")
        .x_label_formatter(&|x| si(*x))
        .y_label_formatter(&|y| format!("{}/s", si(*y)))
        .draw()?;
    for (i, (name, pts)) in lines.into_iter().enumerate() {
        let color = Palette99::pick(i).to_rgba();
        chart
            .draw_series(LineSeries::new(pts, color.stroke_width(2)).point_size(3))?
            .label(name)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2))
            });
    }
    chart
        .draw_series(LineSeries::new(ceiling, BLACK.stroke_width(1)))?
        .label("memcpy ceiling (this run)")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], BLACK));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 13))
        .draw()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decade_bounds_and_labels() {
        assert_eq!(bounds([64.0, 65536.0].into_iter()), (10.0, 100_000.0));
        assert_eq!(bounds([5.0].into_iter()), (1.0, 10.0));
        assert_eq!(bounds(std::iter::empty()), (1.0, 10.0));
        assert_eq!(bounds([0.0, f64::NAN, 3.0].into_iter()), (1.0, 10.0));
        assert_eq!(si(100.0), "100 B");
        assert_eq!(si(10_000.0), "10 kB");
        assert_eq!(si(2.5e9), "2.5 GB");
        assert!((x_of(0.99) - 100.0).abs() < 1e-6);
        assert_eq!(x_of(1.0), 1e6);
    }
}
