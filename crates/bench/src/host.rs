//! What the header says about the machine: CPU model, CPU count, kernel, clock source, and
//! the facts that change results: CPU governor and frequency, SMT siblings of the CPUs
//! used, whether a hypervisor is present, the default pipe and socket buffer sizes; and the
//! size limits `--choose` names (pipe, socket, message queue, segment, /dev/shm).

use std::path::Path;

#[derive(Debug, Clone)]
pub struct Host {
    pub cpu_model: String,
    /// Online CPUs of the machine.
    pub cpus: usize,
    pub kernel: String,
    pub clocksource: Option<String>,
    /// The `hypervisor` CPU flag (x86) and the DMI vendor, when readable.
    pub hypervisor: Option<bool>,
    pub vendor: Option<String>,
    /// Capacity of a fresh pipe, and /proc/sys/fs/pipe-max-size.
    pub pipe_default: Option<u64>,
    pub pipe_max: Option<u64>,
    /// /proc/sys/net/core/{w,r}mem_default and /proc/sys/net/ipv4/tcp_wmem.
    pub wmem_default: Option<u64>,
    pub rmem_default: Option<u64>,
    pub tcp_wmem: Option<String>,
}

fn read_trim(path: &str) -> Option<String> {
    std::fs::read_to_string(path)
        .ok()
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty())
}

fn read_u64(path: &str) -> Option<u64> {
    read_trim(path)?.parse().ok()
}

/// Whether the `flags` line of /proc/cpuinfo has `hypervisor`; None without a flags line.
pub fn cpuinfo_hypervisor(text: &str) -> Option<bool> {
    text.lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            (k.trim() == "flags").then_some(v)
        })
        .map(|flags| flags.split_whitespace().any(|f| f == "hypervisor"))
}

/// Facts of one CPU: `cpu 1: governor performance, 2.10 GHz, SMT siblings 1,3`.
fn cpu_fact(cpu: usize) -> String {
    let base = format!("/sys/devices/system/cpu/cpu{cpu}");
    let governor = read_trim(&format!("{base}/cpufreq/scaling_governor"));
    let khz = read_u64(&format!("{base}/cpufreq/scaling_cur_freq"));
    let siblings = read_trim(&format!("{base}/topology/thread_siblings_list"));
    let mut parts = Vec::new();
    parts.push(match governor {
        Some(g) => format!("governor {g}"),
        None => "no cpufreq governor exposed".to_string(),
    });
    if let Some(k) = khz {
        parts.push(format!("{:.2} GHz", k as f64 / 1e6));
    }
    parts.push(match siblings {
        Some(s) if s.contains([',', '-']) => format!("SMT siblings {s}"),
        Some(_) => "no SMT sibling".to_string(),
        None => "SMT siblings unknown".to_string(),
    });
    format!("cpu {cpu}: {}", parts.join(", "))
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
        let pipe_default = nix::unistd::pipe().ok().and_then(|(_, w)| {
            nix::fcntl::fcntl(&w, nix::fcntl::FcntlArg::F_GETPIPE_SZ)
                .ok()
                .map(|n| n as u64)
        });
        Host {
            cpu_model: model.unwrap_or_else(|| "unknown CPU".into()),
            cpus,
            kernel,
            clocksource,
            hypervisor: cpuinfo_hypervisor(&cpuinfo),
            vendor: read_trim("/sys/class/dmi/id/sys_vendor"),
            pipe_default,
            pipe_max: read_u64("/proc/sys/fs/pipe-max-size"),
            wmem_default: read_u64("/proc/sys/net/core/wmem_default"),
            rmem_default: read_u64("/proc/sys/net/core/rmem_default"),
            tcp_wmem: read_trim("/proc/sys/net/ipv4/tcp_wmem"),
        }
    }

    /// Governor, frequency and SMT siblings of each CPU used (`none pinned` when none).
    pub fn cpu_facts(&self, cpus: &[usize]) -> String {
        if cpus.is_empty() {
            return "none pinned".into();
        }
        cpus.iter()
            .map(|&c| cpu_fact(c))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn hypervisor_fact(&self) -> String {
        let vendor = self
            .vendor
            .as_deref()
            .map(|v| format!(" (vendor {v})"))
            .unwrap_or_default();
        match self.hypervisor {
            Some(true) => {
                format!("under a hypervisor{vendor}: cross-CPU wake-ups are IPIs through the host")
            }
            Some(false) => format!("no hypervisor flag{vendor}"),
            None => format!("hypervisor unknown{vendor}"),
        }
    }

    pub fn buffer_facts(&self) -> String {
        let size = |v: Option<u64>| v.map_or("?".to_string(), crate::render::human_size);
        format!(
            "pipe {} (max {}), socket send {} / receive {} by default, tcp_wmem {}",
            size(self.pipe_default),
            size(self.pipe_max),
            size(self.wmem_default),
            size(self.rmem_default),
            self.tcp_wmem.as_deref().unwrap_or("?")
        )
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

    #[test]
    fn hypervisor_flag() {
        assert_eq!(
            cpuinfo_hypervisor("flags\t\t: fpu vme sse2 hypervisor lahf_lm\n"),
            Some(true)
        );
        assert_eq!(
            cpuinfo_hypervisor("flags\t\t: fpu vme sse2 hypervisorx\n"),
            Some(false)
        );
        assert_eq!(cpuinfo_hypervisor("processor : 0\n"), None);
    }
}

/// The machine's settings that bound one message or the bytes in flight, for `--choose`'s
/// trade-offs (each `None` when unreadable).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SizeLimits {
    /// A fresh pipe's capacity and /proc/sys/fs/pipe-max-size.
    pub pipe_default: Option<u64>,
    pub pipe_max: Option<u64>,
    /// /proc/sys/net/core/wmem_default and wmem_max.
    pub socket_default: Option<u64>,
    pub socket_max: Option<u64>,
    /// kernel.msgmax (one message) and kernel.msgmnb (one queue).
    pub msgmax: Option<u64>,
    pub msgmnb: Option<u64>,
    /// fs.mqueue.msgsize_max and msg_max.
    pub mq_msgsize_max: Option<u64>,
    pub mq_msg_max: Option<u64>,
    /// kernel.shmmax.
    pub shmmax: Option<u64>,
    /// Free bytes of the tmpfs on /dev/shm.
    pub dev_shm_free: Option<u64>,
}

impl SizeLimits {
    pub fn detect(host: &Host) -> SizeLimits {
        let dev_shm_free = nix::sys::statvfs::statvfs("/dev/shm")
            .ok()
            .map(|s| s.blocks_available().saturating_mul(s.fragment_size()));
        SizeLimits {
            pipe_default: host.pipe_default,
            pipe_max: host.pipe_max,
            socket_default: host.wmem_default,
            socket_max: read_u64("/proc/sys/net/core/wmem_max"),
            msgmax: read_u64("/proc/sys/kernel/msgmax"),
            msgmnb: read_u64("/proc/sys/kernel/msgmnb"),
            mq_msgsize_max: read_u64("/proc/sys/fs/mqueue/msgsize_max"),
            mq_msg_max: read_u64("/proc/sys/fs/mqueue/msg_max"),
            shmmax: read_u64("/proc/sys/kernel/shmmax"),
            dev_shm_free,
        }
    }
}
