//! First-hour ergonomics (issue 11): ipcs habits, suggestions for bare idents, global flags
//! that work everywhere or are refused, recv delimiters, quiet empty answers, size warnings.

use crate::common::*;

#[test]
fn ipcs_kind_flags_get_a_hint_not_a_silent_listing() {
    for args in [
        &["-m"][..],
        &["list", "-q"],
        &["list", "-s"],
        &["ls", "-a"],
        &["--color", "never", "-qa"],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{args:?} listed: {}", stdout(&o));
        assert!(
            stderr(&o).contains("ipcctl lists kinds by name: `ipcctl list"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    let o = run(&["-m"]);
    assert!(stderr(&o).contains("`ipcctl list shm`"), "{}", stderr(&o));
    // -q before the subcommand is still --quiet.
    let o = run(&["-q", "list", "shm", "--no-headings"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn a_bare_id_or_name_suggests_the_refs_that_exist() {
    let shm = Shm::new(4096, 0o600);
    let id = shm.id.to_string();
    let o = run(&["show", &id]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // (A msg or sem may have the same id: then both are suggested.)
    let err = stderr(&o);
    assert!(
        err.contains("did you mean ") && err.contains(&format!("shm:{id}")),
        "{err}"
    );

    // `rm shm ID` removes nothing and shows the joined form.
    let o = run(&["rm", "shm", &id]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("`shm:{id}`")),
        "{}",
        stderr(&o)
    );
    let o = run(&["rm", &id]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains(&format!("shm:{id}")), "{}", stderr(&o));
    let list = run_json(&["list", "shm"]);
    assert!(find(&list, &format!("shm:{id}")).is_some(), "rm removed it");

    let p = Pshm::new("suggest", 64);
    let o = run(&["show", &format!("/{}", p.name)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("did you mean pshm:/{}?", p.name)),
        "{}",
        stderr(&o)
    );
    // Nothing by that name: no suggestion, still a usage error.
    let o = run(&["show", &unique_name("none")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr(&o).contains("did you mean"), "{}", stderr(&o));
}

/// Run ipcctl with stdout (and stdin) on a pseudo-terminal, through util-linux `script`.
pub fn run_on_a_terminal(args: &[&str]) -> (Option<i32>, String) {
    let cmd = std::iter::once(BIN)
        .chain(args.iter().copied())
        .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
        .collect::<Vec<_>>()
        .join(" ");
    let o = std::process::Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .env_remove("NO_COLOR")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run script(1)");
    (o.status.code(), stdout(&o).replace('\r', ""))
}

#[test]
fn orphans_with_nothing_to_report_say_so_on_a_terminal_and_print_nothing_in_a_pipe() {
    let nothing = unique_name("nothing-*");
    let o = run(&["orphans", "pshm", "--name", &nothing]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        o.stdout.is_empty(),
        "a bare header in a pipe: {}",
        stdout(&o)
    );
    let (code, out) = run_on_a_terminal(&["orphans", "pshm", "--name", &nothing]);
    assert_eq!(code, Some(0), "{out}");
    // (stderr shares the terminal: warnings may come first.)
    assert_eq!(out.lines().last(), Some("no orphans"), "{out}");
    assert!(!out.contains("KIND"), "{out}");
}

#[test]
fn quiet_orphans_check_answers_with_the_exit_code_only() {
    // An orphan on a fixture tree: a regular user's segment, long settled, its creator
    // dead, nobody of that user left (a live system cannot give a normal user one: the
    // user's own processes could still reopen theirs).
    let t = tempfile::tempdir().unwrap();
    let r = t.path();
    std::fs::create_dir_all(r.join("proc/sysvipc")).unwrap();
    std::fs::create_dir_all(r.join("dev/shm")).unwrap();
    std::fs::write(
        r.join("proc/sysvipc/shm"),
        "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime\n\
         1234 5 600 4096 999991 999991 0 100000 100000 100000 100000 1600000000 1600000000 1600000000\n",
    )
    .unwrap();
    let root = r.to_str().unwrap();
    let o = run(&["--root", root, "orphans", "shm", "--check"]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("shm:5"), "{}", stdout(&o));
    let o = run(&["--root", root, "-q", "orphans", "shm", "--check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(o.stdout.is_empty(), "-q printed: {}", stdout(&o));
}

#[test]
fn every_global_flag_works_or_is_refused() {
    // --json where there is no JSON form is refused, not ignored.
    for args in [
        &["metrics", "--json"][..],
        &["completions", "bash", "--json"],
        &["man", "/nonexistent-dir", "--json"],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("--json"), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{args:?}");
    }
    // -q and -v contradict each other.
    let o = run(&["-q", "list", "-v"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // top --json: one JSON object per line and interval.
    let o = run(&["top", "--json", "--iterations", "2", "--interval", "100ms"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(lines.len(), 2, "{}", stdout(&o));
    for l in &lines {
        assert!(l["rows"].is_array(), "{l}");
        assert!(l["objects"].is_u64(), "{l}");
        assert_eq!(l["interval_seconds"], 0.1, "{l}");
    }
    // ... also on a terminal (no full-screen view).
    let (code, out) = run_on_a_terminal(&["top", "--json", "--iterations", "1"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(!out.contains("\x1b[?1049h"), "{out:?}");
    // Warnings share the terminal (stderr): the JSON object is the line that is one.
    let json_line = out
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with('{'))
        .unwrap_or_else(|| panic!("no JSON line: {out:?}"));
    let v: serde_json::Value = serde_json::from_str(json_line).unwrap();
    assert!(v["rows"].is_array());
}

#[test]
fn recv_count_separates_bodies_as_asked_and_keeps_headers_on_stderr() {
    let q = Msg::new(0o600);
    let r = format!("msg:{}", q.id);
    let fill = || {
        for body in [&b"world"[..], b"hello", b"bin\0\xff"] {
            q.send(1, body);
        }
    };
    // In a pipe: raw bodies, byte-exact, nothing between them.
    fill();
    let o = run(&["recv", &r, "--count", "3", "--nowait"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(o.stdout, b"worldhellobin\0\xff");
    // -0: each body ends with NUL.
    fill();
    let o = run(&["recv", &r, "--count", "3", "--nowait", "-0"]);
    assert_eq!(o.stdout, b"world\0hello\0bin\0\xff\0", "{}", stderr(&o));
    // --delimiter with an escape; -v headers on stderr only.
    fill();
    let o = run(&[
        "-v",
        "recv",
        &r,
        "--count",
        "3",
        "--nowait",
        "--delimiter",
        ",\\n",
    ]);
    assert_eq!(o.stdout, b"world,\nhello,\nbin\0\xff,\n", "{}", stderr(&o));
    assert_eq!(stderr(&o).lines().count(), 3, "{}", stderr(&o));
    assert!(stderr(&o).contains(&r), "{}", stderr(&o));
    // On a terminal: one body per line.
    q.send(1, b"one");
    q.send(1, b"two\n");
    q.send(1, b"three");
    let (code, out) = run_on_a_terminal(&["recv", &r, "--count", "3", "--nowait"]);
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(out, "one\ntwo\nthree\n");
    // A delimiter means nothing to --json.
    let o = run(&["recv", &r, "--json", "-0", "--nowait"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

/// Speed (issue 11): on an idle host `list` reads less than ipcs reads: no
/// process's maps or fds when no POSIX object exists and nothing unlinked is alive on
/// /dev/shm, no forked child to mount a private mqueue instance, no application profiles. An unlinked file still
/// open is listed all the same.
#[test]
#[ignore = "needs root (private IPC and mount namespaces, a tmpfs on /dev/shm) and strace"]
fn an_idle_host_is_listed_without_reading_every_process_or_forking() {
    require_root();
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("trace");
    let trace = trace.display();
    let o = without_mqueue(&format!(
        "unshare --ipc sh -c 'mount -t tmpfs -o size=1M none /dev/shm || exit 97; \
         strace -f -qq -e trace=openat,clone,clone3,fork,vfork -o {trace} {BIN} list || exit 96; \
         exec 3<>/dev/shm/gone; rm /dev/shm/gone; \
         {BIN} list pshm -o ref,holders --no-headings'"
    ));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let t = std::fs::read_to_string(dir.path().join("trace")).unwrap();
    let read: Vec<&str> = t
        .lines()
        // (/proc/self/maps is the Rust runtime finding its stack guard.)
        .filter(|l| {
            (l.contains("/maps\"") && !l.contains("/proc/self/maps"))
                || l.contains("/fd\"")
                || l.contains("clone")
                // Application profiles are read only when there are objects to name.
                || l.contains("profiles.d")
        })
        .collect();
    assert!(
        read.is_empty(),
        "an idle list read process files or forked: {read:#?}"
    );
    // Empty System V tables are known from one call each (`*_INFO`, issue 21.7): no
    // /proc/sysvipc text is made and read.
    assert!(!t.contains("/proc/sysvipc/"), "{t}");
    assert!(t.contains("/dev/shm"), "{t}");
    assert!(
        stdout(&o).contains("gone"),
        "unlinked open file not listed: {}",
        stdout(&o)
    );
}

/// A normal user without an mqueue mount cannot list queues: `show` of one that exists must
/// not say "no such object", but why it cannot show it and how to mount; one that does not
/// exist is still "no such object" (asked of the kernel by name).
#[test]
#[ignore = "needs root: a private mount namespace without mqueue, and another user"]
fn show_pmq_without_a_mount_as_a_normal_user_says_why_not_no_such_object() {
    require_root();
    let q = Pmq::with("unseen", 2, 16);
    let as_nobody = |r: &str| {
        without_mqueue(&format!(
            "setpriv --reuid=nobody --regid=nogroup --clear-groups {BIN} show {r}"
        ))
    };
    let o = as_nobody(&format!("pmq:/{}", q.name));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(!err.contains("no such object"), "{err}");
    assert!(err.contains("exists"), "{err}");
    assert!(err.contains("mount -t mqueue none /dev/mqueue"), "{err}");
    let o = as_nobody(&format!("pmq:/{}", unique_name("never")));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("no such object"), "{}", stderr(&o));
}

#[test]
fn a_pshm_larger_than_the_free_tmpfs_is_created_with_a_sigbus_warning() {
    let name = unique_name("huge");
    let _made = Made::name("pshm", &name);
    let o = run(&["create", "pshm", &name, "--size", "99999999999999"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), format!("pshm:/{name}"));
    let err = stderr(&o);
    assert!(err.contains("SIGBUS") && err.contains("free"), "{err}");
    let small = unique_name("small");
    let _made2 = Made::name("pshm", &small);
    let o = run(&["create", "pshm", &small, "--size", "4K"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("SIGBUS"), "{}", stderr(&o));
}

#[test]
#[ignore = "needs root or an mqueue mount (POSIX queues)"]
fn rlimit_msgqueue_is_said_to_count_every_namespace() {
    ensure_mqueue();
    let q = Pmq::with("rlimit", 2, 16);
    let l = run_json(&["limits"]);
    let r = l
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == "RLIMIT_MSGQUEUE")
        .unwrap();
    assert!(
        r["description"]
            .as_str()
            .unwrap()
            .contains("all IPC namespaces"),
        "{r}"
    );
    let d = run_json(&["doctor"]);
    let c = d["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["limit"] == "RLIMIT_MSGQUEUE")
        .unwrap_or_else(|| panic!("{d}"));
    // A typed note (code and words), whatever the status.
    let note = c["notes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["code"] == "rlimit-counts-every-namespace")
        .unwrap_or_else(|| panic!("{c}"));
    assert!(
        note["text"]
            .as_str()
            .unwrap()
            .contains("all IPC namespaces"),
        "{c}"
    );
    drop(q);
}

#[test]
fn shm_lock_cuser_and_the_ipcs_u_summary() {
    let shm = Shm::new(8192, 0o600);
    let r = format!("shm:{}", shm.id);
    // SAFETY: plain syscall on our own segment (root, or within RLIMIT_MEMLOCK).
    let locked = unsafe { libc::shmctl(shm.id, libc::SHM_LOCK, std::ptr::null_mut()) };
    assert_eq!(locked, 0, "SHM_LOCK: {}", std::io::Error::last_os_error());
    let l = run_json(&["list", "shm", "--key", &format!("0x{:08x}", shm.key)]);
    let o = find(&l, &r).unwrap_or_else(|| panic!("{l}"));
    assert_eq!(o["locked"], true, "{o}");
    // The creator's names, looked up like the owner's.
    assert!(o["cuser"].is_string() && o["cuser"] == o["user"], "{o}");
    assert!(o["cgroup"].is_string() && o["cgroup"] == o["group"], "{o}");
    let cells = run(&[
        "list",
        "shm",
        "--key",
        &format!("0x{:08x}", shm.key),
        "-o",
        "ref,perms",
        "--no-headings",
    ]);
    assert_eq!(
        stdout(&cells).split_whitespace().collect::<Vec<_>>(),
        [r.as_str(), "0600", "locked"]
    );
    let show = run(&["show", &r]);
    let text = stdout(&show);
    let line = text
        .lines()
        .find(|l| l.starts_with("locked"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains("yes"), "{line}");
    let creator = text.lines().find(|l| l.starts_with("creator")).unwrap();
    assert!(creator.contains(o["cuser"].as_str().unwrap()), "{creator}");
    let s = run_json(&["show", &r]);
    assert_eq!(s["locked"], true);
    // SAFETY: as above.
    unsafe { libc::shmctl(shm.id, libc::SHM_UNLOCK, std::ptr::null_mut()) };
    assert_eq!(run_json(&["show", &r])["locked"], false);
    // Not shm: null.
    let q = Msg::new(0o600);
    assert!(run_json(&["show", &format!("msg:{}", q.id)])["locked"].is_null());

    // limits: the ipcs -u summary counts our segment and queue (other tests may add more).
    q.send(1, b"abc");
    let v = run_json(&["limits"]);
    let get = |n: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|l| l["name"] == n)
            .unwrap_or_else(|| panic!("no {n}: {v}"))
            .clone()
    };
    assert!(get("SHM_SEGMENTS")["used"].as_u64().unwrap() >= 1);
    assert!(get("SHM_PAGES")["used"].as_u64().unwrap() >= 2);
    assert!(get("MSG_HEADERS")["used"].as_u64().unwrap() >= 1);
    assert!(get("MSG_BYTES")["used"].as_u64().unwrap() >= 3);
    for n in [
        "SHM_RESIDENT",
        "SHM_SWAPPED",
        "SEM_SETS",
        "SEM_SEMAPHORES",
        "MSG_QUEUES",
    ] {
        let x = get(n);
        assert!(
            x["used"].is_u64() && x["limit"].is_null() && x["percent"].is_null(),
            "{x}"
        );
    }
    let t = stdout(&run(&["limits"]));
    assert!(t.contains("ipcs -u") && t.contains("SHM_RESIDENT"), "{t}");
}

/// Complete a bash command line with the checked-in bash script (as bash would: words split
/// at ':' too), with this build's ipcctl first in PATH.
fn bash_complete(line: &str) -> Vec<String> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/completions/ipcctl.bash");
    let bin_dir = std::path::Path::new(BIN).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let o = std::process::Command::new("bash")
        .args([
            "--norc",
            "--noprofile",
            "-c",
            r#"source "$1" || exit 3
               COMP_LINE="$2"; COMP_POINT=${#COMP_LINE}
               read -ra COMP_WORDS <<< "$(printf '%s' "$COMP_LINE" | sed 's/:/ : /g')"
               [[ "$COMP_LINE" == *[[:space:]] ]] && COMP_WORDS+=("")
               COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
               _ipcctl ipcctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
               printf '%s\n' "${COMPREPLY[@]}""#,
            "bash",
            script,
            line,
        ])
        .env("PATH", path)
        .output()
        .expect("run bash");
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o).lines().map(str::to_string).collect()
}

#[test]
fn completion_offers_live_refs_and_no_hidden_options() {
    let shm = Shm::new(4096, 0o600);
    // bash keeps 'shm:' in its own words: the candidates are what follows it (other
    // segments whose id starts with ours may be offered too).
    let got = bash_complete(&format!("ipcctl show shm:{}", shm.id));
    assert!(got.contains(&shm.id.to_string()), "{got:?}");
    assert!(
        got.iter().all(|w| w.starts_with(&shm.id.to_string())),
        "{got:?}"
    );
    assert_eq!(
        got,
        [format!("{}", shm.id)],
        "bash keeps 'shm:' in its own words"
    );
    let got = bash_complete("ipcctl show sh");
    assert!(got.contains(&format!("shm:{}", shm.id)), "{got:?}");
    let got = bash_complete(&format!("ipcctl --ns 1 rm shm:{} sh", shm.id));
    assert!(
        got.contains(&format!("shm:{}", shm.id)),
        "rm takes several: {got:?}"
    );
    // After the REF of `sem` come its operations, not more refs.
    let got = bash_complete(&format!("ipcctl sem sem:{} ", shm.id));
    assert!(got.contains(&"post".to_string()), "{got:?}");
    // Static completion still works, and the hidden --root is never offered.
    assert!(bash_complete("ipcctl li").contains(&"list".to_string()));
    for line in ["ipcctl --r", "ipcctl list --r", "ipcctl show --"] {
        let got = bash_complete(line);
        assert!(!got.iter().any(|w| w == "--root"), "{line}: {got:?}");
    }
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let o = run(&["completions", shell]);
        assert!(o.status.success());
        let text = stdout(&o);
        assert!(!text.contains("Root of the /proc"), "{shell} offers --root");
    }
    // The helper the scripts call: refs by prefix, one per line.
    let o = run(&["__complete", "refs", &format!("shm:{}", shm.id)]);
    let me = format!("shm:{}", shm.id);
    assert!(stdout(&o).lines().any(|l| l == me), "{}", stdout(&o));
    assert!(
        stdout(&o).lines().all(|l| l.starts_with(&me)),
        "{}",
        stdout(&o)
    );
}
