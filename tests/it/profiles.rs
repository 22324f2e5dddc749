//! Application profiles against real objects and processes: objects made by the real library
//! (Python multiprocessing), objects named like PyTorch's with a dead and a live creator pid,
//! the PID-reuse guard on a pid from a name, a liveness hint, `--app`, `show`, a user profile
//! directory overriding a built-in, and a malformed profile file reported with file:line.

use std::ffi::CString;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

use serde_json::Value;

use crate::common::{run, run_json, stderr, stdout};

static N: AtomicU32 = AtomicU32::new(0);

/// A /dev/shm object with a name an application would use, unique to this test run
/// (`torch_<pid>_<test pid><n>_0`), removed on drop.
struct Named {
    name: String,
}

impl Named {
    fn create(name: String) -> Named {
        let c = CString::new(format!("/{name}")).unwrap();
        // SAFETY: valid name; the fd is closed at once.
        unsafe {
            let fd = libc::shm_open(
                c.as_ptr(),
                libc::O_CREAT | libc::O_EXCL | libc::O_RDWR,
                0o600,
            );
            assert!(
                fd >= 0,
                "shm_open {name}: {}",
                std::io::Error::last_os_error()
            );
            assert_eq!(libc::ftruncate(fd, 4096), 0);
            libc::close(fd);
        }
        Named { name }
    }

    /// Named like a PyTorch shared tensor made by `pid`.
    fn torch(pid: u32) -> Named {
        let n = N.fetch_add(1, Ordering::SeqCst);
        Named::create(format!("torch_{pid}_{}{n:03}_0", std::process::id()))
    }

    fn reference(&self) -> String {
        format!("pshm:/{}", self.name)
    }
}

impl Drop for Named {
    fn drop(&mut self) {
        let c = CString::new(format!("/{}", self.name)).unwrap();
        // SAFETY: valid name.
        unsafe { libc::shm_unlink(c.as_ptr()) };
    }
}

/// A child process, killed and reaped on drop.
struct Proc(Child);

