//! File outputs (`metrics --textfile`, `bench --save` and `--plot`, `man DIR`), issue 19
//! item 3: a file is created under a random name with O_EXCL|O_NOFOLLOW in the target's
//! directory, fsynced and renamed over the target; nothing planted in the directory is
//! followed, and a failed write leaves the previous file as it was and no temporary file.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::{BIN, run, stderr};

const PRECIOUS: &str = "root-only content\n";

/// The directory's entries, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A file outside the output directory that the planted links point to.
fn victim(dir: &Path) -> std::path::PathBuf {
    let v = dir.join("victim");
    std::fs::write(&v, PRECIOUS).unwrap();
    v
}

/// The temporary name used to be `.ipcctl.prom.<pid>.tmp`: a link planted under it for the
/// very pid ipcctl will have (the shell's, which `exec` keeps) made ipcctl write through it.
#[test]
fn metrics_textfile_never_writes_through_a_planted_temporary_name() {
    let outside = tempfile::tempdir().unwrap();
    let victim = victim(outside.path());
    let dir = tempfile::tempdir().unwrap();
    let prom = dir.path().join("ipcctl.prom");
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("read go; exec {BIN} metrics --textfile \"$0\""))
        .arg(&prom)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let planted = dir.path().join(format!(".ipcctl.prom.{pid}.tmp"));
    std::os::unix::fs::symlink(&victim, &planted).unwrap();
    child.stdin.take().unwrap().write_all(b"go\n").unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), PRECIOUS);
    let meta = std::fs::symlink_metadata(&prom).unwrap();
    assert!(meta.file_type().is_file(), "{prom:?} is not a regular file");
    assert!(
        std::fs::read_to_string(&prom)
            .unwrap()
            .contains("# TYPE ipcctl_objects gauge")
    );
    // The planted link is left alone; nothing else is left behind.
    assert!(std::fs::symlink_metadata(&planted).unwrap().is_symlink());
    let planted_name = planted.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(entries(dir.path()), [planted_name, "ipcctl.prom".into()]);
}

