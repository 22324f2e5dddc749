//! Raw system calls about processes and /proc that nix does not wrap safely.