impl Proc {
    fn pid(&self) -> u32 {
        self.0.id()
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn sleeper(program: &Path) -> Proc {
    Proc(
        Command::new(program)
            .arg("600")
            .stdin(Stdio::null())
            .spawn()
            .expect("spawn sleep"),
    )
}

/// A pid that was alive a moment ago and is dead (reaped) now.
fn dead_pid() -> u32 {
    let mut c = Command::new("true").spawn().expect("spawn true");
    let pid = c.id();
    c.wait().expect("wait true");
    pid
}

use crate::common::reasons;

fn orphan_entry(r: &str, extra: &[&str]) -> Value {
    let mut args = vec!["orphans", "--all", "pshm"];
    args.extend_from_slice(extra);
    let list = crate::orphans::judge_json(&args);
    crate::common::find(&list, r)
        .unwrap_or_else(|| panic!("{r} not listed"))
        .clone()
}

#[test]
#[ignore = "needs root: unshare --pid"]
fn torch_name_with_a_dead_creator_pid_is_an_orphan_naming_the_profile() {
    // Verdicts need every process inspectable (not so for pid 1 on some VMs).
    if !crate::common::in_own_pid_ns(
        "profiles::torch_name_with_a_dead_creator_pid_is_an_orphan_naming_the_profile",
    ) {
        return;
    }
    let pid = dead_pid();
    let obj = Named::torch(pid);
    let o = orphan_entry(&obj.reference(), &[]);
    assert_eq!(o["app"]["name"], "pytorch", "{o}");
    assert_eq!(o["app"]["profile"], "pytorch/tensor");
    assert_eq!(o["app"]["detail"], format!("creator pid {pid}"));
    assert_eq!(o["state"], "orphan", "{o}");
    let why = reasons(&o);
    assert!(
        why.iter()
            .any(|w| w
                == &format!("profile pytorch/tensor: creator pid {pid} from the name is dead")),
        "{why:?}"
    );
}

#[test]
#[ignore = "needs root: unshare --pid"]
fn torch_name_with_a_live_creator_pid_is_in_use() {
    // Verdicts need every process inspectable (not so for pid 1 on some VMs).
    if !crate::common::in_own_pid_ns("profiles::torch_name_with_a_live_creator_pid_is_in_use") {
        return;
    }
    let p = sleeper(Path::new("sleep"));
    // Made after the process started: the pid in the name is plausibly its creator.
    let obj = Named::torch(p.pid());
    let o = orphan_entry(&obj.reference(), &[]);
    assert_eq!(o["state"], "in-use", "{o}");
    let why = reasons(&o);
    assert!(
        why.iter().any(|w| w.contains(&format!(
            "profile pytorch/tensor: creator pid {} (sleep) from the name is alive",
            p.pid()
        ))),
        "{why:?}"
    );
    // Not an orphan: orphans without --all leaves it out.
    let list = run_json(&["orphans", "pshm"]);
    assert!(crate::common::find(&list, &obj.reference()).is_none());
}

/// The PID-reuse guard applies to a pid from a name as to a kernel cpid: a live process
/// with that pid that started after the object existed is not its creator.
#[test]
#[ignore = "needs root: unshare --pid"]
fn a_reused_pid_from_a_name_counts_as_dead() {
    // Verdicts need every process inspectable (not so for pid 1 on some VMs).
    if !crate::common::in_own_pid_ns("profiles::a_reused_pid_from_a_name_counts_as_dead") {
        return;
    }
    use ipcctl::analysis::orphans::{self, Policy};
    use ipcctl::analysis::profiles::{self, Profiles};
    use ipcctl::collect::{self, Source, holders};
    use ipcctl::model::{Kind, State};
    use ipcctl::render::evidence::reason;

    let pid = dead_pid();
    let obj = Named::torch(pid);
    let src = Source::new("/");
    let mut inv = collect::collect(&src, &[Kind::Pshm]);
    inv.objects
        .retain(|o| o.name.as_deref() == Some(&*format!("/{}", obj.name)));
    let mut scan = holders::scan(&src, &inv.objects);
    scan.attach(&mut inv.objects);
    Profiles::builtin().annotate(&mut inv.objects, false);
    let o = inv.objects.first().expect("listed").clone();
    assert_eq!(o.app.as_ref().and_then(|a| a.creator_pid), Some(pid as i32));
    let first = [o.ctime, o.mtime, o.atime]
        .into_iter()
        .flatten()
        .min()
        .unwrap();
    let impostor = |start: i64| holders::Proc {
        pid: pid as i32,
        comm: "impostor".into(),
        zombie: false,
        start: Some(start),
        same_ipc_ns: Some(true),
        uid: 0,
        unreadable: false,
        kthread: false,
        threads: 1,
        leader_exited: false,
        creds: None,
    };
    let judge = |scan: &holders::HolderScan| {
        let policy = Policy {
            settle: 0,
            ..Policy::now()
        };
        let mut v = vec![o.clone()];
        let j = orphans::judge_premises(&v[0], scan, &policy, None);
        v[0].state = Some(j.state);
        v[0].orphan_reasons = ipcctl::model::Reasons(Some(j.why));
        v[0].premises = j.premises;
        profiles::refine_all(&ipcctl::collect::Source::new("/"), &mut v, scan, &policy);
        let mut o = v.remove(0);
        (o.state.unwrap(), o.orphan_reasons.take().unwrap())
    };
    // Started an hour after the object existed: beyond any clock-step tolerance. The
    // creator is dead (root's object: unknown or likely at most, never in use).
    scan.procs.insert(pid as i32, impostor(first + 3600));
    let (state, why) = judge(&scan);
    assert_ne!(state, State::InUse, "{why:?}");
    assert!(
        why.iter()
            .any(|w| reason(w).contains("now belongs to impostor")),
        "{why:?}"
    );
    scan.procs.insert(pid as i32, impostor(first - 5));
    let (state, why) = judge(&scan);
    assert_eq!(state, State::InUse, "{why:?}");
}

/// Python's multiprocessing makes the objects itself; each is named python's, and is in use
/// while the program maps / holds it.
#[test]
fn python_multiprocessing_objects_are_named_by_the_python_profile() {
    let script = r#"
import multiprocessing as mp, multiprocessing.shared_memory as sm, sys
m = sm.SharedMemory(create=True, size=4096)
lock = mp.get_context("spawn").Lock()
print(m.name.lstrip("/"), lock._semlock.name.lstrip("/"), flush=True)
sys.stdin.read()
m.close(); m.unlink()
"#;
    // stderr piped: were the program killed (a failing test), Python's resource_tracker
    // would report the leaked block and lock there, not amid the test run's output.
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let mut it = line.split_whitespace();
    let (shm, sem) = (
        it.next().unwrap().to_string(),
        it.next().unwrap().to_string(),
    );
    // Killed on drop if the test fails; it ends cleanly below (stdin closes): it unlinks
    // its block, the tracker the lock.
    let mut guard = Proc(child);
    assert!(shm.starts_with("psm_"), "{line}");
    assert!(sem.starts_with("mp-"), "{line}");
    let list = run_json(&["list", "pshm", "psem"]);
    let m = crate::common::find(&list, &format!("pshm:/{shm}")).expect("block listed");
    assert_eq!(m["app"]["profile"], "python/shared-memory", "{m}");
    assert_eq!(m["app"]["name"], "python");
    let s = crate::common::find(&list, &format!("psem:/{sem}")).expect("lock listed");
    assert_eq!(s["app"]["profile"], "python/semaphore", "{s}");
    let o = orphan_entry(&format!("pshm:/{shm}"), &[]);
    assert_eq!(o["state"], "in-use", "{o}");
    // --app keeps exactly python's objects.
    let only = run_json(&["list", "pshm", "psem", "--app", "python"]);
    assert!(
        only.as_array()
            .unwrap()
            .iter()
            .all(|o| o["app"]["name"] == "python"),
        "{only}"
    );
    assert!(crate::common::find(&only, &format!("pshm:/{shm}")).is_some());
    // A clean end: nothing leaked, so Python has nothing to warn about.
    drop(guard.0.stdin.take());
    let mut err = String::new();
    std::io::Read::read_to_string(&mut guard.0.stderr.take().unwrap(), &mut err).unwrap();
    assert!(guard.0.wait().unwrap().success(), "{err}");
    assert!(!err.contains("resource_tracker"), "{err}");
}

#[test]
#[ignore = "needs root: unshare --pid"]
fn show_prints_the_profiles_description_and_hint() {
    // Verdicts need every process inspectable (not so for pid 1 on some VMs).
    if !crate::common::in_own_pid_ns("profiles::show_prints_the_profiles_description_and_hint") {
        return;
    }
    let pid = dead_pid();
    let obj = Named::torch(pid);
    let o = crate::orphans::judge_run(&["show", &obj.reference()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("app          PyTorch (profile pytorch/tensor, creator pid "),
        "{text}"
    );
    assert!(
        text.contains("description  PyTorch tensor storage"),
        "{text}"
    );
    assert!(
        text.contains(&format!("safe to remove when pid {pid} is dead")),
        "{text}"
    );
    assert!(text.contains("state        orphan"), "{text}");
    let j = crate::orphans::judge_json(&["show", &obj.reference()]);
    // The JSON contract: {name, source, profile, detail} (`pids` only when processes named
    // it), nothing more.
    let keys: Vec<&String> = j["app"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["detail", "name", "profile", "source"]);
    assert_eq!(j["app"]["source"], "profile");
}

#[test]
fn objects_no_profile_knows_have_app_null_and_a_dash() {
    let p = crate::common::Pshm::new("plain", 4096);
    let r = format!("pshm:/{}", p.name);
    let list = run_json(&["list", "pshm"]);
    assert!(crate::common::find(&list, &r).expect("listed")["app"].is_null());
    let o = run(&["list", "pshm", "-o", "ref,app", "--no-headings"]);
    let line = stdout(&o)
        .lines()
        .find(|l| l.starts_with(&r))
        .map(str::to_string)
        .expect("row");
    assert!(line.trim_end().ends_with(" -"), "{line}");
}

#[test]
fn unknown_app_is_a_usage_error_listing_the_known_ones() {
    let o = run(&["list", "--app", "no-such-app"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("--app: no profile names an application 'no-such-app'"),
        "{e}"
    );
    assert!(e.contains("pytorch") && e.contains("postgresql"), "{e}");
    let o = run(&["list", "--profiles", "/nonexistent-ipcctl-profiles"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--profiles: /nonexistent-ipcctl-profiles"));
}

#[test]
fn a_user_profile_directory_overrides_a_builtin_and_adds_an_app() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pytorch.toml"),
        r#"
app = "pytorch"
title = "Our PyTorch"
[[object]]
id = "ours"
kind = ["pshm"]
glob = "torch_*"
description = "our tensors"
"#,
    )
    .unwrap();
    let tag = format!("ipcctl-test-{}-frames", std::process::id());
    std::fs::write(
        dir.path().join("frames.toml"),
        format!(
            r#"
app = "frames"
[[object]]
id = "ring"
kind = ["pshm"]
name = '{tag}-(?P<cam>[0-9]+)'
detail = "camera {{cam}}"
description = "frame ring of camera {{cam}}"
"#
        ),
    )
    .unwrap();
    let torch = Named::torch(dead_pid());
    let frames = Named::create(format!("{tag}-7"));
    let d = dir.path().to_str().unwrap();
    let list = run_json(&["--profiles", d, "orphans", "--all", "pshm"]);
    let t = crate::common::find(&list, &torch.reference()).expect("torch listed");
    assert_eq!(t["app"]["profile"], "pytorch/ours", "{t}");
    assert!(t["app"]["detail"].is_null());
    // The override has no creator pid: the name's pid is no evidence any more.
    assert!(
        !reasons(t).iter().any(|w| w.contains("from the name")),
        "{t}"
    );
    let f = crate::common::find(&list, &frames.reference()).expect("frames listed");
    assert_eq!(f["app"]["name"], "frames", "{f}");
    assert_eq!(f["app"]["detail"], "camera 7");
    // Without the directory the built-in is back.
    let t = orphan_entry(&torch.reference(), &[]);
    assert_eq!(t["app"]["profile"], "pytorch/tensor");
}

#[test]
fn a_malformed_profile_file_is_reported_with_file_and_line_and_the_rest_load() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("broken.toml"),
        "app = \"broken\"\n\n[[object]\nid = \"x\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("badregex.toml"),
        "app = \"badregex\"\n[[object]]\nid = \"x\"\nkind = [\"pshm\"]\nname = 'a(('\ndescription = \"d\"\n",
    )
    .unwrap();
    let tag = format!("ipcctl-test-{}-good", std::process::id());
    std::fs::write(
        dir.path().join("good.toml"),
        format!(
            "app = \"good\"\n[[object]]\nid = \"x\"\nkind = [\"pshm\"]\nglob = \"{tag}-*\"\ndescription = \"d\"\n"
        ),
    )
    .unwrap();
    let good = Named::create(format!("{tag}-1"));
    let d = dir.path().to_str().unwrap();
    let o = run(&["--profiles", d, "list", "pshm", "--json"]);
    assert!(o.status.success(), "never fatal: {}", stderr(&o));
    let e = stderr(&o);
    let broken = dir.path().join("broken.toml");
    let badregex = dir.path().join("badregex.toml");
    assert!(
        e.contains(&format!("profile {}:3: ", broken.display())),
        "{e}"
    );
    assert!(
        e.contains(&format!(
            "profile {}:5: name: bad regex",
            badregex.display()
        )),
        "{e}"
    );
    let list: Value = serde_json::from_slice(&o.stdout).unwrap();
    let g = crate::common::find(&list, &good.reference()).expect("listed");
    assert_eq!(g["app"]["name"], "good");
    // The built-ins still load too.
    let torch = Named::torch(dead_pid());
    let o = run(&["--profiles", d, "list", "pshm", "--json"]);
    let list: Value = serde_json::from_slice(&o.stdout).unwrap();
    let t = crate::common::find(&list, &torch.reference()).expect("listed");
    assert_eq!(t["app"]["name"], "pytorch");
}

/// A liveness hint only makes a verdict more careful: with a process of the application
/// running, an object nobody maps is `unknown`, not `orphan`.
#[test]
#[ignore = "needs root: unshare --pid"]
fn a_liveness_hint_keeps_an_unmapped_object_from_being_called_an_orphan() {
    // Verdicts need every process inspectable (not so for pid 1 on some VMs).
    if !crate::common::in_own_pid_ns(
        "profiles::a_liveness_hint_keeps_an_unmapped_object_from_being_called_an_orphan",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // A program with a command name of its own (comm is 15 bytes at most).
    let prog = dir.path().join("ipcctl-livehint");
    std::fs::copy(
        Command::new("sh")
            .args(["-c", "command -v sleep"])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap(),
        &prog,
    )
    .unwrap();
    let tag = format!("ipcctl-test-{}-hint", std::process::id());
    let profiles = dir.path().join("profiles");
    std::fs::create_dir(&profiles).unwrap();
    std::fs::write(
        profiles.join("hint.toml"),
        format!(
            r#"
app = "hinted"
title = "Hinted"
[[object]]
id = "seg"
kind = ["pshm"]
name = '{tag}-(?P<pid>[0-9]+)'
creator_pid = "pid"
description = "d"
live_while = {{ comm = ["ipcctl-livehint"], same_uid = true }}
"#
        ),
    )
    .unwrap();
    let obj = Named::create(format!("{tag}-{}", dead_pid()));
    let d = profiles.to_str().unwrap();
    // Without the application running: the dead creator makes it an orphan.
    let o = orphan_entry(&obj.reference(), &["--profiles", d]);
    assert_eq!(o["state"], "orphan", "{o}");
    // SAFETY: no preconditions.
    let uid = unsafe { libc::geteuid() }.to_string();
    let pattern = format!("{tag}-*");
    let plan = |d: &str| {
        let p = crate::orphans::judge_json(&[
            "--profiles",
            d,
            "clean",
            "pshm",
            "--owner",
            &uid,
            "--name",
            &pattern,
        ]);
        crate::common::find(&p, &obj.reference())
            .map(|e| e["action"].clone())
            .unwrap_or(Value::Null)
    };
    assert_eq!(plan(d), "would-remove");
    let p = sleeper(&prog);
    // Wait until the process runs under its own name (after exec).
    let comm = format!("/proc/{}/comm", p.pid());
    for _ in 0..200 {
        if std::fs::read_to_string(&comm).is_ok_and(|c| c.trim() == "ipcctl-livehint") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let o = orphan_entry(&obj.reference(), &["--profiles", d]);
    assert_eq!(o["state"], "unknown", "{o}");
    assert!(
        reasons(&o).iter().any(|w| w.starts_with(&format!(
            "profile hinted/seg: 1 Hinted process(es) run: {} (ipcctl-livehint)",
            p.pid()
        ))),
        "{o}"
    );
    // `clean` leaves it alone now.
    assert_ne!(plan(d), "would-remove");
}

/// Processes (by pid) whose parent is `ppid`.
fn children_of(ppid: u32) -> Vec<u32> {
    let mut out = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // pid (comm) state ppid ...: the comm may hold spaces, so split after the last ')'.
        let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
        if rest.split_whitespace().nth(1) == Some(&ppid.to_string()) {
            out.push(pid);
        }
    }
    out
}

/// Gone or a zombie.
fn is_dead(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(s) => {
            s.rsplit_once(')')
                .and_then(|(_, r)| r.split_whitespace().next())
                == Some("Z")
        }
    }
}

/// Live processes named `postgres` owned by uid `uid` (other than `except`).
fn postgres_running(uid: u32, except: &[u32]) -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::read_dir("/proc").unwrap().flatten().any(|e| {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else {
            return false;
        };
        !except.contains(&pid)
            && !is_dead(pid)
            && std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .is_ok_and(|c| c.trim() == "postgres")
            && e.metadata().is_ok_and(|m| m.uid() == uid)
    })
}

/// A PostgreSQL server run by the test, with what it left behind: killed, and its objects
/// removed, on drop.
struct Postgres {
    dir: tempfile::TempDir,
    server: Option<Child>,
    pids: Vec<u32>,
    shmid: Option<i32>,
    dsm: Vec<String>,
    /// PostgreSQL.* names in /dev/shm before our server started, and the postgres uid.
    before: Vec<String>,
    uid: u32,
}

impl Drop for Postgres {
    fn drop(&mut self) {
        if let Some(mut s) = self.server.take() {
            let _ = s.kill();
            let _ = s.wait();
        }
        for p in &self.pids {
            // SAFETY: plain kill(2) of a process this test started.
            unsafe { libc::kill(*p as i32, libc::SIGKILL) };
        }
        if let Some(id) = self.shmid {
            // SAFETY: IPC_RMID takes no buffer.
            unsafe { libc::shmctl(id, libc::IPC_RMID, std::ptr::null_mut()) };
        }
        // Segments our server made after we looked (pinned ones nobody maps) are ours too,
        // unless another PostgreSQL of that user runs and could have made them.
        let mut names = self.dsm.clone();
        if !postgres_running(self.uid, &self.pids) {
            use std::os::unix::fs::MetadataExt;
            for e in std::fs::read_dir("/dev/shm")
                .into_iter()
                .flatten()
                .flatten()
            {
                let n = e.file_name().to_string_lossy().into_owned();
                if n.starts_with("PostgreSQL.")
                    && !self.before.iter().any(|b| b[1..] == n)
                    && e.metadata().is_ok_and(|m| m.uid() == self.uid)
                    && !names.contains(&n)
                {
                    names.push(n);
                }
            }
        }
        for n in &names {
            let c = CString::new(format!("/{n}")).unwrap();
            // SAFETY: valid name.
            unsafe { libc::shm_unlink(c.as_ptr()) };
        }
        let _ = self.dir.path();
    }
}

/// PostgreSQL 15 run here: its main System V segment (key = the data directory's inode) and
/// its dynamic shared memory segments are named PostgreSQL's; after the postmaster is
/// SIGKILLed the main segment is an orphan (creator dead), and a DSM-named segment of the
/// postgres user is `unknown` while any postgres process of that user runs (liveness hint:
/// PostgreSQL pins segments nobody maps).
#[test]
#[ignore = "needs root and PostgreSQL 15 (/usr/lib/postgresql/15/bin; installed by .ci/run)"]
fn postgresql_objects_are_named_and_judged_after_a_crash() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    use std::os::unix::process::CommandExt;
    crate::common::require_root();
    // Verdicts need every process inspectable (not so for pid 1 on some VMs).
    if !crate::common::in_own_pid_ns(
        "profiles::postgresql_objects_are_named_and_judged_after_a_crash",
    ) {
        return;
    }
    let bin = Path::new("/usr/lib/postgresql/15/bin");
    assert!(
        bin.join("postgres").exists(),
        "PostgreSQL 15 is not installed"
    );
    let uid = nix_uid("postgres");
    let (pg_uid, pg_gid) = uid;
    let dir = tempfile::Builder::new()
        .prefix("ipcctl-test-pg")
        .tempdir()
        .unwrap();
    std::os::unix::fs::chown(dir.path(), Some(pg_uid), Some(pg_gid)).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    let data = dir.path().join("data");
    let o = Command::new(bin.join("initdb"))
        .args(["-A", "trust", "--no-sync", "-U", "postgres", "-D"])
        .arg(&data)
        .uid(pg_uid)
        .gid(pg_gid)
        .env("LC_ALL", "C")
        .output()
        .unwrap();
    assert!(o.status.success(), "initdb: {}", stderr(&o));
    // DSM segments that exist before our server starts are not ours.
    let before: Vec<String> = std::fs::read_dir("/dev/shm")
        .unwrap()
        .flatten()
        .map(|e| format!("/{}", e.file_name().to_string_lossy()))
        .filter(|n| n.starts_with("/PostgreSQL."))
        .collect();
    let port = (40000 + std::process::id() % 20000).to_string();
    let server = Command::new(bin.join("postgres"))
        .arg("-D")
        .arg(&data)
        .arg("-k")
        .arg(dir.path())
        .args(["-c", "listen_addresses=", "-p", &port])
        .args(["-c", "dynamic_shared_memory_type=posix"])
        .uid(pg_uid)
        .gid(pg_gid)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let postmaster = server.id();
    let mut pg = Postgres {
        dir,
        server: Some(server),
        pids: Vec::new(),
        shmid: None,
        dsm: Vec::new(),
        before: before.clone(),
        uid: pg_uid,
    };
    // postmaster.pid: line 7 is "KEY SHMID", line 8 the status ("ready" once up).
    let pidfile = data.join("postmaster.pid");
    let mut lines: Vec<String> = Vec::new();
    for _ in 0..600 {
        lines = std::fs::read_to_string(&pidfile)
            .unwrap_or_default()
            .lines()
            .map(|l| l.trim().to_string())
            .collect();
        if lines.get(7).is_some_and(|s| s == "ready") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(lines.get(7).map(String::as_str), Some("ready"), "{lines:?}");
    let mut ks = lines[6].split_whitespace();
    let key: u32 = ks.next().unwrap().parse().unwrap();
    let shmid: i32 = ks.next().unwrap().parse().unwrap();
    pg.shmid = Some(shmid);
    // The key derivation the profile states: the data directory's inode (the next key on a
    // collision).
    let ino = std::fs::metadata(&data).unwrap().ino() as u32;
    assert!(
        (ino..ino.saturating_add(16)).contains(&key),
        "key {key} inode {ino}"
    );

    let list = run_json(&["list", "shm", "pshm"]);
    let main = crate::common::find(&list, &format!("shm:{shmid}")).expect("main segment");
    assert_eq!(main["app"]["profile"], "postgresql/main", "{main}");
    // Our server's segments: new since it started, mapped only by its processes (the
    // postmaster maps the control segment; pinned segments may be mapped by nobody).
    let tree: Vec<u32> = std::iter::once(postmaster)
        .chain(children_of(postmaster))
        .collect();
    let pids = |o: &Value| -> Vec<u32> {
        o["holders"]
            .as_array()
            .map(|h| {
                h.iter()
                    .filter_map(|h| h["pid"].as_u64())
                    .map(|p| p as u32)
                    .collect()
            })
            .unwrap_or_default()
    };
    let dsm: Vec<&Value> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["app"]["profile"] == "postgresql/dsm")
        .filter(|o| !before.iter().any(|b| o["name"] == b.as_str()))
        .filter(|o| pids(o).iter().all(|p| tree.contains(p)))
        .collect();
    for d in &dsm {
        let name = d["name"]
            .as_str()
            .unwrap()
            .trim_start_matches('/')
            .to_string();
        let handle = name.trim_start_matches("PostgreSQL.");
        assert_eq!(d["app"]["detail"], format!("handle {handle}"), "{d}");
        pg.dsm.push(name);
    }
    assert!(
        dsm.iter().any(|o| pids(o).contains(&postmaster)),
        "no DSM segment mapped by our postmaster: {list}"
    );

