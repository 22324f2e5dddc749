//! The filters shared by list, orphans, clean and rm --all (`--owner`, `--older-than`,
//! `--unused`, `--name`, `--key`/`--ftok`, `--app`), validated once and applied per object.

use crate::cli::FilterArgs;
use crate::collect::{Source, users};
use crate::error::{Error, Result};
use crate::model::{Object, Usage, parse_key_option};
use crate::sys::process::Glob;

#[derive(Debug, Default)]
pub struct Filter {
    pub uid: Option<u32>,
    pub older_than_secs: Option<i64>,
    /// `--idle-for` in seconds: since the last use (`Object::last_use`).
    pub idle_for_secs: Option<i64>,
    pub unused: bool,
    /// `--name`, in the one glob dialect (`sys::process::Glob`, as profiles' `glob`).
    pub name: Option<Glob>,
    pub key: Option<u32>,
    /// `--app`: the application's name as the profiles spell it.
    pub app: Option<std::sync::Arc<str>>,
}

/// `--ftok PATH:PROJ` (create, and the filters): the key glibc's ftok makes.
pub fn ftok_option(s: &str) -> Result<u32> {
    let f = crate::model::Ftok::parse(s).map_err(|m| Error::usage(format!("--ftok: {m}")))?;
    Ok(crate::collect::ftok::resolve(&f)?.key)
}

impl Filter {
    pub fn new(src: &Source, a: &FilterArgs) -> Result<Filter> {
        let uid = match &a.owner {
            None => None,
            Some(o) => Some(
                users::resolve_owner(src, o)
                    .ok_or_else(|| Error::usage(format!("--owner: no such user '{o}'")))?,
            ),
        };
        let key = match &a.ftok {
            Some(f) => Some(ftok_option(f)?),
            None => parse_key_option(a.key.as_deref())?,
        };
        let app = match &a.app {
            None => None,
            Some(n) => {
                let p = &crate::analysis::profiles::active().profiles;
                let app = p.app(n).ok_or_else(|| {
                    let known: Vec<&str> = p.apps().iter().map(|a| &*a.name).collect();
                    Error::usage(format!(
                        "--app: no profile names an application '{n}' (known: {})",
                        known.join(", ")
                    ))
                })?;
                Some(app.name.clone())
            }
        };
        let name = a
            .name
            .as_deref()
            .map(|g| {
                Glob::new(g.strip_prefix('/').unwrap_or(g))
                    .ok_or_else(|| Error::usage("--name: a pattern must not contain NUL"))
            })
            .transpose()?;
        Ok(Filter {
            uid,
            // A duration beyond i64 seconds saturates: nothing is that old.
            older_than_secs: a
                .older_than
                .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
            idle_for_secs: a
                .idle_for
                .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
            unused: a.unused,
            name,
            key,
            app,
        })
    }

    /// True when at least one filter is set (rm --all needs one, or --force).
    pub fn is_active(&self) -> bool {
        self.uid.is_some()
            || self.older_than_secs.is_some()
            || self.idle_for_secs.is_some()
            || self.unused
            || self.name.is_some()
            || self.key.is_some()
            || self.app.is_some()
    }

    pub fn matches(&self, o: &Object, now: i64) -> bool {
        if let Some(u) = self.uid
            && o.uid != u
        {
            return false;
        }
        if let Some(age) = self.older_than_secs {
            match o.created() {
                Some(c) if now.saturating_sub(c.at) >= age => {}
                _ => return false,
            }
        }
        if let Some(idle) = self.idle_for_secs {
            match o.last_use() {
                Some(t) if now.saturating_sub(t) >= idle => {}
                _ => return false,
            }
        }
        if let Some(k) = self.key
            && o.key != Some(k)
        {
            return false;
        }
        if let Some(glob) = &self.name {
            let Some(name) = o.name.as_deref() else {
                return false; // System V objects have no names
            };
            if !glob.matches(name.strip_prefix('/').unwrap_or(name)) {
                return false;
            }
        }
        if let Some(app) = &self.app
            && o.app.as_ref().is_none_or(|a| a.name != *app)
        {
            return false;
        }
        if self.unused && !is_unused(o) {
            return false;
        }
        true
    }
}

/// No holder and nothing attached. Unknown holders count as "not known to be unused".
pub fn is_unused(o: &Object) -> bool {
    matches!(o.usage(), Usage::Unused)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    fn obj(kind: Kind, name: Option<&str>, uid: u32, ctime: i64) -> Object {
        Object {
            kind,
            name: name.map(str::to_string),
            uid,
            ctime: Some(ctime),
            key: kind.is_sysv().then_some(0x1234),
            ..Default::default()
        }
    }

    #[test]
    fn filters_combine() {
        let f = Filter {
            uid: Some(1000),
            older_than_secs: Some(60),
            name: Glob::new("ipcctl-*"),
            ..Default::default()
        };
        assert!(f.matches(&obj(Kind::Pshm, Some("/ipcctl-x"), 1000, 10), 100));
        assert!(!f.matches(&obj(Kind::Pshm, Some("/ipcctl-x"), 1000, 50), 100));
        assert!(!f.matches(&obj(Kind::Pshm, Some("/other"), 1000, 0), 100));
        assert!(!f.matches(&obj(Kind::Pshm, Some("/ipcctl-x"), 0, 0), 100));
        assert!(!f.matches(&obj(Kind::Shm, None, 1000, 0), 100));
        let k = Filter {
            key: Some(0x1234),
            ..Default::default()
        };
        assert!(k.matches(&obj(Kind::Shm, None, 0, 0), 0));
        assert!(!k.matches(&obj(Kind::Pshm, Some("/a"), 0, 0), 0));
        assert!(k.is_active() && !Filter::default().is_active());
    }

    #[test]
    fn huge_older_than_selects_nothing() {
        // Regression (issue 10.3): 300000000000y wrapped negative and matched everything.
        let f = Filter {
            older_than_secs: Some(i64::MAX),
            ..Default::default()
        };
        assert!(!f.matches(&obj(Kind::Pshm, Some("/x"), 1000, 1), 1_800_000_000));
        let f = Filter {
            older_than_secs: Some(i64::MAX),
            ..Default::default()
        };
        assert!(!f.matches(&obj(Kind::Pshm, Some("/x"), 1000, 0), 1_800_000_000));
    }
}
