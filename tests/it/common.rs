//! Test helpers: run the binary, unique names and keys, Drop guards for every object kind,
//! and private namespaces for what needs a mount.
//!
//! The suite never changes the host: it mounts nothing in the host's mount namespace (what
//! needs a mount runs in a child under `unshare --mount`), and a test that needs root is
//! `#[ignore = "needs root: ..."]`, calls `require_root()`, and is run by `.ci/run`.

#![allow(dead_code)]

use std::ffi::CString;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};

pub const BIN: &str = env!("CARGO_BIN_EXE_ipcctl");

/// A directory for the files tests make (compiled helpers, files to take ftok keys of): the
/// build's temporary directory when this uid may write there, else `ipcctl-test-<uid>` in
/// the system's temporary directory (the suite may run as another user than the one who
/// built it), made 0755 so other uids can run helpers from it, and used only when it is a
/// real directory of this uid that nobody else may write. Reused from run to run.
pub fn scratch() -> &'static std::path::Path {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    static DIR: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let target = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
        let rwx = nix::unistd::AccessFlags::W_OK | nix::unistd::AccessFlags::X_OK;
        if nix::unistd::access(&target, rwx).is_ok() {
            return target;
        }
        let uid = nix::unistd::getuid().as_raw();
        let dir = std::env::temp_dir().join(format!("ipcctl-test-{uid}"));
        match std::fs::create_dir(&dir) {
            Ok(()) => std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755))
                .expect("chmod the scratch directory"),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => panic!("cannot make {}: {e}", dir.display()),
        }
        let m = std::fs::symlink_metadata(&dir).expect("stat the scratch directory");
        assert!(
            m.is_dir() && m.uid() == uid && m.mode() & 0o022 == 0,
            "{} is not a directory of uid {uid} that only it may write",
            dir.display()
        );
        dir
    })
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A unique POSIX name: `ipcctl-test-<pid>-<n>-<tag>`.
pub fn unique_name(tag: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    format!("ipcctl-test-{}-{n}-{tag}", std::process::id())
}

/// A unique System V key: pid in the high bits, a counter in the low bits, never 0.
pub fn unique_key() -> u32 {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    0x4000_0000 | ((std::process::id() & 0x3fff) << 16) | (n & 0xffff) | 1 << 15
}

pub fn is_root() -> bool {
    // SAFETY: no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// Fail (never skip) a test that needs root. Such a test is also marked
/// `#[ignore = "needs root: ..."]`, so a plain `cargo test` as a normal user lists it as
/// ignored instead of passing it unchecked, and `.ci/run` runs it explicitly.
pub fn require_root() {
    assert!(
        is_root(),
        "this test needs root (it is #[ignore]d for that reason; run it as root with \
         `cargo test -- --ignored NAME`)"
    );
}

/// The old form of `require_root` (`if !need_root(..) { return; }`), kept so call sites
/// still compile: it no longer lets a test pass silently, it fails when not root.
pub fn need_root(test: &str) -> bool {
    assert!(is_root(), "{test}: needs root; see require_root");
    true
}

/// Check that POSIX queues made by the test are visible to the binary under test: either an
/// mqueue fs is mounted, or we are root and ipcctl mounts a private instance in a child
/// namespace. Never mounts anything itself (the suite must not change the host).
pub fn ensure_mqueue() {
    assert!(
        mqueue_mounted() || is_root(),
        "POSIX queue tests need an mqueue fs (mount -t mqueue none /dev/mqueue, as the \
         machine's setup) or root"
    );
}

/// Whether this process's mount namespace has an mqueue fs mounted anywhere.
pub fn mqueue_mounted() -> bool {
    std::fs::read_to_string("/proc/self/mounts").is_ok_and(|m| {
        m.lines()
            .any(|l| l.split_whitespace().nth(2) == Some("mqueue"))
    })
}

/// Whether the POSIX queue `/name` exists, asked of the kernel (`mq_open(O_RDONLY)`, which
/// changes nothing, not even the queue's times), so no mqueue mount is needed.
pub fn pmq_exists(name: &str) -> bool {
    let c = cstr(&format!("/{}", name.trim_start_matches('/')));
    // SAFETY: valid name; the descriptor is closed right away.
    unsafe {
        let fd = libc::mq_open(c.as_ptr(), libc::O_RDONLY);
        if fd >= 0 {
            libc::mq_close(fd);
            return true;
        }
    }
    let e = std::io::Error::last_os_error();
    assert_eq!(
        e.raw_os_error(),
        Some(libc::ENOENT),
        "mq_open(/{name}): {e}"
    );
    false
}

/// Run a shell command in a private mount namespace (`unshare --mount --propagation
/// private`; needs root) where no mqueue fs is mounted: every mqueue mount is detached
/// there first. The host's mounts are untouched.
pub fn without_mqueue(command: &str) -> Output {
    require_root();
    let script = format!(
        "awk '$3 == \"mqueue\" {{print $2}}' /proc/self/mounts | sort -r | \
           while read -r m; do umount -l \"$m\" || exit 98; done || exit 98; \
         grep -q ' mqueue ' /proc/self/mounts && exit 99; exec {command}"
    );
    let o = Command::new("unshare")
        .args(["--mount", "--propagation", "private", "sh", "-c", &script])
        .output()
        .expect("run unshare");
    assert!(
        !matches!(o.status.code(), Some(98 | 99)),
        "could not hide the mqueue fs in a private mount namespace: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// This process's mount table (`/proc/self/mountinfo`), to check that something left the
/// mounts as it found them.
pub fn mountinfo() -> String {
    std::fs::read_to_string("/proc/self/mountinfo").expect("read /proc/self/mountinfo")
}

/// Run ipcctl with arguments; returns the full output.
pub fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("run ipcctl")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Run and parse stdout as JSON; panics with stderr when the command failed.
pub fn run_json(args: &[&str]) -> serde_json::Value {
    let mut a: Vec<&str> = args.to_vec();
    a.push("--json");
    let o = run(&a);
    assert!(o.status.success(), "ipcctl {a:?} failed: {}", stderr(&o));
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("bad JSON from {a:?}: {e}\n{}", stdout(&o)))
}

/// The list entry with this ref, if any.
pub fn find<'a>(list: &'a serde_json::Value, r: &str) -> Option<&'a serde_json::Value> {
    list.as_array()?.iter().find(|o| o["ref"] == r)
}

