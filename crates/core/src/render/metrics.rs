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
    pub value: Value,
}

/// A sample's value. Counts, bytes and limits are integers and are printed exactly (an f64
/// would print SHMMAX, 18446744073692774399, as 18446744073692774000); ratios are floats.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    Int(u64),
    Float(f64),
}

impl From<u64> for Value {
    fn from(v: u64) -> Value {
        Value::Int(v)
    }
}

impl From<f64> for Value {
    fn from(v: f64) -> Value {
        Value::Float(v)
    }
}

impl Family {
    pub fn new(name: &'static str, help: &'static str) -> Family {
        Family {
            name,
            help,
            samples: Vec::new(),
        }
    }

    pub fn add(&mut self, labels: Vec<(&'static str, String)>, value: impl Into<Value>) {
        self.samples.push(Sample {
            labels,
            value: value.into(),
        });
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

fn value(v: Value) -> String {
    match v {
        Value::Int(i) => i.to_string(),
        Value::Float(f) => float(f),
    }
}

fn float(v: f64) -> String {
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
    // Every family is announced (HELP and TYPE), with or without samples: dashboards and
    // rules can tell "none right now" (no orphans) from "this ipcctl does not write it".
    for f in families {
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
             ipcctl_objects{kind=\"shm\",owner=\"a\\\"b\\\\c\\nd\"} 3\nipcctl_objects 0.25\n\
             # HELP ipcctl_nothing Nothing.\n# TYPE ipcctl_nothing gauge\n"
        );
        assert_eq!(value(Value::Float(f64::NAN)), "NaN");
        assert_eq!(value(Value::Float(1e20)), "100000000000000000000");
    }

    #[test]
    fn integers_are_printed_exactly() {
        // The kernel's default SHMMAX, ULONG_MAX - 2^24: not representable as an f64.
        let shmmax: u64 = 18_446_744_073_692_774_399;
        let mut f = Family::new("ipcctl_limit_bytes", "Limits.");
        f.add(vec![("limit", "SHMMAX".into())], shmmax);
        f.add(vec![("limit", "MAX".into())], u64::MAX);
        assert_eq!(
            render(&[f]),
            "# HELP ipcctl_limit_bytes Limits.\n# TYPE ipcctl_limit_bytes gauge\n\
             ipcctl_limit_bytes{limit=\"SHMMAX\"} 18446744073692774399\n\
             ipcctl_limit_bytes{limit=\"MAX\"} 18446744073709551615\n"
        );
    }
}
