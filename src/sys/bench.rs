//! Raw system calls used only by the benchmark mechanisms (`crate::bench`).