    // A leftover named like a DSM segment of the postgres user, which nobody maps.
    let leftover = Named::create(format!(
        "PostgreSQL.{}{:03}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let path = format!("/dev/shm/{}", leftover.name);
    std::os::unix::fs::chown(&path, Some(pg_uid), Some(pg_gid)).unwrap();
    let o = orphan_entry(&leftover.reference(), &[]);
    assert_eq!(o["state"], "unknown", "postgres runs: {o}");
    assert!(
        reasons(&o)
            .iter()
            .any(|w| w.starts_with("profile postgresql/dsm: ")
                && w.contains("PostgreSQL process(es) run")),
        "{o}"
    );

    // Crash: SIGKILL the postmaster; its children notice and exit.
    pg.pids = children_of(postmaster);
    let mut s = pg.server.take().unwrap();
    s.kill().unwrap();
    s.wait().unwrap();
    for _ in 0..600 {
        if pg.pids.iter().all(|p| is_dead(*p)) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(pg.pids.iter().all(|p| is_dead(*p)), "children live on");
    let list = crate::orphans::judge_json(&["orphans", "--all", "shm", "pshm"]);
    let main = crate::common::find(&list, &format!("shm:{shmid}")).expect("left behind");
    assert_eq!(main["state"], "orphan", "{main}");
    assert_eq!(main["app"]["name"], "postgresql");
    let others = postgres_running(pg_uid, &pg.pids);
    for name in pg.dsm.iter().chain([&leftover.name]) {
        let o = crate::common::find(&list, &format!("pshm:/{name}")).expect("left behind");
        let state = o["state"].as_str().unwrap();
        if others {
            assert_eq!(state, "unknown", "another postgres runs: {o}");
        } else {
            assert!(matches!(state, "orphan" | "likely-orphan"), "{o}");
        }
    }
}

/// (uid, gid) of a user, from the passwd database.
fn nix_uid(user: &str) -> (u32, u32) {
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap();
    passwd
        .lines()
        .find_map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            (f.first() == Some(&user)).then(|| (f[2].parse().unwrap(), f[3].parse().unwrap()))
        })
        .unwrap_or_else(|| panic!("no user {user}"))
}

/// Regression: the scan recorded the owner only of processes it could not inspect (every
/// other one read as uid 0), so a liveness hint with `same_uid` never saw another user's
/// application (a running PostgreSQL did not keep its DSM segments from `likely-orphan`).
/// As root the process runs as `nobody`; otherwise as ourselves (never uid 0 then).
#[test]
fn the_judging_scan_records_every_processs_owner() {
    use ipcctl::collect::{Source, holders};
    use std::os::unix::process::CommandExt;
    let want = if crate::common::is_root() {
        65534
    } else {
        // SAFETY: no preconditions.
        unsafe { libc::geteuid() }
    };
    let mut cmd = Command::new("sleep");
    cmd.arg("600");
    if crate::common::is_root() {
        cmd.uid(want).gid(65534);
    }
    let p = Proc(cmd.spawn().expect("spawn sleep"));
    let src = Source::new("/");
    let mut scan = holders::scan_for(&src, &holders::Needs::all(&src, &[]));
    // Judging reads every process's owner (liveness hints name one uid's processes).
    scan.resolve_creds(&src);
    let me = scan.procs.get(&(p.pid() as i32)).expect("in the scan");
    assert_eq!(me.uid, want, "{me:?}");
}

/// Chromium unlinks its /dev/shm file right after creating it: such memory shows only as
/// unlinked-but-mapped, and is still named Chromium's.
#[test]
fn an_unlinked_but_mapped_chromium_file_is_named_chromiums() {
    // mkstemp's six characters, unique to this run.
    let six: String = format!("{:06}", std::process::id() % 1_000_000)
        .chars()
        .map(|c| (b'a' + (c as u8 - b'0')) as char)
        .collect();
    let name = format!(".org.chromium.Chromium.{six}");
    let script = format!(
        r#"
import mmap, os, sys
fd = os.open("/dev/shm/{name}", os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600)
os.ftruncate(fd, 8192)
m = mmap.mmap(fd, 8192)
os.close(fd)
os.unlink("/dev/shm/{name}")
print("ready", flush=True)
sys.stdin.read()
"#
    );
    let mut child = Command::new("python3")
        .args(["-c", &script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _guard = Proc(child);
    assert_eq!(line.trim(), "ready");
    let list = run_json(&["orphans", "--all", "pshm"]);
    let o = crate::common::find(&list, &format!("pshm:/{name} (deleted)")).expect("listed");
    assert_eq!(o["state"], "unlinked-mapped", "{o}");
    assert_eq!(o["app"]["profile"], "chromium/shm", "{o}");
    assert_eq!(o["app"]["detail"], "org.chromium.Chromium");
}

/// A named semaphore with a given name, unlinked on drop.
struct NamedSem {
    name: String,
}

impl NamedSem {
    fn create(name: String) -> NamedSem {
        let c = CString::new(format!("/{name}")).unwrap();
        // SAFETY: valid name; the handle is closed at once.
        unsafe {
            let s = libc::sem_open(c.as_ptr(), libc::O_CREAT | libc::O_EXCL, 0o600, 1u32);
            assert!(
                s != libc::SEM_FAILED,
                "sem_open {name}: {}",
                std::io::Error::last_os_error()
            );
            libc::sem_close(s);
        }
        NamedSem { name }
    }
}

impl Drop for NamedSem {
    fn drop(&mut self) {
        let c = CString::new(format!("/{}", self.name)).unwrap();
        // SAFETY: valid name.
        unsafe { libc::sem_unlink(c.as_ptr()) };
    }
}

/// Objects named as each built-in application names them (unique to this run), each matched
/// to its profile with the detail its name encodes.
#[test]
fn objects_named_like_each_builtin_application_are_matched_to_it() {
    let me = std::process::id();
    // SAFETY: no preconditions.
    let uid = unsafe { libc::geteuid() };
    let hex8 = format!("{:08x}", me.wrapping_mul(2_654_435_761));
    let pshm = [
        (
            format!("PostgreSQL.{me}001"),
            "postgresql/dsm",
            Some(format!("handle {me}001")),
        ),
        (format!("psm_{hex8}"), "python/shared-memory", None),
        (
            format!("torch_{me}_42_3"),
            "pytorch/tensor",
            Some(format!("creator pid {me}")),
        ),
        (
            format!("pulse-shm-{me}002"),
            "pulseaudio/shm",
            Some(format!("segment {me}002")),
        ),
        (
            format!("jack-{uid}-{me}"),
            "jack/segment",
            Some(format!("uid {uid}, registry index {me}")),
        ),
        (
            format!("jack_sem.{uid}_ipcctltest{me}_system"),
            "jack/semaphore",
            Some(format!("server ipcctltest{me}, client system")),
        ),
        (format!("iox2_ipcctl-test-{me}.shm"), "iceoryx2/shm", None),
        // Open MPI 4.1 puts the euid after the node name: not read as part of the node.
        (
            format!("vader_segment.ipcctl-test-{me}.{uid}.5e3a0001.0"),
            "openmpi/vader",
            Some(format!("job 5e3a0001, local rank 0, uid {uid}")),
        ),
        (
            format!("vader_segment.ipcctl-test-{me}.5e3a0001.0"),
            "openmpi/vader-4.0",
            Some("job 5e3a0001, local rank 0".to_string()),
        ),
    ];
    let made: Vec<Named> = pshm
        .iter()
        .map(|(n, _, _)| Named::create(n.clone()))
        .collect();
    let sems = [
        (format!("mp-t{}", &hex8[..7]), "python/semaphore"),
        (
            format!("jack_sem.{uid}_ipcctltest{me}_sem"),
            "jack/semaphore",
        ),
    ];
    let made_sems: Vec<NamedSem> = sems
        .iter()
        .map(|(n, _)| NamedSem::create(n.clone()))
        .collect();
    let list = run_json(&["list", "pshm", "psem"]);
    for ((name, profile, detail), obj) in pshm.iter().zip(&made) {
        let o = crate::common::find(&list, &obj.reference()).expect(name);
        assert_eq!(o["app"]["profile"], *profile, "{o}");
        match detail {
            Some(d) => assert_eq!(o["app"]["detail"], d.as_str(), "{o}"),
            None => assert!(o["app"]["detail"].is_null(), "{o}"),
        }
    }
    for ((name, profile), _) in sems.iter().zip(&made_sems) {
        let o = crate::common::find(&list, &format!("psem:/{name}")).expect(name);
        assert_eq!(o["app"]["profile"], *profile, "{o}");
    }
}
