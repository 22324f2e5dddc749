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
        let w = clean(&mut self.text, start);
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
        let layout = Layout {
            widths: &widths,
            right: self.right,
            color: self.color,
        };
        if headings {
            layout.heading(&mut out, self.headers);
        }
        for chunk in self.cells.chunks(ncol) {
            layout.row(
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

/// Sanitize the cell text written after `start` in place; returns its display width.
fn clean(text: &mut String, start: usize) -> usize {
    // Fast path: printable ASCII needs no escaping and its width is its length.
    if text.as_bytes()[start..]
        .iter()
        .all(|b| (0x20..0x7f).contains(b))
    {
        return text.len() - start;
    }
    // Controls and format characters (U+200B, U+202E) alike: the one sanitizer decides.
    if let std::borrow::Cow::Owned(c) = super::sanitize_cow(&text[start..]) {
        text.truncate(start);
        text.push_str(&c);
    }
    text[start..].width()
}

/// Column widths and alignment: how one line is laid out.
struct Layout<'a> {
    widths: &'a [usize],
    right: &'a [bool],
    color: bool,
}

impl Layout<'_> {
    fn heading(&self, out: &mut String, headers: &[&str]) {
        self.row(out, &mut headers.iter().map(|h| (*h, h.width(), "\x1b[1m")));
    }

    /// One line: (text, display width, SGR) per cell.
    fn row<'c>(
        &self,
        out: &mut String,
        cells: &mut dyn Iterator<Item = (&'c str, usize, &'c str)>,
    ) {
        let start = out.len();
        for (i, (c, w, sgr)) in cells.enumerate() {
            let pad = self.widths[i].saturating_sub(w);
            if i > 0 {
                out.push_str("  ");
            }
            let right = self.right.get(i).copied().unwrap_or(false);
            if right {
                spaces(out, pad);
            }
            // Escapes wrap the text only, so padding stays measured in columns.
            if self.color && !sgr.is_empty() {
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
    }
}

/// Write a table of `nrows` rows to `out` one line at a time: `cell(row, col, text)`
/// writes a cell's text and returns its style. A first pass measures every cell, the
/// second writes them. The first pass keeps the cells it made while they fit in `KEPT`
/// bytes, and only the rows past those are made again: a listing of a few thousand objects
/// makes each cell once, and 100,000 objects list holding at most that much text.
pub fn stream<W: std::io::Write>(
    out: &mut W,
    headers: &[&str],
    right: &[bool],
    headings: bool,
    color: bool,
    nrows: usize,
    mut cell: impl FnMut(usize, usize, &mut String) -> Style,
) -> std::io::Result<()> {
    let ncol = headers.len();
    if ncol == 0 || (nrows == 0 && !headings) {
        return Ok(());
    }
    let mut widths: Vec<usize> = if headings {
        headers.iter().map(|h| h.width()).collect()
    } else {
        vec![0; ncol]
    };
    // Cell texts of the first rows in `kept`, each cell's (end, width, style) in `ends`
    // (12 bytes a cell: the offsets fit, as `kept` stays under KEPT bytes plus one row).
    // Sized once (never grown and copied; pages not written are never touched).
    let mut kept = String::with_capacity(KEPT + 4096);
    let mut ends: Vec<(u32, u32, Style)> = Vec::with_capacity(nrows.min(KEPT / 8) * ncol);
    let mut kept_rows = 0;
    let mut text = String::new();
    for r in 0..nrows {
        if kept.len() < KEPT {
            for (c, width) in widths.iter_mut().enumerate() {
                let start = kept.len();
                let style = cell(r, c, &mut kept);
                let w = clean(&mut kept, start);
                let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
                ends.push((narrow(kept.len()), narrow(w), style));
                *width = (*width).max(w);
            }
            kept_rows += 1;
        } else {
            for (c, width) in widths.iter_mut().enumerate() {
                text.clear();
                cell(r, c, &mut text);
                *width = (*width).max(clean(&mut text, 0));
            }
        }
    }
    let layout = Layout {
        widths: &widths,
        right,
        color,
    };
    let mut line = String::new();
    if headings {
        layout.heading(&mut line, headers);
        out.write_all(line.as_bytes())?;
    }
    let mut start = 0;
    for row in ends.chunks(ncol) {
        line.clear();
        layout.row(
            &mut line,
            &mut row.iter().map(|&(end, w, style)| {
                let end = end as usize;
                let t = kept.get(start..end).unwrap_or("");
                start = end;
                (t, w as usize, style.sgr())
            }),
        );
        out.write_all(line.as_bytes())?;
    }
    drop((kept, ends));
    // The rows past the kept ones: made again, one at a time.
    let mut ends: Vec<(usize, usize, Style)> = Vec::with_capacity(ncol);
    for r in kept_rows..nrows {
        text.clear();
        ends.clear();
        for c in 0..ncol {
            let start = text.len();
            let style = cell(r, c, &mut text);
            let w = clean(&mut text, start);
            ends.push((text.len(), w, style));
        }
        line.clear();
        let mut start = 0;
        layout.row(
            &mut line,
            &mut ends.iter().map(|&(end, w, style)| {
                let t = &text[start..end];
                start = end;
                (t, w, style.sgr())
            }),
        );
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// How much cell text the first pass of [`stream`] keeps for the second: about 6,000 rows
/// of a default listing, ~1 MiB with their cells' places.
const KEPT: usize = 512 << 10;

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

/// How a wide table is narrowed to fit a width, as lsipc does: columns are left out, in the
/// order given, while the table is too wide; then the cells of the wrapping columns are
/// broken at spaces onto more lines (each keeps at least [`MIN_WRAP`] columns).
pub struct Fit<'a> {
    pub width: usize,
    /// Indexes of columns that may be left out, least useful first.
    pub drop: &'a [usize],
    /// Indexes of columns whose cells may wrap.
    pub wrap: &'a [usize],
}

/// The narrowest a wrapping column is made.
pub const MIN_WRAP: usize = 12;

/// Render like [`render`], narrowed to `fit` (if any). Returns the text and the headers of
/// the columns left out (for a note saying where they are).
pub fn render_fit(
    headers: &[&str],
    right: &[bool],
    rows: Vec<Vec<String>>,
    headings: bool,
    fit: Option<&Fit>,
) -> (String, Vec<String>) {
    let Some(fit) = fit else {
        return (render(headers, right, rows, headings), Vec::new());
    };
    let ncol = headers.len();
    // Cells as they will be printed (escaped), so widths are measured on what is seen.
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| {
            (0..ncol)
                .map(|i| {
                    r.get(i)
                        .map_or(String::new(), |c| super::sanitize_cow(c).into_owned())
                })
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = (0..ncol)
        .map(|i| {
            let h = if headings { headers[i].width() } else { 0 };
            rows.iter().map(|r| r[i].width()).fold(h, usize::max)
        })
        .collect();
    let total = |keep: &[usize], widths: &[usize]| {
        keep.iter().map(|&i| widths[i]).sum::<usize>() + 2 * keep.len().saturating_sub(1)
    };
    // The narrowest the table can get by wrapping alone: columns are left out only while
    // even that is too wide.
    let narrowest: Vec<usize> = (0..ncol)
        .map(|i| {
            if fit.wrap.contains(&i) {
                widths[i].min(MIN_WRAP)
            } else {
                widths[i]
            }
        })
        .collect();
    let mut keep: Vec<usize> = (0..ncol).collect();
    let mut dropped = Vec::new();
    for &d in fit.drop {
        if total(&keep, &narrowest) <= fit.width {
            break;
        }
        if d < ncol {
            keep.retain(|&i| i != d);
            dropped.push(headers[d].to_string());
        }
    }
    // Take what is still too much from the widest wrapping column, a column at a time.
    let mut over = total(&keep, &widths).saturating_sub(fit.width);
    let mut wrapped = vec![false; ncol];
    while over > 0 {
        let Some(&i) = keep
            .iter()
            .filter(|&&i| fit.wrap.contains(&i) && widths[i] > MIN_WRAP)
            .max_by_key(|&&i| widths[i])
        else {
            break;
        };
        widths[i] -= 1;
        wrapped[i] = true;
        over -= 1;
    }
    let mut out_rows: Vec<Vec<String>> = Vec::with_capacity(rows.len());
    for r in &rows {
        let cells: Vec<Vec<String>> = keep
            .iter()
            .map(|&i| {
                if wrapped[i] {
                    wrap(&r[i], widths[i])
                } else {
                    vec![r[i].clone()]
                }
            })
            .collect();
        let lines = cells.iter().map(Vec::len).max().unwrap_or(1);
        for l in 0..lines {
            out_rows.push(
                cells
                    .iter()
                    .map(|c| c.get(l).cloned().unwrap_or_default())
                    .collect(),
            );
        }
    }
    let kept_headers: Vec<&str> = keep.iter().map(|&i| headers[i]).collect();
    let kept_right: Vec<bool> = keep
        .iter()
        .map(|&i| right.get(i).copied().unwrap_or(false))
        .collect();
    (
        render(&kept_headers, &kept_right, out_rows, headings),
        dropped,
    )
}

/// A note under a table narrowed to a terminal: which columns were left out, and where to
/// find them.
pub fn dropped_note(dropped: &[String], width: Option<usize>) -> String {
    if dropped.is_empty() {
        return String::new();
    }
    let note = format!(
        "({} left out to fit the terminal; --json or a wider terminal shows {})",
        dropped.join(", "),
        if dropped.len() == 1 { "it" } else { "them" }
    );
    wrap_hanging(&note, width, 1) + "\n"
}

/// `line` wrapped to `width`, continuation lines indented by `indent` spaces, or, for a
/// `Label:    text` line, where its text starts; unchanged without a width.
pub fn wrap_hanging(line: &str, width: Option<usize>, indent: usize) -> String {
    let Some(w) = width.filter(|w| line.width() > *w) else {
        return line.to_string();
    };
    let label = line
        .split_once(": ")
        .filter(|(l, _)| !l.contains(' '))
        .map(|(l, rest)| l.len() + 2 + (rest.len() - rest.trim_start().len()));
    let indent = label.filter(|n| *n <= 16).unwrap_or(indent);
    // The first line takes the whole width, the others what the indent leaves.
    let lines = wrap(line, w);
    let mut out = lines[0].clone();
    let rest = lines[1..].join(" ");
    let pad = " ".repeat(indent);
    for l in wrap(&rest, w.saturating_sub(indent).max(MIN_WRAP))
        .into_iter()
        .filter(|l| !l.is_empty())
    {
        out.push('\n');
        out.push_str(&pad);
        out.push_str(&l);
    }
    out
}

/// Break `text` at spaces into lines of at most `width` columns (a longer word is cut).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut cur = String::new();
    let mut cw = 0;
    for word in text.split(' ') {
        // An empty word is one more space of a run: kept inside a line, dropped at a break.
        if word.is_empty() {
            if cw > 0 && cw < width {
                cur.push(' ');
                cw += 1;
            }
            continue;
        }
        let ww = word.width();
        if cw > 0 && cw + 1 + ww > width {
            lines.push(std::mem::take(&mut cur));
            cw = 0;
        }
        if ww > width {
            for ch in word.chars() {
                let w = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
                if cw > 0 && cw + w > width {
                    lines.push(std::mem::take(&mut cur));
                    cw = 0;
                }
                cur.push(ch);
                cw += w;
            }
            continue;
        }
        if cw > 0 {
            cur.push(' ');
            cw += 1;
        }
        cur.push_str(word);
        cw += ww;
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    for l in &mut lines {
        l.truncate(l.trim_end().len());
    }
    lines
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
    fn a_table_too_wide_leaves_out_columns_then_wraps_one() {
        let headers = ["NAME", "WHAT", "WHERE"];
        let right = [false, false, false];
        let rows = || {
            vec![
                vec![
                    "SHMMNI".to_string(),
                    "shared memory segments (system-wide)".to_string(),
                    "/proc/sys/kernel/shmmni".to_string(),
                ],
                vec!["X".to_string(), "short".to_string(), "-".to_string()],
            ]
        };
        let fit = Fit {
            width: 30,
            drop: &[2],
            wrap: &[1],
        };
        let (t, dropped) = render_fit(&headers, &right, rows(), true, Some(&fit));
        assert_eq!(dropped, ["WHERE"]);
        assert!(t.lines().all(|l| l.width() <= 30), "{t}");
        // Every word is still there, in order.
        let words: Vec<&str> = t.lines().skip(1).flat_map(str::split_whitespace).collect();
        assert_eq!(
            words.join(" "),
            "SHMMNI shared memory segments (system-wide) X short"
        );
        // Wide enough: nothing changes.
        let wide = Fit {
            width: 200,
            drop: &[2],
            wrap: &[1],
        };
        let (t2, dropped) = render_fit(&headers, &right, rows(), true, Some(&wide));
        assert!(dropped.is_empty());
        assert_eq!(t2, render(&headers, &right, rows(), true));
    }

    #[test]
    fn wrap_breaks_at_spaces_and_cuts_long_words() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrap("", 4), [""]);
        // A run of spaces inside a line stays; at a break it goes.
        assert_eq!(wrap("Label:   a b", 20), ["Label:   a b"]);
        assert_eq!(wrap("aa   bb", 3), ["aa", "bb"]);
        assert_eq!(
            wrap_hanging("Sizes:     64 B and more words", Some(20), 0),
            "Sizes:     64 B and\n           more words"
        );
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

    /// The streamed table (one row held at a time) is the table `Table` renders whole:
    /// alignment, wide characters, escapes, colour, headings or none.
    #[test]
    fn streamed_equals_rendered() {
        let headers = ["KIND", "NAME", "SIZE"];
        let right = [false, false, true];
        let rows: Vec<[(&str, Style); 3]> = vec![
            [
                ("shm", Style::Plain),
                ("日本", Style::Red),
                ("4.0 KiB", Style::Plain),
            ],
            [
                ("pshm", Style::Plain),
                ("x\u{202e}y\x1b", Style::Plain),
                ("1 B", Style::Dim),
            ],
            [
                ("msg", Style::Yellow),
                ("", Style::Plain),
                ("", Style::Plain),
            ],
        ];
        for (headings, color) in [(true, false), (false, false), (true, true)] {
            for n in [0, 1, rows.len()] {
                let mut t = Table::new(&headers, &right, n).with_color(color);
                for r in &rows[..n] {
                    for (text, style) in r {
                        t.styled_cell(*style, |s| s.push_str(text));
                    }
                }
                let mut out = Vec::new();
                stream(&mut out, &headers, &right, headings, color, n, |r, c, s| {
                    s.push_str(rows[r][c].0);
                    rows[r][c].1
                })
                .unwrap();
                assert_eq!(
                    String::from_utf8(out).unwrap(),
                    t.render(headings),
                    "headings {headings}, colour {color}, {n} rows"
                );
            }
        }
    }

    /// Rows past what the first pass keeps (`KEPT`) are made again: the same table.
    #[test]
    fn a_table_longer_than_the_kept_cells_is_the_same_table() {
        let headers = ["N", "NAME"];
        let right = [true, false];
        let text = |r: usize, c: usize| match c {
            0 => r.to_string(),
            _ => format!("{}\u{7}", "x".repeat(60 + r % 7)),
        };
        let n = 2 * KEPT / 60;
        let mut t = Table::new(&headers, &right, n).with_color(true);
        for r in 0..n {
            t.styled_cell(Style::Plain, |s| s.push_str(&text(r, 0)));
            t.styled_cell(Style::Red, |s| s.push_str(&text(r, 1)));
        }
        let mut out = Vec::new();
        stream(&mut out, &headers, &right, true, true, n, |r, c, s| {
            s.push_str(&text(r, c));
            if c == 0 { Style::Plain } else { Style::Red }
        })
        .unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out.lines().count(), n + 1);
        assert_eq!(out, t.render(true));
    }
}
