//! The Prometheus text exposition format (version 0.0.4), as the node_exporter textfile
//! collector reads it: every family has `# HELP` and `# TYPE`, its samples follow together,
//! label values are escaped, no timestamps.

use std::fmt::Write;

/// One metric family (all gauges here: every value is a current level).
#[derive(Debug, Clone)]
pub struct Family {
    pub name: &'static str,
    pub help: &'static str,
    pub samples: Vec<Sample>,
}

#[derive(Debug, Clone)]
pub struct Sample {
    pub labels: Vec<(&'static str, String)>,
    pub value: f64,
}

impl Family {
    pub fn new(name: &'static str, help: &'static str) -> Family {
        Family {
            name,
            help,
            samples: Vec::new(),
        }
    }

    pub fn add(&mut self, labels: Vec<(&'static str, String)>, value: f64) {
        self.samples.push(Sample { labels, value });
    }
}

/// Escape a label value: backslash, double quote and newline.
pub fn escape_label(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// Escape HELP text: backslash and newline.
fn escape_help(v: &str) -> String {
    v.replace('\\', "\\\\").replace('\n', "\\n")
}

fn value(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        }
    } else if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Render the families; families without samples are left out (a TYPE line without samples
/// is legal, but says nothing).
pub fn render(families: &[Family]) -> String {
    let mut out = String::new();
    for f in families.iter().filter(|f| !f.samples.is_empty()) {
        let _ = writeln!(out, "# HELP {} {}", f.name, escape_help(f.help));
        let _ = writeln!(out, "# TYPE {} gauge", f.name);
        for s in &f.samples {
            out.push_str(f.name);
            if !s.labels.is_empty() {
                out.push('{');
                for (i, (k, v)) in s.labels.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    let _ = write!(out, "{k}=\"{}\"", escape_label(v));
                }
                out.push('}');
            }
            let _ = writeln!(out, " {}", value(s.value));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exposition_text() {
        let mut f = Family::new("ipcctl_objects", "IPC objects.");
        f.add(
            vec![("kind", "shm".into()), ("owner", "a\"b\\c\nd".into())],
            3.0,
        );
        f.add(vec![], 0.25);
        let empty = Family::new("ipcctl_nothing", "Nothing.");
        assert_eq!(
            render(&[f, empty]),
            "# HELP ipcctl_objects IPC objects.\n# TYPE ipcctl_objects gauge\n\
             ipcctl_objects{kind=\"shm\",owner=\"a\\\"b\\\\c\\nd\"} 3\nipcctl_objects 0.25\n"
        );
        assert_eq!(value(f64::NAN), "NaN");
        assert_eq!(value(1e20), "100000000000000000000");
    }
}
