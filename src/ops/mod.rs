//! The only code that changes the system (create, send, recv, write, sem, rm). Nothing here
//! prints; every function returns a typed result or an error naming the object.
pub mod remove;
