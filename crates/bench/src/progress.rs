//! A progress bar on stderr, one step per measurement point. It never starts indicatif's
//! steady-tick thread: the runner forks, and forking a multi-threaded process is unsound
//! (and `sys::bench::process::fork_peer` refuses to).
//! It is only redrawn between points, so drawing never disturbs a measurement.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::runner::Point;

pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar when `show` (a person watching a terminal), else nothing at all.
    pub fn new(show: bool, total: usize) -> Progress {
        if !show {
            return Progress { bar: None };
        }
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}") {
            bar.set_style(style);
        }
        Progress { bar: Some(bar) }
    }

    /// Show which point runs now.
    pub fn start(&self, p: &Point) {
        if let Some(b) = &self.bar {
            b.set_message(format!(
                "{} {} {}",
                p.mechanism,
                crate::render::human_size(p.size as u64),
                p.placement
            ));
        }
    }

    pub fn done(&self) {
        if let Some(b) = &self.bar {
            b.inc(1);
        }
    }

    /// Run `f` (which prints to stderr) with the bar hidden.
    pub fn suspend(&self, f: impl FnOnce()) {
        match &self.bar {
            Some(b) => b.suspend(f),
            None => f(),
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
