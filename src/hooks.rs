//! Test hooks, compiled only with the `test-hooks` cargo feature (on for `cargo test`
//! through the package's dev-dependency on itself, off for `cargo build --release` and the
//! .deb): the fixture root of `--root` / `IPCCTL_ROOT` (declared in `cli`) and the bench's
//! fault injection. Without the feature every hook answers "not set" and the variable names
//! are not in the binary.

/// `IPCCTL_ROOT`: the fixture tree the hidden completion helper reads instead of `/`.
#[cfg(feature = "test-hooks")]
pub fn fixture_root() -> Option<std::ffi::OsString> {
    std::env::var_os("IPCCTL_ROOT")
}

#[cfg(not(feature = "test-hooks"))]
pub fn fixture_root() -> Option<std::ffi::OsString> {
    None
}

/// The bench's fault injection: see [`crate::bench::runner::Hooks`].
#[cfg(feature = "test-hooks")]
pub fn bench() -> crate::bench::runner::Hooks {
    crate::bench::runner::Hooks {
        // The peer kills itself with SIGKILL after this many messages.
        crash_after: std::env::var("IPCCTL_BENCH_PEER_CRASH_AFTER")
            .ok()
            .and_then(|v| v.parse().ok()),
        // The client busy-waits so that every round trip and the stream take this many
        // times as long (a known slowdown for testing `--compare`).
        slowdown: std::env::var("IPCCTL_BENCH_TEST_SLOWDOWN")
            .ok()
            .and_then(|v| v.parse().ok())
            .filter(|&f| (2..=100).contains(&f)),
    }
}

#[cfg(not(feature = "test-hooks"))]
pub fn bench() -> crate::bench::runner::Hooks {
    crate::bench::runner::Hooks::default()
}