fn cstr(s: &str) -> CString {
    CString::new(s).expect("no NUL")
}

/// A System V shared memory segment, removed on drop.
pub struct Shm {
    pub id: i32,
    pub key: u32,
}

impl Shm {
    pub fn new(size: usize, mode: i32) -> Shm {
        let key = unique_key();
        // SAFETY: plain syscall.
        let id = unsafe { libc::shmget(key as i32, size, libc::IPC_CREAT | libc::IPC_EXCL | mode) };
        assert!(id >= 0, "shmget: {}", std::io::Error::last_os_error());
        Shm { id, key }
    }
}

impl Drop for Shm {
    fn drop(&mut self) {
        // SAFETY: plain syscall; the id may already be gone.
        unsafe { libc::shmctl(self.id, libc::IPC_RMID, std::ptr::null_mut()) };
    }
}

/// A System V message queue, removed on drop.
pub struct Msg {
    pub id: i32,
    pub key: u32,
}

impl Msg {
    pub fn new(mode: i32) -> Msg {
        let key = unique_key();
        // SAFETY: plain syscall.
        let id = unsafe { libc::msgget(key as i32, libc::IPC_CREAT | libc::IPC_EXCL | mode) };
        assert!(id >= 0, "msgget: {}", std::io::Error::last_os_error());
        Msg { id, key }
    }

    /// Send one message of type `mtype`.
    pub fn send(&self, mtype: i64, data: &[u8]) {
        let mut buf = Vec::with_capacity(8 + data.len());
        buf.extend_from_slice(&mtype.to_ne_bytes());
        buf.extend_from_slice(data);
        // SAFETY: buf holds an mtype followed by data.len() bytes.
        let r = unsafe { libc::msgsnd(self.id, buf.as_ptr().cast(), data.len(), libc::IPC_NOWAIT) };
        assert_eq!(r, 0, "msgsnd: {}", std::io::Error::last_os_error());
    }
}

impl Drop for Msg {
    fn drop(&mut self) {
        // SAFETY: plain syscall.
        unsafe { libc::msgctl(self.id, libc::IPC_RMID, std::ptr::null_mut()) };
    }
}

/// A System V semaphore set, removed on drop.
pub struct Sem {
    pub id: i32,
    pub key: u32,
}

impl Sem {
    pub fn new(nsems: i32, mode: i32) -> Sem {
        let key = unique_key();
        // SAFETY: plain syscall.
        let id =
            unsafe { libc::semget(key as i32, nsems, libc::IPC_CREAT | libc::IPC_EXCL | mode) };
        assert!(id >= 0, "semget: {}", std::io::Error::last_os_error());
        Sem { id, key }
    }

