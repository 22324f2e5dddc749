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
        // Newcomer pass: ipcrm's -a removes everything; listing was the wrong pointer.
        (&["rm", "-a"], "`ipcctl rm --all KIND... --dry-run`"),
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

/// Run ipcctl on a pseudo-terminal of `cols` columns (util-linux `script`; `COLUMNS` says
/// the width, as a shell does for a terminal that reports none).
pub fn on_a_terminal_of(cols: usize, args: &[&str]) -> (Option<i32>, String) {
    let cmd = std::iter::once(BIN)
        .chain(args.iter().copied())
        .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
        .collect::<Vec<_>>()
        .join(" ");
    let o = std::process::Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .env("COLUMNS", cols.to_string())
        .env_remove("NO_COLOR")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run script(1)");
    (o.status.code(), stdout(&o).replace('\r', ""))
}

/// Issue 20.10: `recv --count N` blocked without a word when fewer messages were queued.
/// On a terminal it says that it waits (and how many it has); in a pipe it says nothing.
#[test]
fn recv_count_says_on_a_terminal_that_it_waits() {
    let q = Msg::new(0o600);
    q.send(1, b"one");
    let r = format!("msg:{}", q.id);
    let (code, out) =
        crate::ux::run_on_a_terminal(&["recv", &r, "--count", "2", "--timeout", "1s"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("one"), "{out}");
    let waits: Vec<&str> = out.lines().filter(|l| l.contains("waiting")).collect();
    assert_eq!(waits.len(), 1, "{out}");
    assert!(
        waits[0].contains(&r)
            && waits[0].contains("1 of 2 received")
            && waits[0].contains("Ctrl-C"),
        "{out}"
    );
    // Enough messages: no word about waiting.
    q.send(1, b"a");
    q.send(1, b"b");
    let (code, out) = crate::ux::run_on_a_terminal(&["recv", &r, "--count", "2"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(!out.contains("waiting"), "{out}");
    // --peek at an empty queue too.
    let (code, out) = crate::ux::run_on_a_terminal(&["recv", &r, "--peek", "--timeout", "200ms"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("no message queued; waiting for one"), "{out}");
    // A pipe: silent.
    q.send(1, b"c");
    let o = run(&["recv", &r, "--count", "2", "--timeout", "200ms"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!stderr(&o).contains("waiting"), "{}", stderr(&o));
}

/// Issue 20.10: `-v` details were labelled "warning:".
#[test]
fn verbose_details_are_not_warnings() {
    let q = Msg::new(0o600);
    let r = format!("msg:{}", q.id);
    let o = run(&["-v", "send", &r, "hi"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains(&format!("{r}: sent 2 bytes")), "{err}");
    assert!(!err.contains("warning"), "{err}");
    let s = Shm::new(64, 0o600);
    let o = run(&["-v", "write", &format!("shm:{}", s.id), "abc"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("wrote 3 bytes"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    // Without -v: nothing.
    let o = run(&["send", &r, "hi"]);
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
}

/// Issue 20.10: `--message-size 1M` failed while `--size 1M` worked: one size parser for
/// every byte count of `create`.
#[test]
fn every_byte_count_takes_units() {
    let name = unique_name("units");
    let _g = Made::name("pmq", &name);
    let o = run(&[
        "create",
        "pmq",
        &format!("/{name}"),
        "--max-messages",
        "2",
        "--message-size",
        "1K",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let c = std::ffi::CString::new(format!("/{name}")).unwrap();
    // SAFETY: valid name; mq_attr is plain data; the descriptor is closed right away.
    let attr = unsafe {
        let fd = libc::mq_open(c.as_ptr(), libc::O_RDONLY);
        assert!(fd >= 0, "{}", std::io::Error::last_os_error());
        let mut a: libc::mq_attr = std::mem::zeroed();
        assert_eq!(libc::mq_getattr(fd, &mut a), 0);
        libc::mq_close(fd);
        a
    };
    assert_eq!((attr.mq_maxmsg, attr.mq_msgsize), (2, 1024));
    // msg_qbytes too.
    let key = unique_key();
    let _k = Made::key("msg", key);
    let o = run(&[
        "create",
        "msg",
        "--key",
        &format!("{key:#x}"),
        "--max-bytes",
        "8K",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = run_json(&["show", stdout(&o).trim()]);
    assert_eq!(v["max_bytes"], 8192, "{v}");
    // The same refusals as --size: a bad unit, or 0.
    for bad in ["1X", "0"] {
        let o = run(&["create", "pmq", "/never", "--message-size", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad}: {}", stderr(&o));
        let o = run(&["create", "msg", "--max-bytes", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad}: {}", stderr(&o));
    }
}

/// Issue 20.10: `list -o ref,state` showed `-` unless `--orphans` was given.
#[test]
fn a_state_column_is_computed_when_asked_for() {
    let t = two_segments();
    let root = t.path().to_str().unwrap();
    let cells = |args: &[&str]| {
        let mut a = vec!["--root", root, "list", "shm", "--no-headings"];
        a.extend_from_slice(args);
        let o = run(&a);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        refs(&o)
    };
    let asked = cells(&["-o", "ref,state"]);
    assert_eq!(asked, cells(&["--orphans", "-o", "ref,state"]));
    assert_eq!(asked.len(), 2, "{asked:?}");
    for l in &asked {
        let state = l.split_whitespace().nth(1).unwrap_or("");
        assert!(!state.is_empty() && state != "-", "{asked:?}");
    }
    // WHY and sorting by state need the verdict too.
    let why = cells(&["-o", "ref,why"]);
    assert!(
        why.iter()
            .all(|l| l.split_whitespace().count() > 1 && !l.ends_with(" -")),
        "{why:?}"
    );
    let sorted = cells(&["-o", "ref", "--sort", "state"]);
    assert_eq!(sorted.len(), 2);
}

/// Issue 20.10: another user's named semaphore gave a normal user "(os error 13)" on every
/// command, even `top` and `metrics`, which never show values; and a bad `--textfile`
/// said "(os error 2)". No raw errno reaches the user, and an unreadable value is no warning.
#[test]
fn an_unreadable_semaphore_value_is_no_warning_and_errno_is_said_in_words() {
    use std::os::unix::fs::PermissionsExt;
    let name = unique_name("locked");
    let g = crate::common::ShmPath {
        path: format!("/dev/shm/sem.{name}").into(),
    };
    std::fs::write(&g.path, [0u8; 32]).unwrap();
    // Mode 000: only root may read it (as another user's 0600 semaphore to a normal user).
    std::fs::set_permissions(&g.path, std::fs::Permissions::from_mode(0o000)).unwrap();
    for args in [
        &["list", "psem"][..],
        &["top", "psem", "--iterations", "1"][..],
        &["metrics"][..],
        &["orphans", "psem"][..],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(!err.contains("os error"), "{args:?}: {err}");
        assert!(!err.contains(&name), "{args:?}: {err}");
    }
    // `show` of it says why its value is unknown, in words (as a normal user).
    let o = run(&["show", &format!("psem:/{name}")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stdout(&o).contains("os error"), "{}", stdout(&o));
    if !is_root() {
        assert!(stdout(&o).contains("permission denied"), "{}", stdout(&o));
    }
    // A --textfile in a directory that does not exist names the directory, in words.
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-dir");
    let file = missing.join("ipcctl.prom");
    let o = run(&["metrics", "--textfile", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    let last = err.lines().last().unwrap_or("");
    assert!(
        last.contains(missing.to_str().unwrap()) && last.contains("no such file or directory"),
        "{err}"
    );
    assert!(
        !last.contains(".ipcctl.") && !err.contains("os error"),
        "{err}"
    );
}

/// Issue 20.10: `limits` wrapped at 80 columns. On an 80-column terminal every line fits
/// (SOURCE is left out and said so, WHAT wraps), no limit is lost, and SEMVMX is there as
/// lsipc shows it; a pipe keeps whole rows.
#[test]
fn limits_fit_an_80_column_terminal_and_show_semvmx() {
    let (code, out) = on_a_terminal_of(80, &["limits"]);
    assert_eq!(code, Some(0), "{out}");
    let table: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("LIMIT"))
        .collect();
    assert!(!table.is_empty(), "{out}");
    for l in &table {
        assert!(
            l.chars().count() <= 80,
            "{} columns: {l}\n{out}",
            l.chars().count()
        );
    }
    assert!(out.contains("SOURCE left out"), "{out}");
    let v = run_json(&["limits"]);
    for l in v.as_array().unwrap() {
        let name = l["name"].as_str().unwrap();
        assert!(
            table
                .iter()
                .any(|row| row.split_whitespace().next() == Some(name)),
            "{name} missing:\n{out}"
        );
    }
    let semvmx = v
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == "SEMVMX")
        .expect("SEMVMX in limits --json");
    assert_eq!(semvmx["limit"], 32767, "{semvmx}");
    // A pipe: one line per limit, with its source.
    let o = run(&["limits"]);
    let t = stdout(&o);
    let row = t.lines().find(|l| l.starts_with("SEMVMX")).unwrap_or("");
    assert!(
        row.contains("32767") && row.contains("kernel constant"),
        "{t}"
    );
}

/// An interactive bash on a pseudo-terminal, with the generated completion script loaded and
/// ipcctl (this build) on PATH reading the fixture root `root`. After each command line the
/// prompt prints `LAST<line>` (the line as bash ran it, from its history).
struct Bash {
    child: crate::common::Reaped,
    master: std::fs::File,
    screen: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Bash {
    fn start(root: &Path, home: &Path) -> Bash {
        use std::os::unix::process::CommandExt;
        let script = home.join("ipcctl.bash");
        std::fs::write(&script, run(&["completions", "bash"]).stdout).unwrap();
        let (master, slave) = crate::top::open_pty();
        let bin_dir = Path::new(BIN).parent().unwrap();
        let mut cmd = std::process::Command::new("bash");
        cmd.args(["--norc", "--noprofile", "-i"])
            .env_clear()
            .env(
                "PATH",
                format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap()),
            )
            .env("HOME", home)
            .env("HISTFILE", "/dev/null")
            .env("INPUTRC", "/dev/null")
            .env("TERM", "dumb")
            .env("IPCCTL_ROOT", root)
            .env("PS1", "$ ")
            .env(
                "PROMPT_COMMAND",
                r#"printf 'LAST<%s>\n' "$(history 1 | sed 's/^ *[0-9]* *//')""#,
            )
            .stdin(std::process::Stdio::from(slave.try_clone().unwrap()))
            .stdout(std::process::Stdio::from(slave.try_clone().unwrap()))
            .stderr(std::process::Stdio::from(slave));
        // SAFETY: only async-signal-safe calls (setsid, ioctl) between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                libc::setsid();
                libc::ioctl(0, libc::TIOCSCTTY, 0);
                Ok(())
            });
        }
        let child = crate::common::Reaped(cmd.spawn().unwrap());
        let screen = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let mut reader = std::fs::File::from(master.try_clone().unwrap());
        let s = screen.clone();
        std::thread::spawn(move || {
            use std::io::Read;
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                s.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let mut b = Bash {
            child,
            master: std::fs::File::from(master),
            screen,
        };
        b.line(&format!("source '{}'\n", script.display()));
        b
    }

    /// Everything shown since the last call, once `done` holds for it.
    fn until(&mut self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let end = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            {
                let mut s = self.screen.lock().unwrap();
                if done(&s) {
                    return std::mem::take(&mut *s).replace('\r', "");
                }
                assert!(
                    std::time::Instant::now() < end,
                    "timed out waiting for {what}; the terminal shows:\n{s}"
                );
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    fn keys(&mut self, k: &str) {
        use std::io::Write;
        self.master.write_all(k.as_bytes()).unwrap();
    }

    /// Type `keys` (ending in Enter) and return the line bash ran and what it printed.
    fn line(&mut self, keys: &str) -> (String, String) {
        self.keys(keys);
        let out = self.until("the command to finish", |s| {
            s.contains("LAST<") && s.trim_end().ends_with('$')
        });
        let last = out
            .rsplit("LAST<")
            .next()
            .and_then(|l| l.split_once(">\n"))
            .map_or(String::new(), |(l, _)| l.trim_end().to_string());
        (last, out)
    }
}

impl Drop for Bash {
    fn drop(&mut self) {
        let _ = self.child.0.kill();
    }
}

/// Issue 20.2: in a real interactive bash, `rm shm:<TAB>` became `shm::655` and `show
/// pmq:<TAB>` `pmq::/jobs` (':' splits words for readline), and `sem <TAB>` offered segments
/// and queues. Typed on a pseudo-terminal, the completed lines are right, and each
/// subcommand is offered only the kinds it works on.
#[test]
fn bash_completes_refs_with_a_colon_and_only_the_kinds_a_subcommand_takes() {
    let t = tempfile::tempdir().unwrap();
    let r = t.path();
    write(
        &r.join("proc/sysvipc/shm"),
        b"       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime\n\
          43981 655 600 4096 100 101 0 0 0 0 0 1700000001 1700000002 1700000000\n",
    );
    write(
        &r.join("proc/sysvipc/sem"),
        b"       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n\
          43982 7 600 1 0 0 0 0 0 1700000000\n",
    );
    write(
        &r.join("proc/sysvipc/msg"),
        b"       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n",
    );
    write(
        &r.join("dev/mqueue/jobs-x"),
        b"QSIZE:0 NOTIFY:0 SIGNO:0 NOTIFY_PID:0\n",
    );
    write(&r.join("dev/shm/sem.lockname"), &[0u8; 32]);
    let home = tempfile::tempdir().unwrap();
    let mut bash = Bash::start(r, home.path());
    let root = r.to_str().unwrap();

    // `show shm:<TAB>`: the one segment, once the colon.
    let (ran, out) = bash.line(&format!("ipcctl --root {root} show shm:\t\n"));
    assert_eq!(ran, format!("ipcctl --root {root} show shm:655"), "{out}");
    assert!(out.contains("ref") && out.contains("shm:655"), "{out}");
    // `show pmq:<TAB>` and `show pmq:/j<TAB>`.
    let (ran, out) = bash.line(&format!("ipcctl --root {root} show pmq:\t\n"));
    assert_eq!(
        ran,
        format!("ipcctl --root {root} show pmq:/jobs-x"),
        "{out}"
    );
    let (ran, _) = bash.line(&format!("ipcctl --root {root} show pmq:/j\t\n"));
    assert_eq!(ran, format!("ipcctl --root {root} show pmq:/jobs-x"));
    // `rm shm:<TAB>` (rm refuses a fixture root: only the completed line matters here).
    let (ran, _) = bash.line(&format!("ipcctl --root {root} rm shm:6\t\n"));
    assert_eq!(ran, format!("ipcctl --root {root} rm shm:655"));
    let (ran, _) = bash.line(&format!("ipcctl --root {root} rm shm:\t\n"));
    assert_eq!(ran, format!("ipcctl --root {root} rm shm:655"));

    // `sem <TAB><TAB>` lists sem and psem refs only; `read <TAB>` completes the one segment.
    bash.keys(&format!("ipcctl --root {root} sem \t\t"));
    let listed = bash.until("the candidates of sem", |s| s.contains("psem:/lockname"));
    assert!(listed.contains("sem:7"), "{listed}");
    assert!(
        !listed.contains("shm:655") && !listed.contains("pmq:"),
        "{listed}"
    );
    bash.keys("\x15"); // Ctrl-U: drop the line
    let (ran, _) = bash.line(&format!("ipcctl --root {root} read \t\n"));
    assert_eq!(ran, format!("ipcctl --root {root} read shm:655"));
    let (ran, _) = bash.line(&format!("ipcctl --root {root} recv \t\n"));
    assert_eq!(ran, format!("ipcctl --root {root} recv pmq:/jobs-x"));
}

/// Newcomer pass (issue 20): a normal user without an mqueue mount could create a queue but
/// never remove it ("its identity cannot be re-checked"). Named on the command line, it is
/// removed by name (mq_unlink needs no mount). Runs in whatever world the suite runs in.
#[test]
fn a_queue_one_created_can_be_removed_by_name() {
    let name = unique_name("own-queue");
    let _g = Made::name("pmq", &name);
    let r = format!("pmq:/{name}");
    let o = run(&[
        "create",
        "pmq",
        &format!("/{name}"),
        "--max-messages",
        "2",
        "--message-size",
        "64",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&["rm", &r]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(&format!("removed {r}")),
        "{}",
        stdout(&o)
    );
    assert!(!pmq_exists(&name));
    let o = run(&["rm", &r]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("no such object"), "{}", stderr(&o));
}

/// The same, proven where it matters: a normal user (nobody) with no mqueue fs mounted.
#[test]
#[ignore = "needs root: unshare --mount, then the user nobody (setpriv)"]
fn a_normal_user_without_an_mqueue_mount_removes_a_queue_by_name() {
    require_root();
    let name = unique_name("nobody-queue");
    let _g = Made::name("pmq", &name);
    let as_nobody = format!("setpriv --reuid=nobody --regid=nogroup --clear-groups {BIN}");
    let o = without_mqueue(&format!(
        "sh -c '{as_nobody} create pmq /{name} --max-messages 2 --message-size 64 && {as_nobody} rm pmq:/{name}'"
    ));
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains(&format!("removed pmq:/{name}")),
        "{}",
        stdout(&o)
    );
    assert!(!pmq_exists(&name));
}

/// Newcomer pass (issue 20): every other command takes a reference, so `create psem:/lock`
/// came naturally and got clap's "invalid value for <KIND>". It gets a one-line hint with
/// the command to type (exit 2, nothing created).
#[test]
fn create_with_a_reference_gets_the_command_to_type() {
    let name = unique_name("ref-habit");
    let o = run(&["create", &format!("psem:/{name}"), "--value", "1"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(&format!("`ipcctl create psem /{name}`")),
        "{err}"
    );
    assert!(!std::path::Path::new(&format!("/dev/shm/sem.{name}")).exists());
    let o = run(&["create", "shm:5", "--size", "4K"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("`ipcctl create shm`"), "{}", stderr(&o));
}

/// Newcomer pass: `create` decoded `\x41` in a name but printed the reference with the
/// escape, which every other command refuses as non-canonical; it prints what it made, as
/// `list` does (quoted when the name needs it), and that works as input again.
#[test]
fn create_prints_a_reference_that_works_as_input() {
    let base = unique_name("esc");
    let _a = Made::name("pshm", &format!("{base}A"));
    let _b = Made::name("pshm", &format!("{base} b"));
    let o = run(&["create", "pshm", &format!("/{base}\\x41"), "--size", "1K"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let made = stdout(&o).trim().to_string();
    assert_eq!(made, format!("pshm:/{base}A"));
    let o = run(&["create", "pshm", &format!("/{base} b"), "--size", "1K"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let spaced = stdout(&o).trim().to_string();
    assert_eq!(spaced, format!("'pshm:/{base}\\x20b'"));
    for r in [made, spaced] {
        let o = run(&["show", &r]);
        assert_eq!(o.status.code(), Some(0), "{r}: {}", stderr(&o));
    }
}
