//! `ipcctl man DIR`: one man page per subcommand. clap_mangen renders what clap knows (name,
//! synopsis, description, options, subcommands); this module adds what a man page has beyond
//! `--help`: the examples as a verbatim EXAMPLES section, and REFERENCES, STATES, EXIT
//! STATUS, ENVIRONMENT, FILES and SEE ALSO. Kinds and states are listed from their enums, so
//! a new one cannot be left out of the manual.

use clap::{CommandFactory, ValueEnum};

use crate::cli::{Cli, ManArgs};
use crate::error::{Error, Result};
use crate::model::{Kind, State};

pub fn run(a: ManArgs) -> Result<i32> {
    std::fs::create_dir_all(&a.dir).map_err(|e| Error::io(&a.dir, e))?;
    for (name, page) in pages() {
        let path = a.dir.join(name);
        crate::output::write_file(&path, page.as_bytes())?;
    }
    Ok(0)
}

/// Every page: (file name, roff text), the top-level `ipcctl.1` first.
pub fn pages() -> Vec<(String, String)> {
    // As clap_mangen::generate_to does: built, so subcommands carry their display names
    // (`ipcctl-list`), and without clap's `help` subcommand.
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut out = Vec::new();
    collect(&cmd, true, None, &mut out);
    out
}

/// `inherited`: the parent's examples, for a nested subcommand without its own (`sem set`
/// shows those of `sem`).
fn collect(
    cmd: &clap::Command,
    top: bool,
    inherited: Option<String>,
    out: &mut Vec<(String, String)>,
) {
    let after = cmd.get_after_help().map(|a| a.to_string()).or(inherited);
    out.push(page(cmd, top, after.as_deref()));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, false, (!top).then(|| after.clone()).flatten(), out);
    }
}

/// Render clap_mangen's part into `r` (it writes into any `io::Write`).
fn mangen(r: &mut String, f: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) {
    let mut buf = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = f(&mut buf);
    r.push_str(&String::from_utf8_lossy(&buf));
}

fn page(cmd: &clap::Command, top: bool, after: Option<&str>) -> (String, String) {
    let man = clap_mangen::Man::new(cmd.clone());
    let mut r = String::new();
    mangen(&mut r, |w| man.render_title(w));
    mangen(&mut r, |w| man.render_name_section(w));
    mangen(&mut r, |w| man.render_synopsis_section(w));
    mangen(&mut r, |w| man.render_description_section(w));
    if top {
        description(&mut r);
    }
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        mangen(&mut r, |w| man.render_options_section(w));
    }
    if cmd.has_subcommands() {
        mangen(&mut r, |w| man.render_subcommands_section(w));
    }
    if top {
        references(&mut r);
        states(&mut r);
    }
    exit_status(&mut r, top);
    if top {
        environment(&mut r);
        files(&mut r);
    }
    if let Some(after) = after {
        examples(&mut r, after);
    }
    see_also(&mut r, cmd, top);
    (man.get_filename(), r)
}

/// Escape text for roff: backslashes, hyphens meant as minus signs (options, refs), and a
/// leading `.` or `'` that would be read as a request.
fn esc(s: &str) -> String {
    let t = s.replace('\\', "\\e").replace('-', "\\-");
    if t.starts_with('.') || t.starts_with('\'') {
        format!("\\&{t}")
    } else {
        t
    }
}

fn section(r: &mut String, name: &str) {
    r.push_str(&format!(".SH {name}\n"));
}

fn para(r: &mut String, text: &str) {
    r.push_str(".PP\n");
    r.push_str(&esc(text));
    r.push('\n');
}

/// A tagged paragraph: `tag` in bold, then `text`.
fn item(r: &mut String, tag: &str, text: &str) {
    r.push_str(&format!(".TP\n\\fB{}\\fR\n{}\n", esc(tag), esc(text)));
}

/// Lines kept as they are (no filling), indented.
fn verbatim(r: &mut String, lines: &[&str]) {
    r.push_str(".PP\n.RS 4\n.nf\n");
    for l in lines {
        r.push_str(&esc(l));
        r.push('\n');
    }
    r.push_str(".fi\n.RE\n");
}

fn description(r: &mut String) {
    para(
        r,
        "One table for all six kinds of IPC object, references that name any of them, holders \
         (the processes attached to, mapping or holding each object open, found in /proc), orphan \
         detection with the evidence for each verdict, removal that re-checks identity first, \
         kernel limits with their use, a live view, Prometheus metrics and a benchmark.",
    );
    para(
        r,
        "list, show, limits, orphans, metrics, doctor and top only read: they never change an \
         object, not even its times, with one exception on request: show --queued-bytes \
         pmq:/NAME reads the queue's status text, and the kernel sets that queue's access and \
         change times to now when it is read. Tables are for people \
         (human sizes, ages, user names); --json prints typed values for scripts, with null for \
         what is unknown.",
    );
}