    pub fn set(&self, index: i32, value: i32) {
        // SAFETY: SETVAL takes an int (passed as the union's first member).
        let r = unsafe { libc::semctl(self.id, index, libc::SETVAL, value) };
        assert_eq!(r, 0, "semctl SETVAL: {}", std::io::Error::last_os_error());
    }
}

impl Drop for Sem {
    fn drop(&mut self) {
        // SAFETY: plain syscall.
        unsafe { libc::semctl(self.id, 0, libc::IPC_RMID) };
    }
}

/// A POSIX message queue (small: 4 x 64 B), unlinked on drop.
pub struct Pmq {
    pub name: String,
}

impl Pmq {
    pub fn new(tag: &str) -> Pmq {
        Pmq::with(tag, 4, 64)
    }

    pub fn with(tag: &str, maxmsg: i64, msgsize: i64) -> Pmq {
        ensure_mqueue();
        let name = unique_name(tag);
        let c = cstr(&format!("/{name}"));
        // SAFETY: mq_attr is plain data.
        let mut attr: libc::mq_attr = unsafe { std::mem::zeroed() };
        attr.mq_maxmsg = maxmsg;
        attr.mq_msgsize = msgsize;
        // SAFETY: valid name and attr.
        let fd = unsafe {
            libc::mq_open(
                c.as_ptr(),
                libc::O_CREAT | libc::O_EXCL | libc::O_RDWR,
                0o600 as libc::mode_t,
                &attr,
            )
        };
        assert!(fd >= 0, "mq_open: {}", std::io::Error::last_os_error());
        // SAFETY: fd is ours.
        unsafe { libc::mq_close(fd) };
        Pmq { name }
    }

    pub fn send(&self, prio: u32, data: &[u8]) {
        let c = cstr(&format!("/{}", self.name));
        // SAFETY: valid name; fd closed below.
        unsafe {
            let fd = libc::mq_open(c.as_ptr(), libc::O_WRONLY);
            assert!(fd >= 0, "mq_open: {}", std::io::Error::last_os_error());
            let r = libc::mq_send(fd, data.as_ptr().cast(), data.len(), prio);
            assert_eq!(r, 0, "mq_send: {}", std::io::Error::last_os_error());
            libc::mq_close(fd);
        }
    }
}

impl Drop for Pmq {
    fn drop(&mut self) {
        let c = cstr(&format!("/{}", self.name));
        // SAFETY: valid name.
        unsafe { libc::mq_unlink(c.as_ptr()) };
    }
}

/// A POSIX shared memory object of `size` bytes, unlinked on drop.
pub struct Pshm {
    pub name: String,
}

impl Pshm {
    pub fn new(tag: &str, size: i64) -> Pshm {
        let name = unique_name(tag);
        let c = cstr(&format!("/{name}"));
        // SAFETY: valid name; fd closed below.
        unsafe {
            let fd = libc::shm_open(
                c.as_ptr(),
                libc::O_CREAT | libc::O_EXCL | libc::O_RDWR,
                0o640,
            );
            assert!(fd >= 0, "shm_open: {}", std::io::Error::last_os_error());
            assert_eq!(libc::ftruncate(fd, size), 0);
            libc::close(fd);
        }
        Pshm { name }
    }
}

impl Drop for Pshm {
    fn drop(&mut self) {
        let c = cstr(&format!("/{}", self.name));
        // SAFETY: valid name.
        unsafe { libc::shm_unlink(c.as_ptr()) };
    }
}

/// A POSIX named semaphore, unlinked on drop.
pub struct Psem {
    pub name: String,
}

impl Psem {
    pub fn new(tag: &str, value: u32) -> Psem {
        let name = unique_name(tag);
        let c = cstr(&format!("/{name}"));
        // SAFETY: valid name; the handle is closed below.
        unsafe {
            let s = libc::sem_open(
                c.as_ptr(),
                libc::O_CREAT | libc::O_EXCL,
                0o600 as libc::c_uint,
                value,
            );
            assert!(
                s != libc::SEM_FAILED,
                "sem_open: {}",
                std::io::Error::last_os_error()
            );
            libc::sem_close(s);
        }
        Psem { name }
    }
}

impl Drop for Psem {
    fn drop(&mut self) {
        let c = cstr(&format!("/{}", self.name));
        // SAFETY: valid name.
        unsafe { libc::sem_unlink(c.as_ptr()) };
    }
}

