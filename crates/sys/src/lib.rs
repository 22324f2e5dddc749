//! The one door to the kernel. Every `unsafe` block and every raw `libc` call of ipcctl lives
//! in this crate, behind safe, typed functions and RAII handles; every other crate of the
//! workspace is compiled with `#![forbid(unsafe_code)]`. Where nix or rustix already wraps a
//! call safely, callers use them directly and nothing is added here. Every `unsafe` block carries a
//! `// SAFETY:` line saying why it is sound.

pub mod bench;
pub mod fanotify;
pub mod ipc;
pub mod mount;
pub mod posix;
pub mod proc_connector;
pub mod process;
pub mod psem;
