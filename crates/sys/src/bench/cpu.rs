//! CPU placement of the benchmark's processes: the allowed CPUs, pinning, restoring.

use nix::errno::Errno;
use nix::sched::{CpuSet, sched_getaffinity, sched_setaffinity};
use nix::unistd::Pid;

/// The CPUs this process may run on.
pub fn allowed_cpus() -> Vec<usize> {
    match sched_getaffinity(Pid::from_raw(0)) {
        Ok(set) => (0..CpuSet::count())
            .filter(|&c| set.is_set(c).unwrap_or(false))
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// Pin the calling process to one CPU.
pub fn pin(cpu: usize) -> Result<(), Errno> {
    let mut set = CpuSet::new();
    set.set(cpu)?;
    sched_setaffinity(Pid::from_raw(0), &set)
}

/// Restores this process's CPU affinity on drop.
pub struct AffinityGuard {
    saved: Option<CpuSet>,
}

impl AffinityGuard {
    pub fn save() -> AffinityGuard {
        AffinityGuard {
            saved: sched_getaffinity(Pid::from_raw(0)).ok(),
        }
    }

    /// Undo any pinning now (for unpinned measurements).
    pub fn restore(&self) {
        if let Some(set) = &self.saved {
            let _ = sched_setaffinity(Pid::from_raw(0), set);
        }
    }
}

impl Drop for AffinityGuard {
    fn drop(&mut self) {
        self.restore();
    }
}
