//! Aligned, borderless tables (like ps/ipcs). Hand-rolled rather than tabled: a listing of
//! thousands of objects must render in well under a millisecond, and tabled's general grid
//! engine cost ~5 ms for 2000 rows. Cells are sanitized so an object name cannot inject
//! terminal escapes or break rows; widths are display widths (wide characters count 2).

use unicode_width::UnicodeWidthStr;

/// A table whose cells are written into one text arena (no allocation per cell).
pub struct Table<'a> {
    headers: &'a [&'a str],
    right: &'a [bool],
    text: String,
    /// (start, end, display width) of each cell in `text`, row-major.
    cells: Vec<(usize, usize, usize)>,
}

impl<'a> Table<'a> {
    pub fn new(headers: &'a [&'a str], right: &'a [bool], rows_hint: usize) -> Table<'a> {
        Table {
            headers,
            right,
            text: String::with_capacity(rows_hint * headers.len() * 8),
            cells: Vec::with_capacity(rows_hint * headers.len()),
        }
    }

    /// Add the next cell (row-major), written by `f`; control characters are escaped.
    pub fn cell(&mut self, f: impl FnOnce(&mut String)) {
        let start = self.text.len();
        f(&mut self.text);
        // Fast path: printable ASCII needs no escaping and its width is its length.
        if self.text.as_bytes()[start..]
            .iter()
            .all(|b| (0x20..0x7f).contains(b))
        {
            self.cells
                .push((start, self.text.len(), self.text.len() - start));
            return;
        }
        if self.text[start..].chars().any(char::is_control) {
            let clean = crate::output::sanitize(&self.text[start..]);
            self.text.truncate(start);
            self.text.push_str(&clean);
        }
        let w = self.text[start..].width();
        self.cells.push((start, self.text.len(), w));
    }

    /// Columns separated by two spaces; no trailing whitespace.
    pub fn render(&self, headings: bool) -> String {
        let ncol = self.headers.len();
        if ncol == 0 || (self.cells.is_empty() && !headings) {
            return String::new();
        }
        let mut widths: Vec<usize> = if headings {
            self.headers.iter().map(|h| h.width()).collect()
        } else {
            vec![0; ncol]
        };
        for (k, c) in self.cells.iter().enumerate() {
            let i = k % ncol;
            widths[i] = widths[i].max(c.2);
        }
        let line_len: usize = widths.iter().sum::<usize>() + 2 * ncol + 1;
        let nrows = self.cells.len().div_ceil(ncol) + 1;
        let mut out = String::with_capacity(line_len * nrows);
        let row = |out: &mut String, cells: &mut dyn Iterator<Item = (&str, usize)>| {
            let start = out.len();
            for (i, (c, w)) in cells.enumerate() {
                let pad = widths[i].saturating_sub(w);
                if i > 0 {
                    out.push_str("  ");
                }
                if self.right.get(i).copied().unwrap_or(false) {
                    out.extend(std::iter::repeat_n(' ', pad));
                    out.push_str(c);
                } else {
                    out.push_str(c);
                    out.extend(std::iter::repeat_n(' ', pad));
                }
            }
            let trimmed = out[start..].trim_end().len();
            out.truncate(start + trimmed);
            out.push('\n');
        };
        if headings {
            row(&mut out, &mut self.headers.iter().map(|h| (*h, h.width())));
        }
        for chunk in self.cells.chunks(ncol) {
            row(
                &mut out,
                &mut chunk.iter().map(|&(s, e, w)| (&self.text[s..e], w)),
            );
        }
        out
    }
}

/// Render rows of owned cells under headers. `right` marks right-aligned (numeric) columns.
pub fn render(headers: &[&str], right: &[bool], rows: Vec<Vec<String>>, headings: bool) -> String {
    let mut t = Table::new(headers, right, rows.len());
    for r in rows {
        for i in 0..headers.len() {
            t.cell(|s| s.push_str(r.get(i).map_or("", String::as_str)));
        }
    }
    t.render(headings)
}

/// Two-column "key: value" block for `show`.
pub fn details(pairs: &[(String, String)]) -> String {
    let w = pairs.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (k, v) in pairs {
        let line = format!("{k:<w$}  {}", crate::output::sanitize(v));
        out.push_str(line.trim_end());
        out.push('\n');
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
        assert_eq!(lines[0], "KIND        SIZE");
        assert_eq!(lines[1], "shm      4.0 KiB");
        assert_eq!(lines[2], "p\\u{1b}      1 B");
        assert_eq!(render(&["A"], &[false], vec![], false), "");
        assert_eq!(
            render(
                &["A", "B"],
                &[false, false],
                vec![vec!["x".into(), "".into()]],
                false
            ),
            "x\n"
        );
    }

    #[test]
    fn wide_characters_count_double() {
        let s = render(
            &["N", "X"],
            &[false, false],
            vec![
                vec!["日本".into(), "1".into()],
                vec!["ab".into(), "2".into()],
            ],
            true,
        );
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines[1], "日本  1");
        assert_eq!(lines[2], "ab    2");
    }
}
