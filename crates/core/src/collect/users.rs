//! uid/gid -> name, looked up once per distinct id (ipcs re-reads /etc/passwd per row; we
//! don't). On a live system names come from NSS; under a fixture root from its etc/ files.

use std::collections::HashMap;
use std::sync::Arc;

use super::Source;

pub struct Names {
    live: bool,
    etc: std::path::PathBuf,
    /// /etc/passwd and /etc/group have been read (on the first name asked for, so a
    /// listing with nothing to name reads neither).
    loaded: bool,
    users: HashMap<u32, Option<Arc<str>>>,
    groups: HashMap<u32, Option<Arc<str>>>,
    fixture_loaded: bool,
}

impl Names {
    pub fn new(src: &Source) -> Names {
        Names {
            live: src.is_live(),
            etc: src.path("etc"),
            loaded: false,
            users: HashMap::new(),
            groups: HashMap::new(),
            fixture_loaded: false,
        }
    }

    /// /etc/passwd and /etc/group are read once (cheap); on a live system NSS answers the
    /// ids they do not have (LDAP, sssd), once per id.
    fn load(&mut self) {
        if !self.loaded {
            self.loaded = true;
            self.users = parse_id_file(&self.etc.join("passwd"));
            self.groups = parse_id_file(&self.etc.join("group"));
            self.fixture_loaded = !self.live;
        }
    }

    pub fn user(&mut self, uid: u32) -> Option<Arc<str>> {
        self.load();
        if self.fixture_loaded {
            return self.users.get(&uid).cloned().flatten();
        }
        self.users
            .entry(uid)
            .or_insert_with(|| {
                nix::unistd::User::from_uid(uid.into())
                    .ok()
                    .flatten()
                    .map(|u| Arc::from(u.name))
            })
            .clone()
    }

    pub fn group(&mut self, gid: u32) -> Option<Arc<str>> {
        self.load();
        if self.fixture_loaded {
            return self.groups.get(&gid).cloned().flatten();
        }
        self.groups
            .entry(gid)
            .or_insert_with(|| {
                nix::unistd::Group::from_gid(gid.into())
                    .ok()
                    .flatten()
                    .map(|g| Arc::from(g.name))
            })
            .clone()
    }
}

/// Resolve `--owner USER|UID` to a uid. A number is taken as a uid even when no user has it.
pub fn resolve_owner(src: &Source, owner: &str) -> Option<u32> {
    if let Ok(uid) = owner.parse::<u32>() {
        return Some(uid);
    }
    if src.is_live() {
        return nix::unistd::User::from_name(owner)
            .ok()
            .flatten()
            .map(|u| u.uid.as_raw());
    }
    parse_id_file(&src.path("etc/passwd"))
        .into_iter()
        .find(|(_, n)| n.as_deref() == Some(owner))
        .map(|(id, _)| id)
}

/// `name:x:id:...` lines of a passwd or group file; malformed lines are skipped.
fn parse_id_file(path: &std::path::Path) -> HashMap<u32, Option<Arc<str>>> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter_map(|l| {
            let mut f = l.split(':');
            let name = f.next()?;
            let id = f.nth(1)?.parse().ok()?;
            Some((id, Some(Arc::from(name))))
        })
        .collect()
}
