//! Plain data in raw units, one file per concept: the kinds ([`kind`]), references
//! ([`reference`]), one `Object` row per IPC object ([`object`]) and its recorded creator
//! ([`creator`]), typed evidence and verdicts ([`evidence`]), warnings ([`warning`]), table
//! columns ([`column`]), rm/clean outcomes ([`outcome`]), limits ([`limit`]) and doctor's
//! findings ([`doctor`]). Everything is
//! re-exported here (`crate::model::Object`). `render/` turns these into words and human
//! units; what still arrives as words is marked where it is held (`Warning::Source`).

pub mod doctor;
pub mod limit;

pub use doctor::{AppConsumer, Blame, Check, Consumer, Fix, Note, Status};
pub use limit::{Limit, LimitId, LimitScope, Unit, usage_percent};

pub mod column;
pub mod creator;
pub mod evidence;
pub mod kind;
pub mod object;
pub mod outcome;
pub mod reference;
pub mod warning;

pub use column::*;
pub use creator::*;
pub use evidence::*;
pub use kind::*;
pub use object::*;
pub use outcome::*;
pub use reference::*;
pub use warning::*;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    /// Issue 26.8: age counts from creation, not from the last change.
    #[test]
    fn created_is_the_birth_time_or_the_earliest_record() {
        let shm = Object {
            kind: Kind::Shm,
            ctime: Some(300),
            atime: Some(100),
            dtime: Some(200),
            ..Default::default()
        };
        assert_eq!(
            shm.created(),
            Some(Created {
                at: 100,
                from: CreatedFrom::EarliestRecord
            })
        );
        let sem = Object {
            kind: Kind::Sem,
            ctime: Some(300),
            otime: Some(0),
            ..Default::default()
        };
        assert_eq!(
            sem.created().map(|c| (c.at, c.from)),
            Some((300, CreatedFrom::Ctime))
        );
        let pshm = Object {
            kind: Kind::Pshm,
            ctime: Some(300),
            mtime: Some(300),
            btime: Some(50),
            ..Default::default()
        };
        assert_eq!(
            pshm.created().map(|c| (c.at, c.from)),
            Some((50, CreatedFrom::BirthTime))
        );
        assert_eq!(Object::default().created(), None);
    }

    /// One hex-key formatter: the table, references, JSON and ipcrm hints write keys alike.
    #[test]
    fn keys_are_written_one_way() {
        for k in [1u32, 0xabcd, 0xdead_beef, u32::MAX] {
            assert_eq!(fmt_key(k), format!("0x{k:08x}"));
            assert_eq!(parse_key(&fmt_key(k)), Ok(k));
        }
    }

    /// rm and clean report one vocabulary, with the JSON codes README documents.
    #[test]
    fn removal_outcomes_are_one_vocabulary() {
        use RemovalOutcome as R;
        let all = [
            R::WouldRemove,
            R::Removed,
            R::Refused,
            R::Kept,
            R::Skipped,
            R::Failed,
            R::NotFound,
        ];
        let codes: Vec<String> = all
            .iter()
            .map(|o| {
                serde_json::to_value(o)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(
            codes,
            [
                "would-remove",
                "removed",
                "refused",
                "kept",
                "skipped",
                "failed",
                "not-found"
            ]
        );
        let readme = include_str!("../../../README.md");
        for c in &codes {
            assert!(readme.contains(&format!("`{c}`")), "README documents `{c}`");
        }
        for o in all {
            let back: R = serde_json::from_value(serde_json::to_value(o).unwrap()).unwrap();
            assert_eq!(back, o);
            assert_eq!(o.is_success(), matches!(o, R::WouldRemove | R::Removed));
        }
    }

    /// A warning about one object concerns the reference that names it, compared as a
    /// reference (the quoted form a table prints names it too), not as text.
    #[test]
    fn warnings_concern_refs_as_refs() {
        let w = Warning::SemFile {
            reference: parse("psem:/a b").unwrap(),
            problem: SemFileProblem::Replaced,
        };
        assert!(w.concerns(&parse("'psem:/a b'").unwrap()));
        assert!(w.concerns(&parse("psem:/a\\x20b").unwrap()));
        assert!(!w.concerns(&parse("pshm:/a b").unwrap()));
        assert!(!w.concerns(&parse("psem:/a").unwrap()));
    }

    /// One "in use" rule for rm, --unused and the orphan verdict: holders seen, or (for a
    /// segment) the kernel's attach count; holders not read are unknown except where the
    /// kernel counts.
    #[test]
    fn usage_is_one_rule() {
        let h = vec![Holder {
            pid: 7,
            comm: "a".into(),
        }];
        let o = |kind: Kind, holders: Option<Vec<Holder>>, nattch: Option<u64>| Object {
            kind,
            holders,
            nattch,
            ..Default::default()
        };
        for k in Kind::ALL {
            let x = o(k, Some(h.clone()), None);
            assert!(
                matches!(x.usage(), Usage::InUse { holders, attached: 0 } if holders.len() == 1)
            );
            assert_eq!(o(k, Some(vec![]), None).usage(), Usage::Unused);
        }
        assert_eq!(o(Kind::Pshm, None, None).usage(), Usage::Unknown);
        assert_eq!(o(Kind::Msg, None, Some(3)).usage(), Usage::Unknown);
        assert_eq!(o(Kind::Shm, None, None).usage(), Usage::Unused);
        assert_eq!(o(Kind::Shm, None, Some(0)).usage(), Usage::Unused);
        assert_eq!(
            o(Kind::Shm, Some(vec![]), Some(2)).usage(),
            Usage::InUse {
                holders: &[],
                attached: 2
            }
        );
        assert_eq!(
            o(Kind::Shm, None, Some(2)).usage(),
            Usage::InUse {
                holders: &[],
                attached: 2
            }
        );
    }

    fn parse(s: &str) -> Result<Ref, Error> {
        s.parse()
    }

    #[test]
    fn columns_and_sort_keys_parse() {
        for c in Column::ALL {
            assert_eq!(Column::parse(c.name()), Ok(c));
            assert_eq!(Column::parse(&c.name().to_uppercase()), Ok(c));
        }
        let e = Column::parse("bogus").unwrap_err();
        assert!(e.contains("unknown column 'bogus' (one of ns, kind"), "{e}");
        assert!(Column::parse("").is_err());
        let k = SortKey::parse("-size").unwrap();
        assert_eq!((k.column, k.descending), (Column::Size, true));
        let k = SortKey::parse("age").unwrap();
        assert_eq!((k.column, k.descending), (Column::Age, false));
        assert!(SortKey::parse("-").is_err());
    }

    #[test]
    fn names_are_bytes_written_losslessly() {
        for raw in [
            &b"plain"[..],
            b"bad\xff\xfeutf",
            b"back\\slash",
            b"\\xff literally",
            "caf\u{e9}".as_bytes(),
            b"\xef\xbf\xbd",
        ] {
            let w = name_from_bytes(raw);
            assert_eq!(name_to_bytes(&w), raw, "{w}");
        }
        assert_eq!(name_from_bytes(b"bad\xff"), "bad\\xff");
        // Regression (issue 19.7): every escape printed in a table is read back.
        for raw in [
            &b"junk pshm:victim"[..],
            b"a\nb\tc\rd\x1b[31m",
            "da\u{200b}ta\u{202e}".as_bytes(),
            b"\\n literally",
        ] {
            let written = name_from_bytes(raw);
            let shown = crate::render::sanitize_word(&written);
            assert_eq!(name_to_bytes(&shown), raw, "{shown}");
        }
        assert_eq!(
            name_to_bytes("a\\u{zz}b\\u{110000}"),
            b"a\\u{zz}b\\u{110000}"
        );
        let r: Ref = "pshm:/junk\\x20pshm:victim".parse().unwrap();
        assert_eq!(r.to_string(), "pshm:/junk pshm:victim");
        let r: Ref = "pshm:da\\u{200b}ta".parse().unwrap();
        assert_eq!(r.to_string(), "pshm:/da\u{200b}ta");
        // U+FFFD itself is a valid character, not the escape of a bad byte.
        assert_ne!(
            name_from_bytes("\u{fffd}".as_bytes()),
            name_from_bytes(b"\xff")
        );
    }

    #[test]
    fn every_time_renders() {
        assert_eq!(rfc3339(1_700_000_000).unwrap(), "2023-11-14T22:13:20Z");
        assert_eq!(rfc3339(951_782_400).unwrap(), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(86_399).unwrap(), "1970-01-01T23:59:59Z");
        // Regression (issue 10.5): year 10000 panicked in serialization.
        assert_eq!(rfc3339(253_402_300_800).unwrap(), "10000-01-01T00:00:00Z");
        assert!(rfc3339(i64::MAX).is_some());
        assert_eq!(rfc3339(0), None);
        assert_eq!(rfc3339(-5), None);
        // Agrees with humantime wherever humantime can write the time.
        for t in [1i64, 59, 1_234_567_890, 4_102_444_800, 253_402_300_799] {
            let h = humantime::format_rfc3339_seconds(
                std::time::UNIX_EPOCH + std::time::Duration::from_secs(t as u64),
            )
            .to_string();
            assert_eq!(rfc3339(t).unwrap(), h, "{t}");
        }
    }

    #[test]
    fn ftok_references_parse_without_io_and_keys_follow_glibc() {
        let f = |s: &str| match s.parse::<RefArg>() {
            Ok(RefArg::Ftok { kind, ftok }) => Ok((kind, ftok.path, ftok.proj)),
            Ok(RefArg::Ref(r)) => panic!("{s} parsed as {r}"),
            Err(e) => Err(e.to_string()),
        };
        assert_eq!(f("msg:ftok:/tmp:A"), Ok((Kind::Msg, "/tmp".into(), 65)));
        assert_eq!(f("SHM:ftok:/tmp:65"), Ok((Kind::Shm, "/tmp".into(), 65)));
        // The last colon separates PROJ: a path may hold colons.
        assert_eq!(f("sem:ftok:/a:b:z"), Ok((Kind::Sem, "/a:b".into(), b'z')));
        // A table's quotes are taken off, as for every reference.
        assert_eq!(
            f("'msg:ftok:rel/file:1'"),
            Ok((Kind::Msg, "rel/file".into(), 1))
        );
        // glibc keeps the low 8 bits of proj_id: 321 is 65.
        assert_eq!(f("msg:ftok:/tmp:321"), Ok((Kind::Msg, "/tmp".into(), 65)));
        for bad in [
            "pmq:ftok:/tmp:A",
            "msg:ftok:/tmp",
            "msg:ftok::A",
            "msg:ftok:/tmp:",
            "msg:ftok:/tmp:0",
            "msg:ftok:/tmp:256",
            "msg:ftok:/tmp:AB",
            "msg:ftok:/tmp:é",
            "msg:ftok:/tmp:-1",
        ] {
            assert!(f(bad).is_err(), "{bad} accepted");
        }
        assert!(f("msg:ftok:/tmp:0").unwrap_err().contains("nonzero"));
        // Other references parse as before.
        assert_eq!(
            "shm:0x41".parse::<RefArg>().unwrap(),
            RefArg::Ref(Ref {
                kind: Kind::Shm,
                ident: Ident::Key(0x41)
            })
        );
        // sysvipc/ftok.c: (ino & 0xffff) | (dev & 0xff) << 16 | (proj & 0xff) << 24.
        assert_eq!(Ftok::key(b'A', 0xfe00, 246_951), 0x4100_c4a7);
        assert_eq!(Ftok::key(0xff, 0x1234_5678, 0xdead_beef), 0xff78_beef);
        assert!(Ftok::matches(0x4100_c4a7, 0x1_fe00, 0x3_c4a7));
        assert!(!Ftok::matches(0x4101_c4a7, 0xfe00, 0xc4a7));
    }

    #[test]
    fn refs_parse() {
        assert_eq!(
            parse("shm:32768").unwrap(),
            Ref {
                kind: Kind::Shm,
                ident: Ident::Id(32768)
            }
        );
        assert_eq!(parse("msg:0x0000abcd").unwrap().ident, Ident::Key(0xabcd));
        assert_eq!(parse("sem:0xffffffff").unwrap().ident, Ident::Key(u32::MAX));
        assert_eq!(parse("shm:0").unwrap().ident, Ident::Id(0));
        assert_eq!(
            parse("pmq:/jobs").unwrap().ident,
            Ident::Name("jobs".into())
        );
        assert_eq!(
            parse("pshm:frames").unwrap().ident,
            Ident::Name("frames".into())
        );
        assert_eq!(parse("psem:/123").unwrap().ident, Ident::Name("123".into()));
        assert_eq!(parse("pmq:/jobs").unwrap().to_string(), "pmq:/jobs");
        assert_eq!(parse("msg:0xabcd").unwrap().to_string(), "msg:0x0000abcd");
    }

    #[test]
    fn bad_refs_are_usage_errors() {
        for bad in [
            "shm",
            "shm:",
            "foo:1",
            "shm:0x0",
            "shm:0x00000000",
            "shm:0x100000000",
            "shm:-1",
            "shm:+5",
            "shm: 5",
            "shm:abc",
            "shm:/x",
            "pmq:123",
            "pshm:0x12",
            "pmq:/a/b",
            "pmq:/",
            "psem:/..",
        ] {
            let e = parse(bad).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{bad}: {e}");
        }
        assert!(
            parse("shm:0x0")
                .unwrap_err()
                .to_string()
                .contains("IPC_PRIVATE")
        );
        assert!(
            parse("pmq:123")
                .unwrap_err()
                .to_string()
                .contains("by name")
        );
    }

    #[test]
    fn json_fields_have_contract_types() {
        let o = Object {
            kind: Kind::Shm,
            reference: "shm:1".into(),
            id: Some(1),
            key: Some(0xb6256f7a),
            mode: 0o644,
            ctime: Some(1_700_000_000),
            ..Default::default()
        };
        let v = serde_json::to_value(&o).unwrap();
        assert_eq!(v["kind"], "shm");
        assert_eq!(v["key"], "0xb6256f7a");
        assert_eq!(v["mode"], "0644");
        assert_eq!(v["ctime"], "2023-11-14T22:13:20Z");
        assert!(v["holders"].is_null());
        assert!(v["name"].is_null());
        assert!(v.get("state").is_none());
    }
}
