//! Pure judgement on collected data: orphan states with typed evidence (`orphans`) and the
//! limit checks of `doctor`. Nothing here prints or makes words (that is `render/`); the
//! only reads are the collectors `survey` calls.

pub mod doctor;
pub mod orphans;
pub mod profiles;
