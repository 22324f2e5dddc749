//! First hour, second pass (issue 20): sort order, `-q` keeps data, ipcs/ipcrm habits,
//! case-insensitive kinds, an empty host said in words, empty sends refused.

use std::path::Path;

use crate::common::*;

fn write(p: &Path, data: &[u8]) {
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, data).unwrap();
}

/// A fixture root with two System V segments: shm:7 created at 1700000000 (older), shm:8 at
/// 1700000100 (younger).
fn two_segments() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let r = t.path();
    write(
        &r.join("proc/sysvipc/shm"),
        b"       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime\n\
          43981 7 600 4096 100 101 0 0 0 0 0 1700000001 1700000002 1700000000\n\
          43982 8 600 8192 200 0 0 0 0 0 0 0 0 1700000100\n",
    );
    std::fs::create_dir_all(r.join("dev/shm")).unwrap();
    t
}

fn refs(o: &std::process::Output) -> Vec<String> {
    stdout(o).lines().map(|l| l.trim().to_string()).collect()
}

#[test]
fn sort_age_is_youngest_first_and_minus_age_oldest_first() {
    let t = two_segments();
    let root = t.path().to_str().unwrap();
    let sorted = |key: &str| {
        let o = run(&[
            "--root",
            root,
            "list",
            "shm",
            "-o",
            "ref",
            "--no-headings",
            "--sort",
            key,
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        refs(&o)
    };
    // Ascending like every column: the smallest age (the youngest) first.
    assert_eq!(sorted("age"), ["shm:8", "shm:7"]);
    assert_eq!(sorted("-age"), ["shm:7", "shm:8"]);
    // ctime ascending is oldest first (a timestamp, not an age).
    assert_eq!(sorted("ctime"), ["shm:7", "shm:8"]);
    assert_eq!(sorted("size"), ["shm:7", "shm:8"]);
}

#[test]
fn quiet_keeps_the_data_on_stdout() {
    // doctor: the report is data; -q drops only its warnings (issue 20.7).
    let loud = run(&["doctor"]);
    let quiet = run(&["-q", "doctor"]);
    assert_eq!(quiet.status.code(), loud.status.code());
    assert!(
        stdout(&quiet).contains("LIMIT"),
        "-q doctor: {}",
        stdout(&quiet)
    );
    assert!(stdout(&quiet).contains("Verdict") || stdout(&quiet).contains(": "));
    assert!(!stdout(&quiet).contains("Warning:"), "{}", stdout(&quiet));
    assert!(quiet.stderr.is_empty(), "{}", stderr(&quiet));

    // rm --dry-run: the plan is data.
    let shm = Shm::new(4096, 0o600);
    let r = format!("shm:{}", shm.id);
    let o = run(&["-q", "rm", "--dry-run", &r]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with(&format!("would remove {r}")),
        "-q rm --dry-run: {}",
        stdout(&o)
    );
}

#[test]
fn ipcrm_and_ipcs_flags_get_a_one_line_hint() {
    for (args, hint) in [
        (&["rm", "-m", "5"][..], "`ipcctl rm shm:5`"),
        (&["rm", "-M", "4660"], "`ipcctl rm shm:0x00001234`"),
        (&["rm", "-s", "6"], "`ipcctl rm sem:6`"),
        (&["rm", "-S", "0x10"], "`ipcctl rm sem:0x10`"),
        (&["rm", "-q", "7"], "`ipcctl rm msg:7`"),
        (&["rm", "-Q", "0x20"], "`ipcctl rm msg:0x20`"),
        (&["-i", "5"], "`ipcctl show shm:5` (or msg:5, sem:5)"),
        (&["-i", "5", "-q"], "`ipcctl show msg:5`"),
        (&["-l"], "`ipcctl limits`"),
        (&["-u"], "`ipcctl limits`"),
        (&["list", "-t"], "`ipcctl list -o kind,ref,atime,"),
        (&["-p"], "`ipcctl list -o kind,ref,cpid,lpid,lrpid`"),
        (
            &["-c"],
            "`ipcctl list -o kind,ref,owner,group,cuid,cgid,perms`",
        ),
        (&["-q"], "`ipcctl list msg`"),
        (&["-m", "-t"], "`ipcctl list shm -o kind,ref,atime,"),
        (
            &["list", "-p", "-m"],
            "`ipcctl list shm -o kind,ref,cpid,lpid,lrpid`",
        ),
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{args:?}: {}", stdout(&o));
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(hint), "{args:?}: {err}");
    }
    // Real options still work: -q as --quiet, -v, -o, --sort -size, rm -q REF, -y, -n.
    for args in [
        &["-q", "list", "shm", "--no-headings"][..],
        &["-v", "list", "shm", "--no-headings"],
        &["list", "-o", "ref", "--sort", "-size", "--no-headings"],
        &["clean", "-q", "--name", "none-such-*"],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    }
    let shm = Shm::new(4096, 0o600);
    let r = format!("shm:{}", shm.id);
    let o = run(&["rm", "-q", "-n", &r]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains(&r), "{}", stdout(&o));
    // An unknown option that is no habit keeps clap's own error.
    let o = run(&["clean", "-q", "-n"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr(&o).contains("ipcs-style"), "{}", stderr(&o));
}

#[test]
fn kind_names_are_case_insensitive() {
    let t = two_segments();
    let root = t.path().to_str().unwrap();
    for args in [
        &["list", "SHM", "-o", "ref", "--no-headings"][..],
        &["list", "Shm", "-o", "ref", "--no-headings"],
        &[
            "orphans",
            "SHM",
            "-o",
            "ref",
            "--no-headings",
            "--sort",
            "ref",
        ],
    ] {
        let mut all = vec!["--root", root];
        all.extend_from_slice(args);
        let o = run(&all);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    }
    let o = run(&["--root", root, "list", "SHM", "-o", "ref", "--no-headings"]);
    assert_eq!(refs(&o), ["shm:7", "shm:8"]);
    // A reference's kind too; it is written back in lower case.
    let o = run(&["--root", root, "show", "SHM:7", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["ref"], "shm:7", "{v}");
    // Live: create with an upper-case kind, remove by an upper-case reference.
    let made = run(&["create", "SHM", "--size", "4K"]);
    assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));
    let r = stdout(&made).trim().to_string();
    assert!(r.starts_with("shm:"), "{r}");
    let o = run(&["rm", &r.replacen("shm", "SHM", 1)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn an_empty_host_is_said_in_words_on_a_terminal() {
    let t = tempfile::tempdir().unwrap();
    let r = t.path();
    write(
        &r.join("proc/sysvipc/shm"),
        b"       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime\n",
    );
    write(
        &r.join("proc/sysvipc/msg"),
        b"       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n",
    );
    write(
        &r.join("proc/sysvipc/sem"),
        b"       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n",
    );
    std::fs::create_dir_all(r.join("dev/shm")).unwrap();
    std::fs::create_dir_all(r.join("dev/mqueue")).unwrap();
    let root = r.to_str().unwrap();
    let (code, out) = crate::ux::run_on_a_terminal(&["--root", root, "list"]);
    assert_eq!(code, Some(0), "{out}");
    // (stderr shares the terminal: warnings may come first.)
    assert_eq!(out.lines().last(), Some("no IPC objects"), "{out}");
    assert!(!out.contains("KIND"), "{out}");
    // A pipe keeps its header line; JSON is an empty array.
    let o = run(&["--root", root, "list"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("KIND"), "{}", stdout(&o));
    assert_eq!(stdout(&o).lines().count(), 1, "{}", stdout(&o));
    let o = run(&["--root", root, "list", "--json"]);
    assert_eq!(stdout(&o).trim(), "[]");
    // Objects still make a table on a terminal.
    let t = two_segments();
    let (code, out) =
        crate::ux::run_on_a_terminal(&["--root", t.path().to_str().unwrap(), "list", "shm"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("KIND") && out.contains("shm:7"), "{out}");
}

#[test]
fn send_refuses_an_empty_stdin_unless_asked() {
    let q = Msg::new(0o600);
    let r = format!("msg:{}", q.id);
    let count = || {
        let v = run_json(&["show", &r]);
        v["messages"].as_u64().unwrap()
    };
    // An empty pipe: refused, one line, nothing sent.
    let o = run_stdin(&["send", &r], b"");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("--empty"), "{}", stderr(&o));
    assert_eq!(count(), 0);
    // A closed stdin (as from a hung-up terminal) is the same.
    let o = std::process::Command::new(BIN)
        .args(["send", &r])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(count(), 0);
    // Asked for: --empty, or DATA given as "".
    let o = run_stdin(&["send", &r, "--empty"], b"");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&["send", &r, ""]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(count(), 2);
    // A non-empty stdin is still sent.
    let o = run_stdin(&["send", &r], b"x");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(count(), 3);
}
