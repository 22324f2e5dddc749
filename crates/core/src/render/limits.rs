//! The `limits` table.

use crate::model::{Limit, LimitScope, Unit};

/// A use, a largest object or a count: always the number (a 2^63-byte sparse segment is not
/// "unlimited").
fn amount(v: Option<u64>, unit: Unit) -> String {
    match (v, unit) {
        (None, _) => "-".into(),
        (Some(v), Unit::Bytes) => super::human_size(v),
        (Some(v), Unit::Count | Unit::Pages) => v.to_string(),
    }
}

/// A limit's value: none at all, or the kernel's "no limit" defaults (SHMMAX, SHMALL sit
/// just below 2^64), read "unlimited".
fn limit_amount(l: &Limit) -> String {
    match l.limit {
        None if l.unlimited => "unlimited".into(),
        Some(v) if v >= 1 << 62 => "unlimited".into(),
        v => amount(v, l.unit),
    }
}

pub fn table(limits: &[Limit]) -> String {
    let rows = limits
        .iter()
        .map(|l| {
            // A per-object limit has no use: each object may sit at it. The USED cell shows
            // the largest object instead, and USE% says why there is no percentage.
            let (used, percent) = match l.scope {
                LimitScope::Total => (
                    amount(l.used, l.unit),
                    l.percent.map_or("-".into(), |p| format!("{p:.1}%")),
                ),
                LimitScope::PerObject => (
                    l.largest.map_or("-".into(), |v| {
                        format!("largest {}", amount(Some(v), l.unit))
                    }),
                    "per object".into(),
                ),
            };
            vec![
                l.name.to_string(),
                used,
                limit_amount(l),
                percent,
                l.description.clone(),
                l.source.clone(),
            ]
        })
        .collect();
    super::table::render(
        &["LIMIT", "USED", "MAX", "USE%", "WHAT", "SOURCE"],
        &[false, true, true, true, false, false],
        rows,
        true,
    )
}

/// The `ipcs -u`-like rows: what is in use, with the words ipcs uses.
pub fn summary(rows: &[Limit]) -> String {
    let rows = rows
        .iter()
        .map(|l| {
            vec![
                l.name.to_string(),
                amount(l.used, l.unit),
                l.description.clone(),
                l.source.clone(),
            ]
        })
        .collect();
    super::table::render(
        &["USAGE", "USED", "WHAT", "SOURCE"],
        &[false, true, false, false],
        rows,
        true,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LimitId;

    fn row<'a>(t: &'a str, name: &str) -> &'a str {
        t.lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no {name} row in\n{t}"))
    }

    #[test]
    fn a_per_object_limit_shows_the_largest_object_and_no_percentage() {
        let limits = [
            Limit::new(
                LimitId::MqMsgMax,
                "msg_max",
                "messages per POSIX queue",
                Unit::Count,
            )
            .with(Some(10), Some(10))
            .per_object(),
            Limit::new(LimitId::Shmmax, "shmmax", "segment size", Unit::Bytes)
                .with(Some(4096), None)
                .per_object(),
            Limit::new(LimitId::Semmni, "sem", "semaphore sets", Unit::Count)
                .with(Some(32000), Some(8000)),
        ];
        let t = table(&limits);
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