/// A file or directory in /dev/shm made by a test (junk entries, symlinks), removed on drop.
pub struct ShmPath {
    pub path: std::path::PathBuf,
}

impl Drop for ShmPath {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path).or_else(|_| std::fs::remove_dir_all(&self.path));
    }
}

/// Run ipcctl with `input` on stdin.
pub fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(BIN)
        .args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn ipcctl");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write stdin");
    child.wait_with_output().expect("wait ipcctl")
}

/// Run ipcctl as the unprivileged user `nobody` (via setpriv).
pub fn run_as_nobody(args: &[&str]) -> Output {
    Command::new("setpriv")
        .args(["--reuid=nobody", "--regid=nogroup", "--clear-groups", BIN])
        .args(args)
        .output()
        .expect("run setpriv")
}

/// An object the binary under test creates, removed on drop with the raw syscall. Made
/// *before* running `create` where the identity is known in advance (POSIX name, SysV key),
/// so even a failing test cleans up. System V objects are removed by key (a unique test key),
/// never by a bare id that another test may have been given since.
pub struct Made {
    pub kind: &'static str,
    pub key: Option<u32>,
    pub name: Option<String>,
}

impl Made {
    pub fn key(kind: &'static str, key: u32) -> Made {
        Made {
            kind,
            key: Some(key),
            name: None,
        }
    }

    pub fn name(kind: &'static str, name: &str) -> Made {
        Made {
            kind,
            key: None,
            name: Some(name.trim_start_matches('/').to_string()),
        }
    }

    /// For a System V object created with a random key: look its key up by id right away.
    pub fn sysv_id(kind: &'static str, id: i32) -> Made {
        // SAFETY: the *_ds structs are plain data; IPC_STAT fills them.
        let key = unsafe {
            match kind {
                "shm" => {
                    let mut ds: libc::shmid_ds = std::mem::zeroed();
                    (libc::shmctl(id, libc::IPC_STAT, &mut ds) == 0).then_some(ds.shm_perm.__key)
                }
                "msg" => {
                    let mut ds: libc::msqid_ds = std::mem::zeroed();
                    (libc::msgctl(id, libc::IPC_STAT, &mut ds) == 0).then_some(ds.msg_perm.__key)
                }
                _ => {
                    let mut ds: libc::semid_ds = std::mem::zeroed();
                    (libc::semctl(id, 0, libc::IPC_STAT, &mut ds as *mut libc::semid_ds) == 0)
                        .then_some(ds.sem_perm.__key)
                }
            }
        };
        Made {
            kind,
            key: key.map(|k| k as u32).filter(|k| *k != 0),
            name: None,
        }
    }
}

impl Drop for Made {
    fn drop(&mut self) {
        // SAFETY: plain syscalls; the object may already be gone.
        unsafe {
            if let Some(key) = self.key {
                remove_sysv_key(self.kind, key);
            }
            if let Some(n) = &self.name {
                let c = cstr(&format!("/{n}"));
                match self.kind {
                    "pmq" => libc::mq_unlink(c.as_ptr()),
                    "pshm" => libc::shm_unlink(c.as_ptr()),
                    _ => libc::sem_unlink(c.as_ptr()),
                };
            }
        }
    }
}

/// A process in fresh IPC and mount namespaces (`unshare --ipc --mount`), with its own
/// tmpfs on /dev/shm. Everything created inside disappears with it; it is killed and reaped
/// on drop.
pub struct ChildNs {
    child: std::process::Child,
    pub pid: i32,
}

