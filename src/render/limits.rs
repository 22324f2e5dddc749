//! The `limits` table.

use crate::model::Limit;

fn amount(v: Option<u64>, unit: &str) -> String {
    match (v, unit) {
        (None, _) => "-".into(),
        // The kernel's "no limit" defaults (SHMMAX, SHMALL) sit just below 2^64.
        (Some(v), _) if v >= 1 << 62 => "unlimited".into(),
        (Some(v), "bytes") => super::human_size(v),
        (Some(v), _) => v.to_string(),
    }
}

pub fn table(limits: &[Limit]) -> String {
    let rows = limits
        .iter()
        .map(|l| {
            vec![
                l.name.clone(),
                amount(l.used, &l.unit),
                amount(l.limit, &l.unit),
                l.percent.map_or("-".into(), |p| format!("{p:.1}%")),
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
