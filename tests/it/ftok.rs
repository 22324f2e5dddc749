//! ftok keys (issue 24): what a C program following the System V tutorials computes
//! (`ftok(PATH, 'A')`, then msgget/shmget/semget) against what ipcctl computes, names and
//! finds, on /tmp, on a fresh file, on another filesystem (/dev/shm), and with the collision
//! the low 16 inode bits make possible.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::common::{self, BIN, Made, run, run_json, stderr, stdout, unique_name};

fn tutorial() -> &'static PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| crate::orphans::compile_helper("ftok_tutorial"))
}

/// The C program's output for these arguments (trimmed); panics when it fails.
fn c(args: &[&str]) -> String {
    let o = Command::new(tutorial())
        .args(args)
        .output()
        .expect("run helper");
    assert!(
        o.status.success(),
        "ftok_tutorial {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

/// A file removed on drop.
struct TempFile(PathBuf);

impl TempFile {
    fn new(dir: &Path, tag: &str) -> TempFile {
        let p = dir.join(unique_name(tag));
        std::fs::write(&p, b"").unwrap();
        TempFile(p)
    }
    fn s(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn key_of(o: &serde_json::Value) -> u32 {
    u32::from_str_radix(o["key"].as_str().unwrap().trim_start_matches("0x"), 16).unwrap()
}

#[test]
fn keys_match_glibc_on_tmp_a_fresh_file_and_another_filesystem() {
    let fresh = TempFile::new(common::scratch(), "ftok");
    let on_shm = TempFile::new(Path::new("/dev/shm"), "ftok");
    for path in ["/tmp", fresh.s(), on_shm.s()] {
        let m = std::fs::metadata(path).unwrap();
        for proj in ["A", "65", "z", "200", "321"] {
            let want = c(&["key", path, proj]);
            let o = run(&["key", path, proj]);
            assert!(o.status.success(), "{}", stderr(&o));
            assert_eq!(stdout(&o).trim(), want, "ipcctl key {path} {proj}");
            let j = run_json(&["key", path, proj]);
            assert_eq!(j["key"], want.as_str());
            assert_eq!(j["path"], path);
            assert_eq!(j["dev"], m.dev());
            assert_eq!(j["ino"], m.ino());
            assert_eq!(j["proj"].as_u64(), Some(u64::from(key_of(&j) >> 24)));
            // The device byte is the filesystem's: /dev/shm (a tmpfs) is another device.
            assert_eq!(u64::from((key_of(&j) >> 16) & 0xff), m.dev() & 0xff);
        }
    }
    let dev = |p: &str| std::fs::metadata(p).unwrap().dev();
    assert_ne!(
        dev(on_shm.s()),
        dev("/tmp"),
        "/dev/shm and /tmp are one filesystem here"
    );
    // `A` is 65: the character and its number are one project id.
    assert_eq!(
        c(&["key", "/tmp", "A"]),
        stdout(&run(&["key", "/tmp", "65"])).trim()
    );
}

#[test]
fn a_missing_path_and_project_id_zero_are_refused_with_the_reason() {
    let missing = format!("/nonexistent-{}", unique_name("ftok"));
    for args in [
        vec!["key", missing.as_str(), "A"],
        vec!["show", &*format!("shm:ftok:{missing}:A")],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let e = stderr(&o);
        assert!(e.contains("ftok needs an existing file"), "{e}");
        assert_eq!(e.lines().count(), 1, "{e}");
    }
    for args in [
        vec!["key", "/tmp", "0"],
        vec!["show", "msg:ftok:/tmp:0"],
        vec!["key", "/tmp", "256"],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains("nonzero project id"), "{}", stderr(&o));
    }
    let o = run(&["show", "pmq:ftok:/tmp:A"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("System V"), "{}", stderr(&o));
}

#[test]
fn the_tutorials_objects_are_found_named_and_removed_by_ftok() {
    let file = TempFile::new(common::scratch(), "tutorial");
    let f = file.s();
    // key msgid shmid semid, made by the C program with IPC_CREAT | IPC_EXCL.
    let out = c(&["create", f, "A"]);
    let parts: Vec<&str> = out.split_whitespace().collect();
    let key = u32::from_str_radix(parts[0].trim_start_matches("0x"), 16).unwrap();
    let _guards: Vec<Made> = ["msg", "shm", "sem"]
        .into_iter()
        .map(|k| Made::key(k, key))
        .collect();
    for (kind, id) in [("msg", parts[1]), ("shm", parts[2]), ("sem", parts[3])] {
        for proj in ["A", "65"] {
            let o = run_json(&["show", &format!("{kind}:ftok:{f}:{proj}")]);
            assert_eq!(o["id"].as_i64().unwrap().to_string(), id, "{kind}");
            assert_eq!(o["key"], parts[0]);
        }
        // `ipcctl show KIND:$(ipcctl key PATH PROJ)`
        let k = stdout(&run(&["key", f, "A"])).trim().to_string();
        assert_eq!(
            run_json(&["show", &format!("{kind}:{k}")])["id"]
                .as_i64()
                .unwrap()
                .to_string(),
            id
        );
    }
    // The origin is named when the path is checked, and only then.
    let listed = run_json(&[
        "list",
        "msg",
        "shm",
        "sem",
        "--ftok",
        &format!("{f}:A"),
        "--ftok-paths",
        f,
    ]);
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 3, "{listed:?}");
    for o in listed {
        assert_eq!(o["ftok"]["path"], f);
        assert_eq!(o["ftok"]["proj"], 65);
        assert_eq!(o["ftok"]["also"], serde_json::json!([]));
    }
    let shown = stdout(&run(&[
        "show",
        &format!("shm:{}", parts[2]),
        "--ftok-paths",
        f,
    ]));
    assert!(shown.contains(&format!("ftok({f}, 'A')")), "{shown}");
    let table = stdout(&run(&[
        "list",
        "shm",
        "--key",
        parts[0],
        "-o",
        "ref,ftok",
        "--ftok-paths",
        f,
    ]));
    assert!(table.contains(&format!("ftok({f}, 'A')")), "{table}");
    let unchecked = run_json(&["list", "--ftok", &format!("{f}:A"), "--ftok-paths", "/tmp"]);
    assert!(
        unchecked
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["ftok"].is_null())
    );
    // create --ftok makes the key the C program computes for another project id.
    let made_b = Made::key(
        "shm",
        u32::from_str_radix(c(&["key", f, "B"]).trim_start_matches("0x"), 16).unwrap(),
    );
    let o = run(&["create", "shm", "--ftok", &format!("{f}:B"), "--size", "4K"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let created = run_json(&["show", stdout(&o).trim()]);
    assert_eq!(key_of(&created), made_b.key.unwrap());
    // rm by ftok reference removes exactly those objects.
    let o = run(&[
        "rm",
        &format!("msg:ftok:{f}:A"),
        &format!("shm:ftok:{f}:65"),
        &format!("sem:ftok:{f}:A"),
        &format!("shm:ftok:{f}:B"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    for kind in ["msg", "shm", "sem"] {
        let o = run(&["show", &format!("{kind}:ftok:{f}:A")]);
        assert_eq!(o.status.code(), Some(1), "{kind} still there");
    }
}

#[test]
#[ignore = "needs root: mounts a private tmpfs in a private mount and IPC namespace"]
fn colliding_inodes_give_equal_keys_and_ipcctl_says_so() {
    common::require_root();
    let dir = common::scratch().join(unique_name("collide"));
    std::fs::create_dir_all(&dir).unwrap();
    let d = dir.to_str().unwrap();
    // In a private mount and IPC namespace: a fresh tmpfs numbers inodes in order, so the
    // helper finds a file whose inode equals DIR/a's in the low 16 bits; the queue made
    // there vanishes with the namespace.
    let script = format!(
        "set -e; mount -t tmpfs -o size=1M,nr_inodes=0 none {d}; \
         {helper} collide {d}; \
         {BIN} create msg --ftok {d}/a:A >/dev/null; \
         {BIN} --ftok-paths {d}/a,{d}/b key {d}/b A --json; \
         {BIN} --ftok-paths {d}/a,{d}/b list msg -o ref,ftok >&2; \
         {BIN} --ftok-paths {d}/a,{d}/b show msg:ftok:{d}/b:A --json 2>/dev/null",
        helper = tutorial().display()
    );
    let o = Command::new("unshare")
        .args([
            "--mount",
            "--ipc",
            "--propagation",
            "private",
            "--",
            "sh",
            "-c",
            &script,
        ])
        .output()
        .unwrap();
    let _ = std::fs::remove_dir(&dir);
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(o.status.success(), "{out}\n{err}");
    let mut lines = out.lines();
    let c_line: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    let (ino_a, ino_b): (u64, u64) = (c_line[0].parse().unwrap(), c_line[1].parse().unwrap());
    assert_ne!(ino_a, ino_b);
    assert_eq!(ino_a & 0xffff, ino_b & 0xffff);
    // glibc gives both files one key; so does ipcctl, and it warns.
    assert_eq!(c_line[2], c_line[3]);
    let k: serde_json::Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    assert_eq!(k["key"], c_line[3]);
    assert_eq!(k["ino"], ino_b);
    assert!(err.contains("ftok keys collide"), "{err}");
    assert!(err.contains(&format!("{d}/a")), "{err}");
    // A listing names both paths as the origin, and warns once.
    assert!(err.contains(&format!("ftok({d}/a or {d}/b, 'A')")), "{err}");
    assert!(
        err.contains("share the low 8 device bits and low 16 inode bits"),
        "{err}"
    );
    // The queue made with DIR/a's key answers to DIR/b's reference, and show names both.
    let shown: serde_json::Value = serde_json::from_str(&lines.collect::<String>()).unwrap();
    assert_eq!(shown["key"], c_line[2]);
    assert_eq!(shown["ftok"]["path"], format!("{d}/a"));
    assert_eq!(shown["ftok"]["also"], serde_json::json!([format!("{d}/b")]));
}
