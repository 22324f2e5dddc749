//! Pure judgement on collected data: orphan states with typed evidence (`orphans`), the
//! limit checks of `doctor`, and application `profiles`. Nothing here prints. Orphan
//! evidence and the survey's warnings are typed and worded by `render/`; words still made
//! here: doctor's verdict and fix sentences (`doctor::judge`, leaving for `render::doctor`)
//! and the profiles' titles, details and file warnings. The only reads are the collectors
//! `survey` calls and the profile files.

pub mod doctor;
pub mod orphans;
pub mod profiles;
