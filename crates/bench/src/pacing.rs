//! The paced (open-loop) mode's schedule. Round trip `i` is *due* at `start + i * interval`;
//! its latency is measured from that due time, not from when it could actually be sent, so
//! a stall of the mechanism is charged to every request it delayed (the coordinated-omission
//! correction of wrk2 and HdrHistogram). A send is *behind schedule* when its due time had
//! already passed when the previous round trip ended. Pure: the runner feeds it timestamps.

/// The schedule of one paced measurement.
#[derive(Debug, Clone)]
pub struct Pacer {
    start: u64,
    interval: u64,
    next: u64,
    /// Sends that were due before the previous round trip ended.
    pub behind: u64,
}

impl Pacer {
    /// `rate` round trips per second, the first due at `start` (nanoseconds).
    pub fn new(start: u64, rate: f64) -> Pacer {
        Pacer {
            start,
            interval: interval_ns(rate),
            next: 0,
            behind: 0,
        }
    }

    pub fn interval(&self) -> u64 {
        self.interval
    }

    /// When the next round trip is due.
    #[inline]
    pub fn due(&self) -> u64 {
        self.start
            .saturating_add(self.next.saturating_mul(self.interval))
    }

    /// The next round trip starts; `ready` is when the previous one ended. Returns its due
    /// time, from which its latency is measured.
    #[inline]
    pub fn begin(&mut self, ready: u64) -> u64 {
        let due = self.due();
        if ready > due {
            self.behind += 1;
        }
        self.next += 1;
        due
    }
}

/// Nanoseconds between two sends at `rate` per second (at least 1).
pub fn interval_ns(rate: f64) -> u64 {
    ((1e9 / rate).round() as u64).max(1)
}

/// Simulate a paced run over known service times (how long each round trip takes once
/// sent): returns the corrected latencies and the number of sends behind schedule. The
/// runner does the same with real clocks; this is what the tests hold it to.
pub fn simulate(service_ns: &[u64], rate: f64) -> (Vec<u64>, u64) {
    let mut p = Pacer::new(0, rate);
    let mut now = 0u64;
    let mut lat = Vec::with_capacity(service_ns.len());
    for &s in service_ns {
        let ready = now;
        // Wait for the due time when early.
        now = now.max(p.due());
        let due = p.begin(ready);
        now += s;
        lat.push(now - due);
    }
    (lat, p.behind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::percentile;

    #[test]
    fn schedule() {
        let mut p = Pacer::new(1_000, 1000.0);
        assert_eq!(p.interval(), 1_000_000);
        assert_eq!(p.due(), 1_000);
        assert_eq!(p.begin(500), 1_000);
        assert_eq!(p.due(), 1_001_000);
        // Ready late: behind schedule.
        assert_eq!(p.begin(1_500_000), 1_001_000);
        assert_eq!(p.behind, 1);
        assert_eq!(interval_ns(3.0), 333_333_333);
        assert_eq!(interval_ns(1e10), 1);
        // Never overflows, however far the schedule runs.
        let mut p = Pacer::new(u64::MAX - 5, 1.0);
        p.begin(0);
        assert_eq!(p.due(), u64::MAX);
    }

    #[test]
    fn no_stall_no_correction() {
        let (lat, behind) = simulate(&[100_000; 1000], 1000.0);
        assert!(lat.iter().all(|&l| l == 100_000));
        assert_eq!(behind, 0);
    }

    #[test]
    fn a_stall_is_charged_to_every_delayed_request() {
        // 1000/s, 100 us service, one 50 ms stall at request 100 (due at 100 ms, done at
        // 150 ms): requests 101..=155 were due before their predecessor ended, the backlog
        // draining at 0.9 ms per request.
        let mut service = vec![100_000u64; 1000];
        service[100] = 50_000_000;
        let (mut lat, behind) = simulate(&service, 1000.0);
        // Closed-loop timing would see a single slow sample: its p99 stays at 100 us.
        let mut closed = service.clone();
        closed.sort_unstable();
        assert_eq!(percentile(&closed, 99.0), 100_000);
        lat.sort_unstable();
        // Corrected: 56 requests are late, from 0.5 ms up to 50 ms.
        assert_eq!(behind, 55);
        assert_eq!(lat[lat.len() - 1], 50_000_000);
        assert_eq!(lat.iter().filter(|&&l| l > 100_000).count(), 56);
        assert!(
            percentile(&lat, 99.0) >= 40_000_000,
            "{}",
            percentile(&lat, 99.0)
        );
        assert!(percentile(&lat, 96.0) >= 1_000_000);
        assert_eq!(percentile(&lat, 50.0), 100_000);
    }
}
