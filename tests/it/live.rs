//! Live tests: real objects of all six kinds, the binary's JSON and tables asserted against
//! what was created and against /proc/sysvipc.
