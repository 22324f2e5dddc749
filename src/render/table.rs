//! Aligned, borderless tables (like ps/ipcs) built with tabled. Cells are sanitized so an
//! object name cannot inject terminal escapes or break rows.

use tabled::builder::Builder;
use tabled::settings::object::Columns;
use tabled::settings::{Alignment, Padding, Style};

/// Render rows under headers. `right` marks right-aligned (numeric) columns.
pub fn render(headers: &[&str], right: &[bool], rows: Vec<Vec<String>>, headings: bool) -> String {
    if rows.is_empty() && !headings {
        return String::new();
    }
    let mut b = Builder::default();
    if headings {
        b.push_record(headers.iter().map(|h| h.to_string()));
    }
    for r in rows {
        b.push_record(r.into_iter().map(|c| crate::output::sanitize(&c)));
    }
    let mut t = b.build();
    t.with(Style::empty());
    t.with(Padding::new(0, 2, 0, 0));
    for (i, r) in right.iter().enumerate() {
        if *r {
            t.modify(Columns::one(i), Alignment::right());
        }
    }
    let mut out = String::new();
    for line in t.to_string().lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Two-column "key: value" block for `show`.
pub fn details(pairs: &[(String, String)]) -> String {
    let w = pairs.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (k, v) in pairs {
        out.push_str(&format!("{k:<w$}  {}\n", crate::output::sanitize(v)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligned() {
        let s = render(
            &["KIND", "SIZE"],
            &[false, true],
            vec![
                vec!["shm".into(), "4.0 KiB".into()],
                vec!["p\x1b".into(), "1 B".into()],
            ],
            true,
        );
        let lines: Vec<&str> = s.lines().collect();
        // Right-aligned last column: every row ends at the same place.
        assert!(lines.iter().all(|l| l.len() == lines[0].len()), "{s}");
        assert!(lines[0].starts_with("KIND") && lines[0].ends_with("SIZE"));
        assert!(lines[1].starts_with("shm ") && lines[1].ends_with("4.0 KiB"));
        assert!(lines[2].starts_with("p\\u{1b}") && lines[2].ends_with(" 1 B"));
        assert_eq!(render(&["A"], &[false], vec![], false), "");
    }
}