/// A symlink at the target itself is replaced by the new file, never written through.
#[test]
fn file_outputs_replace_a_symlink_at_the_target_instead_of_following_it() {
    let outside = tempfile::tempdir().unwrap();
    let victim = victim(outside.path());
    let dir = tempfile::tempdir().unwrap();
    let link = |name: &str| {
        let p = dir.path().join(name);
        std::os::unix::fs::symlink(&victim, &p).unwrap();
        p
    };
    let prom = link("ipcctl.prom");
    let saved = link("run.json");
    let svg = link("run.svg");
    let man = dir.path().join("man");
    std::fs::create_dir(&man).unwrap();
    std::os::unix::fs::symlink(&victim, man.join("ipcctl.1")).unwrap();

    let o = run(&["metrics", "--textfile", prom.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&[
        "bench",
        "pipe",
        "--iterations",
        "50",
        "--sizes",
        "64",
        "--placement",
        "unpinned",
        "--save",
        saved.to_str().unwrap(),
        "--plot",
        svg.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&["man", man.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));

    assert_eq!(std::fs::read_to_string(&victim).unwrap(), PRECIOUS);
    for (p, start) in [
        (&prom, "# HELP"),
        (&saved, "{"),
        (&svg, "<svg"),
        (&man.join("ipcctl.1"), ".ie"),
    ] {
        let meta = std::fs::symlink_metadata(p).unwrap();
        assert!(meta.file_type().is_file(), "{p:?} is not a regular file");
        let text = std::fs::read_to_string(p).unwrap();
        assert!(
            text.starts_with(start),
            "{p:?}: {}",
            &text[..text.len().min(80)]
        );
    }
    assert_eq!(
        entries(dir.path()),
        ["ipcctl.prom", "man", "run.json", "run.svg"]
    );
    assert!(!entries(&man).iter().any(|e| e.starts_with('.')));
}

/// A write that fails half way (the file size limit stands in for a full disk) leaves the
/// previous file intact and no temporary file; the error names the file, exit 1.
#[test]
fn a_failed_write_leaves_the_previous_file_and_no_temporary() {
    let dir = tempfile::tempdir().unwrap();
    let prom = dir.path().join("ipcctl.prom");
    std::fs::write(&prom, PRECIOUS).unwrap();
    let man = dir.path().join("man");
    std::fs::create_dir(&man).unwrap();
    std::fs::write(man.join("ipcctl.1"), PRECIOUS).unwrap();
    // 1 block (512 B in dash, 1 KiB in bash): every output here is larger. SIGXFSZ is
    // ignored so that the write fails with EFBIG instead of killing ipcctl.
    let limited = |args: &[&str]| {
        Command::new("sh")
            .arg("-c")
            .arg("trap '' XFSZ; ulimit -f 1; exec \"$@\"")
            .arg("sh")
            .arg(BIN)
            .args(args)
            .output()
            .unwrap()
    };
    for (args, file) in [
        (
            // -q: only the error, not the holder-scan warning some hosts give.
            vec!["-q", "metrics", "--textfile", prom.to_str().unwrap()],
            prom.clone(),
        ),
        (vec!["man", man.to_str().unwrap()], man.join("ipcctl.1")),
    ] {
        let o = limited(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(file.to_str().unwrap()), "{args:?}: {err}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), PRECIOUS);
    }
    assert_eq!(entries(dir.path()), ["ipcctl.prom", "man"]);
    assert_eq!(entries(&man), ["ipcctl.1"]);
}

/// Run the generated bash completion for the line `line` (completing its last word, split
/// as bash splits it at ':'), insert the first candidate as bash would, and run the
/// resulting command line with `ipcctl` on PATH, in `cwd`. Returns (candidates, output).
fn complete_and_run(line: &str, cwd: &Path) -> (Vec<String>, std::process::Output) {
    let script = cwd.join("ipcctl.bash");
    let o = run(&["completions", "bash"]);
    std::fs::write(&script, &o.stdout).unwrap();
    let bin_dir = Path::new(BIN).parent().unwrap();
    let driver = r#"
        source "$1"
        COMP_LINE="$2"; COMP_POINT=${#COMP_LINE}
        # bash's own split: words at blanks, ':' a word of its own.
        read -ra COMP_WORDS <<< "$(sed 's/:/ : /g' <<< "$COMP_LINE")"
        COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
        cur="${COMP_WORDS[COMP_CWORD]}"
        _ipcctl ipcctl "$cur" "${COMP_WORDS[COMP_CWORD-1]}"
        printf 'candidate=%s\n' "${COMPREPLY[@]}"
        # Readline replaces the text after the last blank, ':' or '=' (COMP_WORDBREAKS).
        line="${COMP_LINE%"${COMP_LINE##*[[:space:]:=]}"}${COMPREPLY[0]}"
        printf 'line=%s\n' "$line"
        eval "$line"
    "#;
    let out = Command::new("bash")
        .args(["-c", driver, "driver"])
        .arg(&script)
        .arg(line)
        .current_dir(cwd)
        .env(
            "PATH",
            format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap()),
        )
        .output()
        .unwrap();
    let candidates = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("candidate="))
        .map(str::to_string)
        .collect();
    (candidates, out)
}

/// Issue 19.9: bash completion inserted object names raw, so `cache$(touch${IFS}PWNED)`
/// ran when the admin pressed Enter. Candidates are shell-quoted; the completed line
/// removes exactly that object and runs nothing.
#[test]
fn bash_completion_quotes_names_and_keeps_the_kind() {
    let cwd = tempfile::tempdir().unwrap();
    let base = crate::common::unique_name("cmd");
    let name = format!("{base}-cache$(touch${{IFS}}PWNED)");
    let obj = crate::common::ShmPath {
        path: format!("/dev/shm/{name}").into(),
    };
    std::fs::write(&obj.path, b"x").unwrap();
    let (candidates, o) = complete_and_run(&format!("ipcctl rm pshm:/{base}"), cwd.path());
    assert_eq!(
        candidates,
        [format!("/{base}-cache\\$\\(touch\\$\\{{IFS\\}}PWNED\\)")],
        "{}",
        stderr(&o)
    );
    assert!(
        o.status.success(),
        "{}{}",
        crate::common::stdout(&o),
        stderr(&o)
    );
    assert!(!cwd.path().join("PWNED").exists(), "the name was run");
    assert!(
        !obj.path.exists(),
        "the completed rm did not remove the object"
    );

    // `show shm:<TAB>` completes to shm:ID, not shm::ID (issue 20 item 2; typed in a real
    // bash on a pty by habits::bash_completes_refs_with_a_colon_and_only_the_kinds_a_subcommand_takes).
    let shm = crate::common::Shm::new(4096, 0o600);
    let (candidates, o) = complete_and_run("ipcctl show shm:", cwd.path());
    assert!(candidates.contains(&shm.id.to_string()), "{candidates:?}");
    let text = crate::common::stdout(&o);
    assert!(text.contains("line=ipcctl show shm:"), "{text}");
    assert!(!text.contains("shm::"), "{text}");
}
