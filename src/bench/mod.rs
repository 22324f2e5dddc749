//! The benchmark engine: runner, mechanisms, statistics, report, progress.
