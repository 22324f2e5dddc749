//! Reads application profile files (`*.toml`) from a directory: the admin's
//! `/etc/ipcctl/profiles.d` and `--profiles DIR`. Only reading happens here; parsing and
//! matching are `analysis::profiles`.

use std::path::{Path, PathBuf};

/// Where the admin's profiles live.
pub const SYSTEM_DIR: &str = "/etc/ipcctl/profiles.d";

/// One profile file's text and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileText {
    pub path: PathBuf,
    pub text: String,
}

/// The `*.toml` files of `dir`, sorted by name. A missing directory is `Ok` and empty when
/// `required` is false (the system directory is optional); a file that cannot be read is a
/// warning and the others still load.
pub fn read_dir(dir: &Path, required: bool) -> Result<(Vec<ProfileText>, Vec<String>), String> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => {
            return Ok((Vec::new(), Vec::new()));
        }
        Err(e) => return Err(format!("{}: {}", dir.display(), io_reason(&e))),
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    for path in paths {
        // A profile can turn root's and system users' objects into orphans: only a regular
        // file (never through a symlink) owned by root or the caller, that nobody else may
        // write, is read.
        let me = nix::unistd::geteuid().as_raw();
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => {
                warnings.push(format!(
                    "profile {}: is a symbolic link (not followed); skipped",
                    path.display()
                ));
                continue;
            }
            Ok(m) if !m.is_file() => continue,
            Ok(m) => {
                use std::os::unix::fs::MetadataExt;
                if (m.uid() != 0 && m.uid() != me) || m.mode() & 0o022 != 0 {
                    warnings.push(format!(
                        "profile {}: owned by uid {} with mode {:04o}: only a file of root or yours that nobody else may write is read; skipped",
                        path.display(),
                        m.uid(),
                        m.mode() & 0o7777
                    ));
                    continue;
                }
            }
            Err(e) => {
                warnings.push(format!(
                    "profile {}: {}; skipped",
                    path.display(),
                    io_reason(&e)
                ));
                continue;
            }
        }
        match std::fs::read_to_string(&path) {
            Ok(text) => out.push(ProfileText { path, text }),
            Err(e) => warnings.push(format!(
                "profile {}: {}; skipped",
                path.display(),
                io_reason(&e)
            )),
        }
    }
    Ok((out, warnings))
}

/// The one file-error wording, and what a text file that is not UTF-8 is.
fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::InvalidData => "not UTF-8 text".into(),
        _ => crate::error::io_reason(e),
    }
}

#[cfg(test)]
mod tests {
    /// Attacker pass: a symlinked profile (to /etc/shadow, say) is not followed, and a file
    /// others may write (or another user's) is not trusted; the caller's own 0644 file is.
    #[test]
    fn only_trusted_regular_files_are_read() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        let p = d.path();
        std::fs::write(p.join("good.toml"), "# ok\n").unwrap();
        std::fs::set_permissions(p.join("good.toml"), std::fs::Permissions::from_mode(0o644))
            .unwrap();
        std::fs::write(p.join("open.toml"), "# others may write\n").unwrap();
        std::fs::set_permissions(p.join("open.toml"), std::fs::Permissions::from_mode(0o666))
            .unwrap();
        std::os::unix::fs::symlink(p.join("good.toml"), p.join("link.toml")).unwrap();
        let (files, warnings) = super::read_dir(p, true).unwrap();
        let names: Vec<String> = files
            .iter()
            .map(|f| f.path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["good.toml"]);
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("link.toml") && w.contains("symbolic link")),
            "{warnings:?}"
        );
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("open.toml") && w.contains("0666")),
            "{warnings:?}"
        );
    }

    use super::*;

    #[test]
    fn reads_toml_files_in_name_order_and_skips_the_rest() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("b.toml"), "app = 'b'").unwrap();
        std::fs::write(d.path().join("a.toml"), "app = 'a'").unwrap();
        std::fs::write(d.path().join("notes.txt"), "x").unwrap();
        std::fs::create_dir(d.path().join("dir.toml")).unwrap();
        std::fs::write(d.path().join("bin.toml"), [0xff, 0xfe]).unwrap();
        let (files, warnings) = read_dir(d.path(), true).unwrap();
        let names: Vec<_> = files
            .iter()
            .map(|f| f.path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.toml", "b.toml"]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("bin.toml: not UTF-8 text"),
            "{warnings:?}"
        );
    }

    #[test]
    fn a_missing_directory_is_an_error_only_when_asked_for() {
        let d = tempfile::tempdir().unwrap();
        let missing = d.path().join("nope");
        assert_eq!(read_dir(&missing, false).unwrap().0, vec![]);
        let e = read_dir(&missing, true).unwrap_err();
        assert!(e.contains("nope: no such file or directory"), "{e}");
    }
}
