//! ipcctl: inspect, create, exchange messages with, benchmark and clean up every IPC object
//! on a Linux host. The binary (`main.rs`) only parses and dispatches into [`cmd`].

#![deny(unsafe_code)]

pub mod analysis;
pub mod bench;
pub mod cli;
pub mod cmd;
pub mod collect;
pub mod error;
pub mod filter;
pub mod interrupt;
pub mod journal;
pub mod kinds;
pub mod model;
pub mod ops;
pub mod output;
pub mod recorder;
pub mod render;
pub mod sys;
pub mod units;

pub use error::{Error, Result};
