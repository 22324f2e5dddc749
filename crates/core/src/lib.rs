//! The core of ipcctl, with no `unsafe` code: what an IPC object is and how each kind behaves
//! ([`model`], [`kinds`] and their capability table), the read-only scans of the kernel's
//! state ([`collect`]), the judgements built on them ([`analysis`]: orphan proofs, doctor,
//! application profiles) and every word a person reads ([`render`]).
//!
//! Inside the crate the arrows still point down (`analysis → collect → kinds → model`,
//! `render` on `model`); the crate itself cannot reach the command line or the benchmark
//! engine, which depend on it. The kernel is reached only through [`sys`] (the `ipcctl-sys`
//! crate).

#![forbid(unsafe_code)]

pub use ipcctl_sys as sys;

pub mod analysis;
pub mod collect;
pub mod error;
pub mod interrupt;
pub mod journal;
pub mod kinds;
pub mod model;
pub mod ops;
pub mod render;
pub mod units;

pub use error::{Error, Result};