impl ChildNs {
    /// Run `setup` (shell) inside the new namespaces, then `exec` `program` (default: a long
    /// sleep). `program` must print one line when it is ready ("ready ..."); the line is
    /// returned by `ready_line`.
    pub fn start(setup: &str, program: Option<&str>) -> (ChildNs, String) {
        use std::io::BufRead;
        let script = format!(
            "set -e; mount -t tmpfs -o size=1M tmpfs /dev/shm; {setup}; exec {}",
            program.unwrap_or("sh -c 'echo ready; exec sleep 600'")
        );
        let mut child = Command::new("unshare")
            .args(["--ipc", "--mount", "--", "sh", "-c", &script])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit())
            .spawn()
            .expect("spawn unshare");
        let pid = child.id() as i32;
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("read child");
        let ns = ChildNs { child, pid };
        assert!(
            line.starts_with("ready"),
            "child namespace did not start (got {line:?})"
        );
        (ns, line)
    }

    /// A namespace with nothing in it but a sleeping shell.
    pub fn empty() -> ChildNs {
        ChildNs::start("true", None).0
    }

    /// The inode of its IPC namespace.
    pub fn inode(&self) -> u64 {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(format!("/proc/{}/ns/ipc", self.pid))
            .expect("ns/ipc")
            .ino()
    }

    /// Run ipcctl with `--ns PID` and these arguments.
    pub fn run(&self, args: &[&str]) -> Output {
        let pid = self.pid.to_string();
        let mut a = vec!["--ns", pid.as_str()];
        a.extend_from_slice(args);
        run(&a)
    }

    /// `run` + `--json`, parsed; panics on failure.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let pid = self.pid.to_string();
        let mut a = vec!["--ns", pid.as_str()];
        a.extend_from_slice(args);
        run_json(&a)
    }

    /// Create an object inside with `ipcctl --ns PID create ...`; returns its ref.
    pub fn create(&self, args: &[&str]) -> String {
        let mut a = vec!["create"];
        a.extend_from_slice(args);
        let o = self.run(&a);
        assert!(o.status.success(), "create {args:?}: {}", stderr(&o));
        stdout(&o).trim().to_string()
    }
}

impl Drop for ChildNs {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Remove the System V object of `kind` ("shm", "msg", "sem") with this key, if any. Guards
/// remove by the unique key a test chose, never by a bare id that may have been reused.
pub fn remove_sysv_key(kind: &str, key: u32) {
    let k = key as libc::key_t;
    // SAFETY: plain syscalls; the object may already be gone.
    unsafe {
        match kind {
            "shm" => {
                let id = libc::shmget(k, 0, 0);
                if id >= 0 {
                    libc::shmctl(id, libc::IPC_RMID, std::ptr::null_mut());
                }
            }
            "msg" => {
                let id = libc::msgget(k, 0);
                if id >= 0 {
                    libc::msgctl(id, libc::IPC_RMID, std::ptr::null_mut());
                }
            }
            _ => {
                let id = libc::semget(k, 0, 0);
                if id >= 0 {
                    libc::semctl(id, 0, libc::IPC_RMID);
                }
            }
        }
    }
}

/// Run the calling test again inside fresh PID, IPC and mount namespaces (own /proc,
/// /dev/shm and mqueue), where /proc shows only the test, its helpers and ipcctl — so every
/// process can be inspected even on a machine whose pid 1 root cannot read. Returns true in the inner run (do the work), false in the
/// outer one after asserting the inner run passed.
pub fn in_own_pid_ns(test: &str) -> bool {
    const INNER: &str = "IPCCTL_TEST_IN_PID_NS";
    if std::env::var_os(INNER).is_some() {
        return true;
    }
    assert!(is_root(), "{test}: needs root (unshare --pid)");
    let exe = std::env::current_exe().expect("test binary");
    // Its own IPC namespace, /dev/shm and mqueue too: from a child PID namespace, objects
    // of the host's processes would record pid 0 (evidence of hidden processes).
    let o = Command::new("unshare")
        .args(["--pid", "--fork", "--mount-proc", "--ipc", "--", "sh", "-c"])
        .arg(
            "set -e; mount -t tmpfs -o size=8M tmpfs /dev/shm; mkdir -p /dev/mqueue; \
             mount -t mqueue none /dev/mqueue; exec \"$0\" \"$@\"",
        )
        .arg(exe)
        .args([
            test,
            "--exact",
            "--include-ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(INNER, "1")
        .output()
        .expect("run unshare");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success() && out.contains("1 passed"),
        "{test} in its own PID namespace: {out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    false
}

/// The `orphan_reasons` of one object of `orphans --json` (empty when there are none).
pub fn reasons(o: &serde_json::Value) -> Vec<String> {
    o["orphan_reasons"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|r| r.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// Poll `f` until it holds (at most 10 s): wait for a state, never for a fixed time.
pub fn wait_until(what: &str, f: impl Fn() -> bool) {
    let end = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !f() {
        assert!(
            std::time::Instant::now() < end,
            "timed out waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// A child process killed and reaped when dropped (also when the test fails).
pub struct Reaped(pub std::process::Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Some thread of `pid` is blocked in system call `nr`.
pub fn thread_in_syscall(pid: i32, nr: i64) -> bool {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .map(|ts| {
            ts.flatten().any(|t| {
                std::fs::read_to_string(t.path().join("syscall"))
                    .is_ok_and(|s| s.split_whitespace().next() == Some(&nr.to_string()))
            })
        })
        .unwrap_or(false)
}
