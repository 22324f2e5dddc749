//! No input panics: every parser (references, sizes, durations, columns, /proc text, mount
//! escapes, status lines) and every renderer (names, sizes, times, ages) gets arbitrary
//! input from proptest and must return, never panic.

use proptest::prelude::*;

use ipcctl::collect::{holders, logind, posix_mq, sysv};
use ipcctl::model::{Column, Kind, Ref, SortKey, name_from_bytes, name_to_bytes, rfc3339};
use ipcctl::render;

fn any_kind() -> impl Strategy<Value = Kind> {
    prop::sample::select(Kind::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn refs_never_panic(s in ".{0,300}", kind in any_kind(), tail in "[0-9xX/a-z+-]{0,20}") {
        let _ = s.parse::<Ref>();
        let _ = format!("{kind}:{tail}").parse::<Ref>();
        if let Ok(r) = format!("{kind}:{tail}").parse::<Ref>() {
            // What is printed parses back to the same reference.
            prop_assert_eq!(r.to_string().parse::<Ref>().ok(), Some(r));
        }
    }

    #[test]
    fn units_never_panic(s in ".{0,40}", n in any::<u64>(), unit in "[a-zA-Z]{0,4}") {
        let _ = ipcctl::units::parse_size(&s);
        let _ = ipcctl::units::parse_offset(&s);
        let _ = ipcctl::units::parse_size(&format!("{n}{unit}"));
        let _ = ipcctl::units::parse_duration(&s);
        let _ = ipcctl::units::parse_duration(&format!("{n}{unit}"));
        let _ = Column::parse(&s);
        let _ = SortKey::parse(&s);
    }

    #[test]
    fn proc_text_never_panics(text in ".{0,2000}", kind in any_kind()) {
        let _ = sysv::parse(text.as_bytes(), kind);
        let _ = holders::parse_maps_line(&text);
        let _ = holders::parse_stat(&text);
        let _ = holders::parse_syscall(&text);
        let _ = posix_mq::parse_status(&text);
        let _ = logind::parse(&text);
    }

    #[test]
    fn sysvipc_rows_with_wild_numbers_never_panic(
        kind in prop::sample::select(vec![Kind::Msg, Kind::Shm, Kind::Sem]),
        fields in prop::collection::vec("-?[0-9]{0,25}|[a-z]{0,3}", 0..20),
    ) {
        let header = match kind {
            Kind::Shm => "key shmid perms size cpid lpid nattch uid gid cuid cgid atime dtime ctime rss swap",
            Kind::Msg => "key msqid perms cbytes qnum lspid lrpid uid gid cuid cgid stime rtime ctime",
            Kind::Sem | Kind::Pmq | Kind::Pshm | Kind::Psem => "key semid perms nsems uid gid cuid cgid otime ctime",
        };
        let text = format!("{header}\n{}\n", fields.join(" "));
        let (objects, _) = sysv::parse(text.as_bytes(), kind);
        for o in &objects {
            // Whatever was parsed serializes and renders.
            prop_assert!(serde_json::to_string(o).is_ok());
            for c in Column::ALL {
                let _ = render::objects::cell(o, c, false, 1_800_000_000);
            }
        }
    }

    #[test]
    fn renderers_never_panic(s in ".{0,200}", secs in any::<i64>(), now in any::<i64>(), b in any::<u64>()) {
        let clean = render::sanitize(&s);
        prop_assert!(!clean.chars().any(|c| c.is_control()));
        let _ = rfc3339(secs);
        let _ = render::human_age(secs, now);
        let _ = render::human_size(b);
        let _ = render::human_duration(secs);
    }

    #[test]
    fn names_round_trip(raw in prop::collection::vec(any::<u8>(), 0..64)) {
        let w = name_from_bytes(&raw);
        prop_assert_eq!(name_to_bytes(&w), raw);
    }
}
