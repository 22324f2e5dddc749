//! Aligned, borderless tables (like ps/ipcs). Hand-rolled rather than tabled: a listing of
//! thousands of objects must render in well under a millisecond, and tabled's general grid
//! engine cost ~5 ms for 2000 rows. Cells are sanitized so an object name cannot inject
//! terminal escapes or break rows; widths are display widths (wide characters count 2).

use unicode_width::UnicodeWidthStr;

/// How a cell is drawn when colour is on (`--color`, a terminal, no NO_COLOR).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Red,
    Yellow,
    Green,
    Magenta,
    Dim,
}

impl Style {
    fn sgr(self) -> &'static str {
        match self {
            Style::Plain => "",
            Style::Red => "\x1b[31m",
            Style::Yellow => "\x1b[33m",
            Style::Green => "\x1b[32m",
            Style::Magenta => "\x1b[35m",
            Style::Dim => "\x1b[2m",
        }
    }
}

/// One cell: its text in the arena, its display width, its style.
#[derive(Debug, Clone, Copy)]
struct Cell {
    start: u32,
    end: u32,
    width: u32,
    style: Style,
}

/// A table whose cells are written into one text arena (no allocation per cell).
pub struct Table<'a> {
    headers: &'a [&'a str],
    right: &'a [bool],
    text: String,
    cells: Vec<Cell>,
    color: bool,
}

impl<'a> Table<'a> {
    pub fn new(headers: &'a [&'a str], right: &'a [bool], rows_hint: usize) -> Table<'a> {
        Table {
            headers,
            right,
            text: String::with_capacity(rows_hint * headers.len() * 8),
            cells: Vec::with_capacity(rows_hint * headers.len()),
            color: false,
        }
    }

    /// Draw headers bold and styled cells in colour.
    pub fn with_color(mut self, color: bool) -> Table<'a> {
        self.color = color;
        self
    }

    /// Add the next cell with a style (used only when colour is on).
    pub fn styled_cell(&mut self, style: Style, f: impl FnOnce(&mut String)) {
        self.cell(f);
        if let Some(c) = self.cells.last_mut() {
            c.style = style;
        }
    }

    fn push(&mut self, start: usize, width: usize) {
        self.cells.push(Cell {
            start: start as u32,
            end: self.text.len() as u32,
            width: width as u32,
            style: Style::Plain,
        });
    }

    /// Add the next cell (row-major), written by `f`; hidden characters are escaped.
    pub fn cell(&mut self, f: impl FnOnce(&mut String)) {
        let start = self.text.len();
        f(&mut self.text);
        // Fast path: printable ASCII needs no escaping and its width is its length.
        if self.text.as_bytes()[start..]
            .iter()
            .all(|b| (0x20..0x7f).contains(b))
        {
            self.push(start, self.text.len() - start);
            return;
        }
        // Controls and format characters (U+200B, U+202E) alike: the one sanitizer decides.
        if let std::borrow::Cow::Owned(clean) = super::sanitize_cow(&self.text[start..]) {
            self.text.truncate(start);
            self.text.push_str(&clean);
        }
        let w = self.text[start..].width();
        self.push(start, w);
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
            widths[i] = widths[i].max(c.width as usize);
        }
        let line_len: usize = widths.iter().sum::<usize>() + 2 * ncol + 1;
        let nrows = self.cells.len().div_ceil(ncol) + 1;
        let mut out = String::with_capacity(line_len * nrows);
        let color = self.color;
        let row = |out: &mut String, cells: &mut dyn Iterator<Item = (&str, usize, &str)>| {
            let start = out.len();
            for (i, (c, w, sgr)) in cells.enumerate() {
                let pad = widths[i].saturating_sub(w);
                if i > 0 {
                    out.push_str("  ");
                }
                let right = self.right.get(i).copied().unwrap_or(false);
                if right {
                    spaces(out, pad);
                }
                // Escapes wrap the text only, so padding stays measured in columns.
                if color && !sgr.is_empty() {
                    out.push_str(sgr);
                    out.push_str(c);
                    out.push_str("\x1b[0m");
                } else {
                    out.push_str(c);
                }
                if !right {
                    spaces(out, pad);
                }
            }
            let trimmed = out[start..].trim_end().len();
            out.truncate(start + trimmed);
            out.push('\n');
        };
        if headings {
            row(
                &mut out,
                &mut self.headers.iter().map(|h| (*h, h.width(), "\x1b[1m")),
            );
        }
        for chunk in self.cells.chunks(ncol) {
            row(
                &mut out,
                &mut chunk.iter().map(|c| {
                    (
                        &self.text[c.start as usize..c.end as usize],
                        c.width as usize,
                        c.style.sgr(),
                    )
                }),
            );
        }
        out
    }
}

fn spaces(out: &mut String, n: usize) {
    const SPACES: &str = "                                                                ";
    let mut n = n;
    while n > 0 {
        let k = n.min(SPACES.len());
        out.push_str(&SPACES[..k]);
        n -= k;
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
        let line = format!("{k:<w$}  {}", super::sanitize(v));
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression (issue 19.8): only control characters were escaped in cells; format
    /// characters (U+200B, U+202E) reached the terminal raw.
    #[test]
    fn format_characters_in_cells_are_escaped() {
        let s = render(
            &["REF"],
            &[false],
            vec![vec!["pshm:/da\u{200b}ta".into()], vec!["x\u{202e}y".into()]],
            false,
        );
        assert_eq!(s, "pshm:/da\\u{200b}ta\nx\\u{202e}y\n");
    }

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
    fn colour_wraps_text_not_padding() {
        let headers = ["STATE", "N"];
        let right = [false, true];
        let mut t = Table::new(&headers, &right, 1).with_color(true);
        t.styled_cell(Style::Red, |s| s.push_str("orphan"));
        t.cell(|s| s.push('1'));
        let out = t.render(true);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "\x1b[1mSTATE\x1b[0m   \x1b[1mN\x1b[0m");
        assert_eq!(lines[1], "\x1b[31morphan\x1b[0m  1");
        let mut plain = Table::new(&headers, &right, 1);
        plain.styled_cell(Style::Red, |s| s.push_str("orphan"));
        plain.cell(|s| s.push('1'));
        assert!(!plain.render(true).contains('\x1b'));
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
