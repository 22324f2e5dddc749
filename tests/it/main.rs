//! The one integration-test binary: fixtures (fake /proc trees), behaviour (exit codes and
//! stderr wording) and live tests (real objects, unique names, Drop guards).

#![allow(clippy::unwrap_used, clippy::expect_used)]
mod apps;
mod bench;
mod common;
mod docs;
mod doctor;
mod fixtures;
mod layers;
mod lifecycle;
mod live;
mod metrics;
mod ns;
mod orphans;
mod packaging;
mod profiles;
mod props;
mod rights;
mod top;
mod trust;
mod ux;