fn kind_help(k: Kind) -> String {
    k.to_possible_value()
        .and_then(|v| v.get_help().map(|h| h.to_string()))
        .unwrap_or_default()
}

fn references(r: &mut String) {
    section(r, "REFERENCES");
    para(
        r,
        "An object is named by a reference KIND:IDENT, and every listing can print references one \
         per line (-o ref --no-headings) for other commands to take. The kinds:",
    );
    for k in Kind::ALL {
        item(r, k.as_str(), &kind_help(k));
    }
    para(
        r,
        "System V objects (msg, shm, sem) are named by id or by key: shm:32768, shm:0x0000abcd. \
         A key is always written in hexadecimal with 0x; key 0 (IPC_PRIVATE) names no object and \
         is refused. POSIX objects (pmq, pshm, psem) are named by name: pmq:/jobs, pshm:/frames, \
         psem:/lock; the leading / is optional on input and always shown on output. Names that \
         are not UTF-8 are shown escaped, and the escaped form is accepted back.",
    );
}

/// What each orphan state means (every state, listed from the enum).
fn state_meaning(s: State) -> &'static str {
    match s {
        State::InUse => "a live process holds it: attached, mapped, open, or blocked on it",
        State::UnlinkedMapped => {
            "POSIX memory whose name was removed while processes still map it; it is freed when \
             they unmap or exit, and there is nothing left to remove"
        }
        State::Orphan => {
            "proven: all four premises hold (see PROOF); every recorded pid is dead (a pid now \
             used by a process started after the object's last activity counts as dead)"
        }
        State::LikelyOrphan => {
            "premises 1, 2 and 4 hold, every recorded pid is dead and it has been idle for \
             --min-idle (default 1h), but someone who could reopen it may live: root or a \
             system user owns it, or live tasks of its owner remain"
        }
        State::Unknown => {
            "a premise failed and no holder is proven; the evidence names which (a task that \
             could not be seen or inspected, a live task of the owner, too young to judge)"
        }
        State::MarkedForDeletion => {
            "a shm segment removed while still attached; it goes with the last detach"
        }
    }
}

fn states(r: &mut String) {
    section(r, "STATES");
    para(
        r,
        "orphans, clean, list --orphans and metrics classify each object, with the evidence for \
         the verdict (-o ...,state,why; orphan_reasons in JSON):",
    );
    for s in [
        State::InUse,
        State::Orphan,
        State::LikelyOrphan,
        State::Unknown,
        State::MarkedForDeletion,
    ] {
        item(r, s.as_str(), state_meaning(s));
    }
    para(
        r,
        "clean removes only orphan objects (and likely-orphan ones with --include-likely), \
         re-checking each right before removal.",
    );
    section(r, "PROOF");
    para(
        r,
        "orphan is a proof with four premises, the same for all six kinds, each reported as \
         typed evidence (JSON evidence: {code, text, ...}):",
    );
    item(
        r,
        "1. complete view",
        "every task that can reach the object was inspected: not in a nested PID namespace \
         unless --complete-view says it holds every task; /proc ours and without hidepid; no \
         pid 0 recorded for an activity; for queues and POSIX objects, no task that could not \
         be inspected (codes view-complete, view-incomplete, nested-pid-namespace)",
    );
    item(
        r,
        "2. no holder",
        "no attachment, mapping, descriptor (in any thread's fd table, a zombie leader read \
         through a live thread) or waiter; never a SHM_LOCKed segment (holder, no-holder, locked)",
    );
    item(
        r,
        "3. nobody left who could open it",
        "no live task with the owner or creator uid as any of its uids, of its group when group \
         bits are set, or any non-root task when other bits are set; never for root, system \
         uids, systemd dynamic users, nobody, or users with linger, a crontab or at jobs, \
         unless an application profile proves the object's life was bound to daemons that are \
         gone (owner-has-processes, owner-has-no-processes, protected-owner, profile-proof)",
    );
    item(
        r,
        "4. settled",
        "older than --settle (default 60s), no time in the future, unchanged while the \
         processes were scanned (settled, unsettled)",
    );
    para(
        r,
        "systemd-logind's RemoveIPC removes a user's objects when the user's last session ends; \
         ipcctl asks for no live process of the user at all, spares the same system users, and \
         adds the other three premises.",
    );
}

fn exit_status(r: &mut String, top: bool) {
    section(r, "EXIT STATUS");
    item(
        r,
        "0",
        "Success; also when the reader of stdout went away (ipcctl list | head).",
    );
    item(
        r,
        "1",
        "At least one object failed (not found, permission denied, in use, a full or empty queue \
         with --nowait, a timeout) while the others were processed; orphans --check: orphans \
         exist; doctor: a limit is above its threshold.",
    );
    item(
        r,
        "2",
        "Usage error: a malformed reference, key 0, the wrong kind for the command, a bad size, \
         duration or option.",
    );
    item(r, "130", "Interrupted (Ctrl-C).");
    if top {
        para(
            r,
            "Errors are one line on stderr naming the object and the reason, e.g. \
             ipcctl: shm:123: no such object.",
        );
    }
}

