//! The `doctor` report: one block per limit (worst first), then warnings.

use crate::model::{Check, Status};

pub fn text(checks: &[Check], warnings: &[String], with_ns: bool) -> String {
    let mut out = String::new();
    let mut order: Vec<&Check> = checks.iter().collect();
    order.sort_by(|a, b| b.percent.total_cmp(&a.percent));
    let rows = order
        .iter()
        .map(|c| {
            let mut r = Vec::new();
            if with_ns {
                r.push(
                    c.namespace
                        .as_ref()
                        .map_or("-".into(), |n| format!("{} {}/{}", n.inode, n.pid, n.comm)),
                );
            }
            r.extend([
                c.limit.clone(),
                format!("{}/{}", amount(c, c.used), amount(c, c.max)),
                format!("{:.1}%", c.percent),
                c.status.as_str().to_uppercase(),
                top(c),
            ]);
            r
        })
        .collect();
    let mut headers = Vec::new();
    if with_ns {
        headers.push("NAMESPACE");
    }
    headers.extend([
        "LIMIT",
        "USED/MAX",
        "USE%",
        "STATUS",
        "TOP OWNERS (orphaned)",
    ]);
    let mut right = vec![false; headers.len()];
    let n = right.len();
    right[n - 3] = true;
    out.push_str(&super::table::render(&headers, &right, rows, true));
    let bad: Vec<&&Check> = order.iter().filter(|c| c.status != Status::Ok).collect();
    out.push('\n');
    if bad.is_empty() {
        out.push_str("Verdict: every limit has room.\n");
    } else {
        for c in bad {
            out.push_str(&format!("{}: {}\n", c.limit, c.verdict));
        }
    }
    for w in warnings {
        out.push_str(&format!("\nWarning: {w}\n"));
    }
    out
}

/// An amount in the check's unit: human sizes for bytes, "unlimited" for the kernel's
/// effectively infinite defaults (SHMALL, SHMMAX near 2^64), plain counts otherwise.
fn amount(c: &Check, v: u64) -> String {
    if v >= 1 << 62 {
        return "unlimited".into();
    }
    if c.unit.contains("bytes") {
        super::human_size(v)
    } else {
        v.to_string()
    }
}

fn top(c: &Check) -> String {
    let parts: Vec<String> = c
        .by_owner
        .iter()
        .take(3)
        .map(|o| {
            if o.orphaned > 0 {
                format!(
                    "{} {} ({})",
                    o.owner,
                    amount(c, o.amount),
                    amount(c, o.orphaned)
                )
            } else {
                format!("{} {}", o.owner, amount(c, o.amount))
            }
        })
        .collect();
    if parts.is_empty() {
        "-".into()
    } else {
        parts.join(", ")
    }
}
