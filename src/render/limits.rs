//! The `limits` table.

use crate::model::{Limit, LimitScope};

fn amount(v: Option<u64>, unit: &str) -> String {
    match (v, unit) {
        (None, _) => "-".into(),
        // The kernel's "no limit" defaults (SHMMAX, SHMALL) sit just below 2^64.
        (Some(v), _) if v >= 1 << 62 => "unlimited".into(),
        (Some(v), "bytes") => super::human_size(v),
        (Some(v), _) => v.to_string(),
    }
}

/// The limits table; narrowed to `width` when given (SOURCE left out first, then WHAT
/// wrapped), as lsipc fits its table to the terminal.
pub fn table(limits: &[Limit], width: Option<usize>) -> String {
    let rows = limits
        .iter()
        .map(|l| {
            // A per-object limit has no use: each object may sit at it. The USED cell shows
            // the largest object instead, and USE% says why there is no percentage.
            let (used, percent) = match l.scope {
                LimitScope::Total => (
                    amount(l.used, &l.unit),
                    l.percent.map_or("-".into(), |p| format!("{p:.1}%")),
                ),
                LimitScope::PerObject => (
                    l.largest.map_or("-".into(), |v| {
                        format!("largest {}", amount(Some(v), &l.unit))
                    }),
                    "per object".into(),
                ),
            };
            vec![
                l.name.clone(),
                used,
                amount(l.limit, &l.unit),
                percent,
                l.description.clone(),
                l.source.clone(),
            ]
        })
        .collect();
    let fit = width.map(|width| super::table::Fit {
        width,
        drop: &[5],
        wrap: &[4],
    });
    let (t, dropped) = super::table::render_fit(
        &["LIMIT", "USED", "MAX", "USE%", "WHAT", "SOURCE"],
        &[false, true, true, true, false, false],
        rows,
        true,
        fit.as_ref(),
    );
    t + &super::table::dropped_note(&dropped, width)
}

/// The `ipcs -u`-like rows: what is in use, with the words ipcs uses.
pub fn summary(rows: &[Limit], width: Option<usize>) -> String {
    let rows = rows
        .iter()
        .map(|l| {
            vec![
                l.name.clone(),
                amount(l.used, &l.unit),
                l.description.clone(),
                l.source.clone(),
            ]
        })
        .collect();
    let fit = width.map(|width| super::table::Fit {
        width,
        drop: &[3],
        wrap: &[2],
    });
    let (t, _) = super::table::render_fit(
        &["USAGE", "USED", "WHAT", "SOURCE"],
        &[false, true, false, false],
        rows,
        true,
        fit.as_ref(),
    );
    // The limits table above says what was left out (it is the wider one).
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row<'a>(t: &'a str, name: &str) -> &'a str {
        t.lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no {name} row in\n{t}"))
    }

    #[test]
    fn a_per_object_limit_shows_the_largest_object_and_no_percentage() {
        let limits = [
            Limit::new("MQ_MSG_MAX", "msg_max", "messages per POSIX queue", "count")
                .with(Some(10), Some(10))
                .per_object(),
            Limit::new("SHMMAX", "shmmax", "segment size", "bytes")
                .with(Some(4096), None)
                .per_object(),
            Limit::new("SEMMNI", "sem", "semaphore sets", "count").with(Some(32000), Some(8000)),
        ];
        let t = table(&limits, None);
        let mq = row(&t, "MQ_MSG_MAX");
        assert!(
            mq.contains("largest 10") && mq.contains("per object"),
            "{mq}"
        );
        assert!(!mq.contains('%'), "{mq}");
        let shm = row(&t, "SHMMAX");
        assert!(
            !shm.contains("largest") && shm.contains("per object"),
            "{shm}"
        );
        assert!(row(&t, "SEMMNI").contains("25.0%"), "{t}");
    }
}
