//! What the header says about the machine: CPU model, CPU count, kernel, clock source.

use std::path::Path;

#[derive(Debug, Clone)]
pub struct Host {
    pub cpu_model: String,
    /// Online CPUs of the machine.
    pub cpus: usize,
    pub kernel: String,
    pub clocksource: Option<String>,
}

impl Host {
    pub fn detect() -> Host {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let (model, count) = parse_cpuinfo(&cpuinfo);
        let cpus = if count > 0 {
            count
        } else {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        };
        let kernel = nix::sys::utsname::uname()
            .map(|u| {
                format!(
                    "{} {}",
                    u.sysname().to_string_lossy(),
                    u.release().to_string_lossy()
                )
            })
            .unwrap_or_else(|_| "unknown kernel".into());
        let clocksource = std::fs::read_to_string(Path::new(
            "/sys/devices/system/clocksource/clocksource0/current_clocksource",
        ))
        .ok()
        .map(|s| s.trim().to_string());
        Host {
            cpu_model: model.unwrap_or_else(|| "unknown CPU".into()),
            cpus,
            kernel,
            clocksource,
        }
    }
}

/// The first `model name` and the number of `processor` entries of /proc/cpuinfo.
pub fn parse_cpuinfo(text: &str) -> (Option<String>, usize) {
    let mut model = None;
    let mut count = 0;
    for line in text.lines() {
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        match k.trim() {
            "processor" => count += 1,
            "model name" | "Model" if model.is_none() => {
                let v = v.split_whitespace().collect::<Vec<_>>().join(" ");
                if !v.is_empty() {
                    model = Some(v);
                }
            }
            _ => {}
        }
    }
    (model, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpuinfo() {
        let t = "processor\t: 0\nmodel name\t: Intel(R) Xeon(R)   Processor\n\nprocessor\t: 1\nmodel name\t: Intel(R) Xeon(R) Processor\n";
        assert_eq!(
            parse_cpuinfo(t),
            (Some("Intel(R) Xeon(R) Processor".into()), 2)
        );
        assert_eq!(parse_cpuinfo(""), (None, 0));
    }
}
