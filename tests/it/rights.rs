//! Issue 19, "act only with the rights the target grants": what a target's owner can do to
//! ipcctl — truncate a semaphore under it, raise a sysctl in their own namespace, refill a
//! queue, exit their main thread — must give a clear error, never a signal death, an
//! allocation the owner sized, or a lost message. Real objects, real processes.

use std::process::{Command, Stdio};

use crate::common::*;

/// Run ipcctl with `args` and `stdin`, its address space limited to `limit` bytes: input
/// read without bound fails fast with an allocation failure instead of filling the machine.
fn run_limited(args: &[&str], stdin: Stdio, limit: u64) -> std::process::Output {
    use std::os::unix::process::CommandExt;
    let mut c = Command::new(BIN);
    c.args(args).stdin(stdin);
    // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        c.pre_exec(move || {
            let rl = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &rl) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    c.output().expect("run ipcctl")
}

// ---- 6. write is bounded by size - offset ----------------------------------------------

#[test]
fn write_near_the_end_of_a_huge_segment_reads_only_what_fits() {
    let s = Pshm::new("huge", 4096);
    let path = format!("/dev/shm/{}", s.name);
    // 1 TiB, sparse.
    let size: u64 = 1 << 40;
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(size)
        .unwrap();
    let r = format!("pshm:/{}", s.name);
    let offset = (size - 16).to_string();
    // Endless input 16 bytes before the end: refused after reading 17 bytes, not read until
    // memory runs out (the 1 GiB address-space limit turns that into a quick abort).
    let zero = std::fs::File::open("/dev/zero").unwrap();
    let o = run_limited(
        &["write", &r, "--offset", &offset, "--file", "/dev/zero"],
        Stdio::from(zero),
        1 << 30,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&r) && stderr(&o).contains("larger than 16 bytes"),
        "{}",
        stderr(&o)
    );
    // Exactly what fits is written; one byte more is refused and nothing is written.
    let o = run(&["write", &r, "--offset", &offset, "0123456789abcdef"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&["write", &r, "--offset", &offset, "0123456789abcdefX"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let o = run(&["read", &r, "--offset", &offset]);
    assert_eq!(o.stdout, b"0123456789abcdef", "{}", stderr(&o));
    // An offset at or past the end is refused before any input is read.
    let o = run_limited(
        &["write", &r, "--offset", &size.to_string()],
        Stdio::from(std::fs::File::open("/dev/zero").unwrap()),
        1 << 30,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("past the end"), "{}", stderr(&o));
}

// ---- 5. recv sizes its buffer from what is queued, not from msgmax ---------------------

/// Run `script` (sh) in a fresh user + IPC namespace where the caller is root (any user may
/// make one): `$IPCCTL` is the binary, `$D` a scratch directory of the test.
fn in_own_user_and_ipc_ns(script: &str, dir: &std::path::Path) -> std::process::Output {
    Command::new("unshare")
        .args([
            "--user",
            "--map-root-user",
            "--ipc",
            "sh",
            "-c",
            &format!("set -e; {script}"),
        ])
        .env("IPCCTL", BIN)
        .env("D", dir)
        .output()
        .expect("unshare")
}

#[test]
fn recv_and_peek_allocate_what_is_queued_not_msgmax() {
    let d = tempfile::tempdir().unwrap();
    let big: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(d.path().join("big"), &big).unwrap();
    // In their own IPC namespace the owner raises msgmax to 2 GiB and msgmnb to 1 MiB, and
    // queues a 5-byte and a 100,000-byte message. ipcctl, limited to 1 GiB of address space,
    // must still peek at and receive both, byte for byte.
    let script = r#"
        echo 2147483647 > /proc/sys/kernel/msgmax
        echo 1048576 > /proc/sys/kernel/msgmnb
        q=$("$IPCCTL" create msg --key 0x1234)
        "$IPCCTL" send "$q" hello --type 2
        "$IPCCTL" send "$q" --file "$D/big" --type 3
        lim() { prlimit --as=1073741824 "$@"; }
        lim "$IPCCTL" recv "$q" --peek --count 2 > "$D/peek"
        lim "$IPCCTL" recv "$q" --count 2 > "$D/recv"
        "$IPCCTL" show "$q" --json > "$D/show"
    "#;
    let o = in_own_user_and_ipc_ns(script, d.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let mut want = b"hello".to_vec();
    want.extend_from_slice(&big);
    let peek = std::fs::read(d.path().join("peek")).unwrap();
    assert!(peek == want, "peek: {} bytes", peek.len());
    let recv = std::fs::read(d.path().join("recv")).unwrap();
    assert!(recv == want, "recv: {} bytes", recv.len());
    let show: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.path().join("show")).unwrap()).unwrap();
    assert_eq!(show["messages"], 0, "{show}");
}

// ---- 13. --type i64::MIN follows the kernel -------------------------------------------

#[test]
fn recv_type_i64_min_takes_what_the_kernel_takes() {
    // What the kernel does with msgtyp = LONG_MIN, whose negation does not exist: ipc/msg.c
    // reads it as LONG_MAX ("the lowest type of all"). Asked of the kernel directly.
    let raw = Msg::new(0o600);
    raw.send(5, b"five");
    raw.send(3, b"three");
    let mut buf = [0u8; 8 + 16];
    // SAFETY: buf holds a long mtype followed by 16 bytes of text.
    let n = unsafe {
        libc::msgrcv(
            raw.id,
            buf.as_mut_ptr().cast(),
            16,
            i64::MIN,
            libc::IPC_NOWAIT,
        )
    };
    assert_eq!(n, 5, "{}", std::io::Error::last_os_error());
    assert_eq!(i64::from_ne_bytes(buf[..8].try_into().unwrap()), 3);
    // ipcctl agrees, peeking (its own selection over MSG_COPY copies) and receiving.
    let q = Msg::new(0o600);
    q.send(5, b"five");
    q.send(3, b"three");
    let r = format!("msg:{}", q.id);
    let min = format!("--type={}", i64::MIN);
    let o = run(&["recv", &r, "--peek", &min, "--count", "5"]);
    assert_eq!(stdout(&o), "threefive", "{}", stderr(&o));
    let o = run(&["recv", &r, &min, "--nowait"]);
    assert_eq!(stdout(&o), "three", "{}", stderr(&o));
    let o = run(&["recv", &r, &min, "--nowait"]);
    assert_eq!(stdout(&o), "five", "{}", stderr(&o));
    let o = run(&["recv", &r, &min, "--nowait"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("type <= {}", i64::MAX)),
        "{}",
        stderr(&o)
    );
}

// ---- 4. a semaphore truncated under a waiter -------------------------------------------

/// Wait for `child` to exit (at most 10 s; killed and the test failed otherwise).
fn exit_of(mut child: std::process::Child, what: &str) -> (Option<i32>, Option<i32>, String) {
    use std::os::unix::process::ExitStatusExt;
    let end = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        if let Some(st) = child.try_wait().unwrap() {
            let o = child.wait_with_output().unwrap();
            return (st.code(), st.signal(), stderr(&o));
        }
        if std::time::Instant::now() > end {
            let _ = child.kill();
            let o = child.wait_with_output().unwrap();
            panic!(
                "{what}: still running 10 s after the truncation: {}",
                stderr(&o)
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn a_semaphore_truncated_while_waiting_is_an_error_not_sigbus() {
    for extra in [&["--timeout", "5s"][..], &[][..]] {
        let s = Psem::new("trunc", 0);
        let r = format!("psem:/{}", s.name);
        let mut args = vec!["sem", r.as_str(), "wait"];
        args.extend_from_slice(extra);
        let child = Command::new(BIN)
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let pid = child.id() as i32;
        wait_until("ipcctl to block on the semaphore", || {
            thread_in_syscall(pid, libc::SYS_futex)
        });
        // The owner truncates the file under the waiter.
        std::fs::OpenOptions::new()
            .write(true)
            .open(format!("/dev/shm/sem.{}", s.name))
            .unwrap()
            .set_len(0)
            .unwrap();
        let (code, signal, err) = exit_of(child, &format!("wait {extra:?}"));
        assert_eq!((code, signal), (Some(1), None), "{extra:?}: {err}");
        assert!(
            err.contains(&r) && err.contains("truncated"),
            "{extra:?}: {err}"
        );
    }
}

#[test]
fn ipcctl_and_glibc_share_a_semaphore() {
    // ipcctl operates named semaphores itself (guarded against truncation): glibc's users
    // of the same semaphore must see its posts and wake it, and the reverse.
    let s = Psem::new("share", 0);
    let r = format!("psem:/{}", s.name);
    let child = Command::new(BIN)
        .args(["sem", &r, "wait", "--timeout", "60s"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id() as i32;
    wait_until("ipcctl to block on the semaphore", || {
        thread_in_syscall(pid, libc::SYS_futex)
    });
    let c = std::ffi::CString::new(format!("/{}", s.name)).unwrap();
    // SAFETY: valid name; the handle is closed below.
    let g = unsafe { libc::sem_open(c.as_ptr(), 0) };
    assert_ne!(g, libc::SEM_FAILED);
    // SAFETY: g is an open semaphore.
    assert_eq!(unsafe { libc::sem_post(g) }, 0);
    let (code, _, err) = exit_of(child, "wait woken by sem_post");
    assert_eq!(code, Some(0), "{err}");
    // A glibc waiter is woken by `ipcctl sem post`.
    let gp = g as usize;
    let waiter = std::thread::spawn(move || {
        // SAFETY: the handle stays open until the thread is joined.
        unsafe { libc::sem_wait(gp as *mut libc::sem_t) }
    });
    // glibc counts its waiters in the high half of the semaphore's first 8 bytes.
    let path = format!("/dev/shm/sem.{}", s.name);
    wait_until("the glibc waiter to register", || {
        std::fs::read(&path).is_ok_and(|b| b[4..8] != [0, 0, 0, 0])
    });
    let o = run(&["sem", &r, "post"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(waiter.join().unwrap(), 0);
    let o = run(&["sem", &r, "get"]);
    assert_eq!(stdout(&o), "0\n");
    // SAFETY: opened above, closed once.
    unsafe { libc::sem_close(g) };
}

// ---- 14. --ns and -A through a live thread when the main thread exited ------------------

/// tests/helpers/zombie_leader.c, compiled once per test run.
fn zombie_leader_bin() -> std::path::PathBuf {
    let src =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/helpers/zombie_leader.c");
    let out = crate::common::scratch().join(format!("ipcctl-zombie-leader-{}", std::process::id()));
    let o = Command::new("cc")
        .arg("-o")
        .arg(&out)
        .arg(&src)
        .arg("-pthread")
        .output()
        .expect("run cc");
    assert!(o.status.success(), "cc: {}", stderr(&o));
    out
}

#[test]
#[ignore = "needs root: private namespaces (unshare, setns)"]
fn ns_reaches_a_process_whose_main_thread_exited() {
    require_root();
    let helper = zombie_leader_bin();
    let (ns, _) = ChildNs::start("true", Some(&helper.display().to_string()));
    let pid = ns.pid;
    wait_until("the helper's main thread to exit", || {
        std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| {
            s.rsplit(')')
                .next()
                .unwrap_or("")
                .trim_start()
                .starts_with('Z')
        })
    });
    // The namespace as its live thread shows it.
    let inode = std::fs::read_dir(format!("/proc/{pid}/task"))
        .unwrap()
        .flatten()
        .find_map(|t| {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(t.path().join("ns/ipc"))
                .ok()
                .map(|m| m.ino())
        })
        .expect("a live thread");
    let shm = ns.create(&["shm", "--size", "4K"]);
    let sem = ns.create(&["psem", "/lock", "--value", "2"]);
    let o = ns.run(&["sem", &sem, "get"]);
    assert_eq!(stdout(&o), "2\n", "{}", stderr(&o));
    let list = ns.json(&["list"]);
    for r in [&shm, &sem] {
        let o = find(&list, r).unwrap_or_else(|| panic!("--ns {pid} lists {r}: {list}"));
        assert_eq!(o["namespace"]["inode"], inode, "{o}");
    }
    // --all-namespaces sees the namespace too.
    let all = run_json(&["list", "-A"]);
    let mine: Vec<&serde_json::Value> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["namespace"]["inode"] == inode)
        .collect();
    let refs: Vec<&str> = mine.iter().filter_map(|o| o["ref"].as_str()).collect();
    assert!(
        refs.contains(&shm.as_str()) && refs.contains(&sem.as_str()),
        "-A lists {shm} and {sem} in ipc:[{inode}]: {refs:?}"
    );
}

// ---- 12. a message taken from a queue is never lost ------------------------------------

/// A one-slot POSIX queue holding `first`, with an `ipcctl send SECOND` blocked on it;
/// returns the queue guard, the ref and the blocked sender.
fn full_one_slot_queue(tag: &str) -> (Made, String, std::process::Child) {
    let name = unique_name(tag);
    let guard = Made::name("pmq", &name);
    let r = format!("pmq:/{name}");
    let o = run(&[
        "create",
        "pmq",
        &name,
        "--max-messages",
        "1",
        "--message-size",
        "64",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&["send", &r, "first"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let sender = Command::new(BIN)
        .args(["send", &r, "second"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = sender.id() as i32;
    wait_until("the sender to block on the full queue", || {
        thread_in_syscall(pid, libc::SYS_mq_timedsend)
    });
    (guard, r, sender)
}

/// Take one message from POSIX queue `r` (by name), without waiting.
fn mq_take(r: &str) -> Vec<u8> {
    let c = std::ffi::CString::new(r.trim_start_matches("pmq:")).unwrap();
    // SAFETY: valid name; closed below.
    let q = unsafe { libc::mq_open(c.as_ptr(), libc::O_RDONLY | libc::O_NONBLOCK) };
    assert!(q >= 0, "{}", std::io::Error::last_os_error());
    let mut buf = [0u8; 64];
    let mut prio = 0;
    // SAFETY: buf has 64 bytes, the queue's message size.
    let n = unsafe { libc::mq_receive(q, buf.as_mut_ptr().cast(), 64, &mut prio) };
    // SAFETY: opened above.
    unsafe { libc::mq_close(q) };
    assert!(n >= 0, "{}", std::io::Error::last_os_error());
    buf[..n as usize].to_vec()
}

#[test]
fn recv_to_a_failing_stdout_waits_to_put_the_message_back() {
    let (_q, r, sender) = full_one_slot_queue("putback");
    // recv takes "first"; the kernel hands "second" into the slot at once; the write to
    // /dev/full fails; "first" must wait for room instead of being dropped.
    let recv = Command::new(BIN)
        .args(["recv", &r])
        .stdout(
            std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap(),
        )
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = recv.id() as i32;
    wait_until("recv to wait for room to put the message back", || {
        thread_in_syscall(pid, libc::SYS_mq_timedsend)
    });
    let (code, _, err) = exit_of(sender, "sender");
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(mq_take(&r), b"second");
    let (code, _, err) = exit_of(recv, "recv");
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("put back"), "{err}");
    assert_eq!(mq_take(&r), b"first", "{err}");
}

#[test]
fn a_message_that_cannot_go_back_is_shown_not_lost() {
    let (_q, r, sender) = full_one_slot_queue("shown");
    let recv = Command::new(BIN)
        .args(["recv", &r])
        .stdout(
            std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap(),
        )
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = recv.id() as i32;
    wait_until("recv to wait for room to put the message back", || {
        thread_in_syscall(pid, libc::SYS_mq_timedsend)
    });
    // The admin gives up waiting (Ctrl-C): the message is shown on stderr.
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), nix::sys::signal::SIGINT).unwrap();
    let (code, _, err) = exit_of(recv, "recv");
    assert_ne!(code, Some(0), "{err}");
    // "first" = 66 69 72 73 74
    assert!(err.contains("66 69 72 73 74"), "{err}");
    assert!(err.contains("not lost"), "{err}");
    let (code, _, err) = exit_of(sender, "sender");
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(mq_take(&r), b"second");
}

/// Attacker pass on issue 19: a queue's owner can make it long (msgmnb is theirs to raise in
/// their own IPC namespace). Receiving by type must not copy the queue message by message
/// (each MSG_COPY walks it from the front: quadratic), and a peek that has to walk it stops
/// on Ctrl-C.
#[test]
#[ignore = "needs root: unshare --ipc and a raised msgmnb in it"]
fn a_long_queue_is_received_by_type_at_once_and_a_long_peek_stops_on_ctrl_c() {
    require_root();
    let fill = crate::orphans::compile_helper("fill_queue");
    let script = format!(
        r#"set -e
echo 2000000000 > /proc/sys/kernel/msgmnb
id=$({fill} 60000)
timeout 120 {bin} recv msg:$id --type 5 --nowait
echo
{bin} recv msg:$id --peek --type 5 --nowait > /dev/null 2>&1 &
p=$!
# Copying: half a second of CPU spent in it (its handler for SIGINT is long installed).
for i in $(seq 1200); do
  t=$(awk '{{print $14 + $15}}' /proc/$p/stat 2>/dev/null || echo 0)
  [ "${{t:-0}}" -ge 50 ] && break
  sleep 0.05
done
kill -INT $p
set +e
timeout 60 sh -c "while kill -0 $p 2>/dev/null; do sleep 0.05; done"
wait $p
echo "rc=$?"
"#,
        fill = fill.display(),
        bin = BIN,
    );
    let o = std::process::Command::new("unshare")
        .args(["--ipc", "--", "sh", "-c", &script])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("last"), "{out}");
    assert_eq!(lines.last(), Some("rc=130"), "{out}");
}