fn environment(r: &mut String) {
    section(r, "ENVIRONMENT");
    item(
        r,
        "NO_COLOR",
        "When set to a non-empty value, tables are not coloured and no progress is drawn \
         (--color always still colours). Colour is only ever used on a terminal and never with \
         --json.",
    );
}

fn files(r: &mut String) {
    section(r, "FILES");
    item(
        r,
        "/proc/sysvipc/msg, /proc/sysvipc/shm, /proc/sysvipc/sem",
        "System V objects of the IPC namespace.",
    );
    item(
        r,
        "/dev/shm",
        "POSIX shared memory objects (NAME) and named semaphores (sem.NAME).",
    );
    item(
        r,
        "/dev/mqueue",
        "POSIX message queues (the mqueue filesystem; when it is not mounted, ipcctl as root \
         mounts a private instance in a child mount namespace).",
    );
    item(
        r,
        "/proc/sys/kernel/*, /proc/sys/fs/mqueue/*",
        "Kernel limits: msgmni, msgmax, msgmnb, shmmni, shmmax, shmall, sem; queues_max, \
         msg_max, msgsize_max, msg_default, msgsize_default.",
    );
    item(
        r,
        "/proc/PID/maps, /proc/PID/fd, /proc/PID/ns/ipc",
        "Holders: what each process maps and holds open, and its IPC namespace.",
    );
    item(
        r,
        "/etc/ipcctl/profiles.d/*.toml",
        "Application profiles of the admin (see --profiles): they add to and override the \
         built-in ones, which name the objects of PostgreSQL, Apache, Python multiprocessing, \
         PyTorch and others in the APP column.",
    );
}

/// The `--help` epilogue: its first paragraph, when it is the examples, becomes EXAMPLES;
/// anything after it (metric names, keys) NOTES. Kept verbatim: the lines are commands.
fn examples(r: &mut String, after: &str) {
    let mut paras = after.split("\n\n");
    let first = paras.next().unwrap_or_default();
    let rest: Vec<&str> = paras.collect();
    match first.strip_prefix("Examples:\n") {
        Some(ex) => {
            section(r, "EXAMPLES");
            verbatim(r, &ex.lines().collect::<Vec<_>>());
        }
        None => {
            section(r, "NOTES");
            verbatim(r, &first.lines().collect::<Vec<_>>());
        }
    }
    if !rest.is_empty() {
        section(r, "NOTES");
        for p in rest {
            verbatim(r, &p.lines().collect::<Vec<_>>());
        }
    }
}

fn see_also(r: &mut String, cmd: &clap::Command, top: bool) {
    section(r, "SEE ALSO");
    let mut refs: Vec<String> = Vec::new();
    if top {
        refs.extend(
            cmd.get_subcommands()
                .filter(|s| !s.is_hide_set())
                .map(|s| format!("{}(1)", s.get_display_name().unwrap_or(s.get_name()))),
        );
    } else {
        refs.push("ipcctl(1)".into());
    }
    for p in [
        "ipcs(1)",
        "ipcrm(1)",
        "ipcmk(1)",
        "lsipc(1)",
        "lsfd(1)",
        "sysvipc(7)",
        "mq_overview(7)",
        "shm_overview(7)",
        "sem_overview(7)",
    ] {
        refs.push(p.into());
    }
    let text: Vec<String> = refs
        .iter()
        .map(|p| match p.split_once('(') {
            // \% keeps a name from being hyphenated at a line break.
            Some((name, sect)) => format!("\\%\\fB{}\\fR({sect}", esc(name)),
            None => esc(p),
        })
        .collect();
    r.push_str(".PP\n");
    r.push_str(&text.join(", "));
    r.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roff_escapes() {
        assert_eq!(esc("a-b"), "a\\-b");
        assert_eq!(esc("c:\\x"), "c:\\ex");
        assert_eq!(esc(".hidden"), "\\&.hidden");
        assert_eq!(esc("'quoted'"), "\\&'quoted'");
    }

    #[test]
    fn examples_become_a_verbatim_section_and_the_rest_notes() {
        let mut r = String::new();
        examples(&mut r, "Examples:\n  ipcctl top\n.x\n\nKeys: q quits.");
        assert_eq!(
            r,
            ".SH EXAMPLES\n.PP\n.RS 4\n.nf\n  ipcctl top\n\\&.x\n.fi\n.RE\n\
             .SH NOTES\n.PP\n.RS 4\n.nf\nKeys: q quits.\n.fi\n.RE\n"
        );
    }
}
