//! ipcctl: inspect, create, exchange messages with, benchmark and clean up every IPC object
//! on a Linux host. This crate is the command line: argument types ([`cli`]), one module per
//! subcommand ([`cmd`]), the object filter built from arguments ([`filter`]) and where output
//! goes ([`output`]); the binary (`main.rs`) only parses and dispatches into [`cmd`].
//!
//! Everything below lives in crates the compiler keeps apart: `ipcctl-core` (model, kinds,
//! collectors, analysis, render), `ipcctl-bench` (the benchmark engine) and `ipcctl-sys` (the
//! only crate with `unsafe`). They are re-exported here under their module names.

#![forbid(unsafe_code)]

pub use ipcctl_bench as bench;
pub use ipcctl_core::{
    Error, Result, analysis, collect, error, interrupt, journal, kinds, model, ops, render, units,
};
pub use ipcctl_sys as sys;

pub mod cli;
pub mod cmd;
pub mod filter;
pub mod hooks;
pub mod output;
pub mod recorder;
