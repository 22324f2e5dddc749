//! ftok keys: stat a path (as glibc's `ftok` does, following symlinks) to compute the key
//! of `KIND:ftok:PATH:PROJ`, `--ftok` and `ipcctl key`; and name the ftok origin of listed
//! keys from a few checked paths (`--ftok-paths`), stat'ed once per command.
//!
//! Paths are resolved in ipcctl's own mount namespace (with `--ns`, write the target's
//! `/proc/PID/root/tmp` to mean its `/tmp`).

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::{Ftok, FtokKey, FtokOrigin, Object};

/// Stat `f.path` and compute its key. A missing path is a usage error saying that ftok
/// needs an existing file (its inode is the key).
pub fn resolve(f: &Ftok) -> Result<FtokKey> {
    let (dev, ino) = stat(&f.path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => {
                "no such file or directory: ftok needs an existing file (the key is made from its inode and device)".to_string()
            }
            // A file's errno in a file's words (an IPC object's would call EINVAL "no such
            // object").
            _ => crate::error::io_reason(&e),
        };
        Error::usage(format!("ftok {}: {why}", f.path.display()))
    })?;
    Ok(FtokKey {
        path: f.path.display().to_string(),
        proj: f.proj,
        dev,
        ino,
        key: Ftok::key(f.proj, dev, ino),
    })
}

fn stat(p: &Path) -> std::io::Result<(u64, u64)> {
    let m = std::fs::metadata(p)?;
    Ok((m.dev(), m.ino()))
}

/// The paths checked for ftok origins, stat'ed: (path as written, dev, ino). Paths that
/// do not exist are left out (a default such as `$HOME` may be missing).
#[derive(Debug, Clone, Default)]
pub struct Checked(pub Vec<(String, u64, u64)>);

impl Checked {
    /// Stat each path once.
    pub fn stat(paths: &[PathBuf]) -> Checked {
        let mut v: Vec<(String, u64, u64)> = Vec::new();
        for p in paths {
            if let Ok((dev, ino)) = stat(p) {
                let name = p.display().to_string();
                // The same file named twice (`/tmp` and `/tmp/`) is one origin.
                if !v.iter().any(|(_, d, i)| (*d, *i) == (dev, ino)) {
                    v.push((name, dev, ino));
                }
            }
        }
        Checked(v)
    }

    /// Groups of checked paths whose ftok keys are equal for every project id: the same low
    /// 8 bits of the device and 16 of the inode, on different files.
    pub fn collisions(&self) -> Vec<Vec<String>> {
        let mut groups: Vec<(u32, Vec<String>)> = Vec::new();
        for (p, dev, ino) in &self.0 {
            let bits = Ftok::key(0, *dev, *ino);
            match groups.iter_mut().find(|(b, _)| *b == bits) {
                Some((_, g)) => g.push(p.clone()),
                None => groups.push((bits, vec![p.clone()])),
            }
        }
        groups
            .into_iter()
            .filter(|(_, g)| g.len() > 1)
            .map(|(_, g)| g)
            .collect()
    }

    /// The checked paths other than (dev, ino) whose ftok keys equal this file's.
    pub fn colliding_with(&self, dev: u64, ino: u64) -> Vec<String> {
        self.0
            .iter()
            .filter(|(_, d, i)| {
                (*d, *i) != (dev, ino) && Ftok::matches(Ftok::key(0, dev, ino), *d, *i)
            })
            .map(|(p, _, _)| p.clone())
            .collect()
    }

    /// The origin of one key, if a checked path makes it (key 0 and keys with a zero top
    /// byte are not ftok's: the project id is never 0).
    pub fn origin(&self, key: u32) -> Option<FtokOrigin> {
        let proj = (key >> 24) as u8;
        if proj == 0 {
            return None;
        }
        let mut hits = self
            .0
            .iter()
            .filter(|(_, d, i)| Ftok::matches(key, *d, *i))
            .map(|(p, _, _)| p.clone());
        let path = hits.next()?;
        Some(FtokOrigin {
            path,
            proj,
            also: hits.collect(),
        })
    }

    /// Name the ftok origin of every System V object whose key a checked path makes, unless
    /// an application profile names the object (then it stays the application's; a name
    /// from its holders or creator does not hide the path).
    pub fn attribute(&self, objects: &mut [Object]) {
        if self.0.is_empty() {
            return;
        }
        for o in objects.iter_mut() {
            o.ftok = match (o.key, &o.app) {
                (Some(k), None) => self.origin(k).map(Box::new),
                // Named by its holders or creator, not by a profile: the path still tells.
                (Some(k), Some(a)) if a.source != crate::model::AppSource::Profile => {
                    self.origin(k).map(Box::new)
                }
                _ => None,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked() -> Checked {
        Checked(vec![
            ("/tmp".into(), 0x0801, 0x0002_1234),
            ("/var/tmp".into(), 0x0802, 0x0000_5678),
            ("/x".into(), 0x0701, 0x0009_1234),
        ])
    }

    #[test]
    fn origins_and_collisions() {
        let c = checked();
        // /tmp and /x share dev & 0xff (01) and ino & 0xffff (1234).
        assert_eq!(c.collisions(), vec![vec!["/tmp".to_string(), "/x".into()]]);
        let o = c.origin(0x4101_1234).unwrap();
        assert_eq!((o.path.as_str(), o.proj), ("/tmp", b'A'));
        assert_eq!(o.also, vec!["/x".to_string()]);
        let o = c.origin(0x4102_5678).unwrap();
        assert_eq!((o.path.as_str(), o.also.len()), ("/var/tmp", 0));
        assert_eq!(c.origin(0x0002_5678), None, "proj 0 is not ftok's");
        assert_eq!(c.origin(0x4103_5678), None, "device bits differ");
        assert_eq!(
            c.colliding_with(0x0801, 0x0002_1234),
            vec!["/x".to_string()]
        );
    }

    #[test]
    fn a_profiles_object_stays_the_profiles() {
        let c = checked();
        let mut objs = vec![
            Object {
                key: Some(0x4101_1234),
                ..Object::default()
            },
            Object {
                key: Some(0x4101_1234),
                app: Some(Box::new(crate::model::AppMatch {
                    name: "qt".into(),
                    source: crate::model::AppSource::Profile,
                    profile: "qt/shm".into(),
                    detail: None,
                    pids: Vec::new(),
                    sibling: None,
                    title: "Qt".into(),
                    description: String::new(),
                    hint: None,
                    creator_pid: None,
                    foreign_pids: false,
                    live_while: None,
                })),
                ..Object::default()
            },
        ];
        c.attribute(&mut objs);
        assert!(objs[0].ftok.is_some());
        assert!(objs[1].ftok.is_none());
    }

    #[test]
    fn resolve_matches_the_formula_and_refuses_missing_paths() {
        let dir = std::env::temp_dir();
        let k = resolve(&Ftok {
            path: dir.clone(),
            proj: b'A',
        })
        .unwrap();
        let m = std::fs::metadata(&dir).unwrap();
        assert_eq!(
            k.key,
            ((m.ino() & 0xffff) | ((m.dev() & 0xff) << 16) | (0x41 << 24)) as u32
        );
        let e = resolve(&Ftok {
            path: "/nonexistent/ipcctl-ftok".into(),
            proj: 1,
        })
        .unwrap_err();
        assert!(e.to_string().contains("ftok needs an existing file"), "{e}");
        assert_eq!(e.exit_code(), crate::error::EXIT_USAGE);
    }
}
