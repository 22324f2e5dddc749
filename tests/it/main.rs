//! The one integration-test binary: fixtures (fake /proc trees), behaviour (exit codes and
//! stderr wording) and live tests (real objects, unique names, Drop guards).

#![allow(clippy::unwrap_used, clippy::expect_used)]
mod app_profiles;
mod apps;
mod bench;
mod common;
mod docs;
mod doctor;
mod fixtures;
mod ftok;
mod habits;
mod layers;
mod lifecycle;
mod listing;
mod live;
mod metrics;
mod ns;
mod numbers;
mod orphans;
mod outputs;
mod packaging;
mod persistence;
mod profiles;
mod proof;
mod proof_apps;
mod props;
mod record;
mod rights;
mod top;
mod trust;
mod ux;
