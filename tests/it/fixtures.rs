//! Collectors against fixture trees (`--root`): malformed and unexpected entries are reported
//! and skipped, never fatal.
