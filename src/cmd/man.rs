//! `ipcctl man DIR`: one man page per subcommand. clap_mangen renders what clap knows (name,
//! description, options, subcommands); this module adds what a man page has beyond `--help`:
//! a SYNOPSIS with value placeholders, the examples as a verbatim EXAMPLES section, and
//! REFERENCES, STATES, PROOF (also in ipcctl-orphans(1)), EXIT STATUS, ENVIRONMENT, FILES and
//! SEE ALSO. Kinds and states are listed from their enums, so a new one cannot be left out of
//! the manual.

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
    synopsis(&mut r, cmd);
    mangen(&mut r, |w| man.render_description_section(w));
    if top {
        description(&mut r);
    }
    if cmd.get_name() == "orphans" {
        orphans_description(&mut r);
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

/// SYNOPSIS as clap_mangen writes it, but with each option's value placeholder
/// (`[--owner USER|UID]`, not `[--owner]`).
fn synopsis(r: &mut String, cmd: &clap::Command) {
    section(r, "SYNOPSIS");
    let name = cmd
        .get_display_name()
        .unwrap_or(cmd.get_name())
        .replace('-', " ");
    let mut parts = vec![format!("\\fB{}\\fR", esc(&name))];
    for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
        let values: Vec<String> = a
            .get_value_names()
            .map(|v| v.iter().map(|n| n.to_string()).collect())
            .unwrap_or_else(|| vec![a.get_id().as_str().to_uppercase()]);
        let takes = a.get_action().takes_values();
        let many = a.get_num_args().is_some_and(|n| n.max_values() > 1);
        let placeholder = values
            .iter()
            .map(|v| format!("\\fI{}\\fR", esc(v)))
            .collect::<Vec<_>>()
            .join(" ");
        let dots = if many { "..." } else { "" };
        let text = if a.is_positional() {
            format!("{placeholder}{dots}")
        } else {
            let mut flags = Vec::new();
            if let Some(c) = a.get_short() {
                flags.push(format!("\\fB\\-{}\\fR", esc(&c.to_string())));
            }
            if let Some(l) = a.get_long() {
                flags.push(format!("\\fB\\-\\-{}\\fR", esc(l)));
            }
            let flags = flags.join("|");
            if takes {
                format!("{flags} {placeholder}{dots}")
            } else {
                flags
            }
        };
        parts.push(if a.is_required_set() {
            text
        } else {
            format!("[{text}]")
        });
    }
    if cmd.has_subcommands() {
        parts.push("\\fICOMMAND\\fR".into());
    }
    r.push_str(&parts.join(" "));
    r.push('\n');
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
    para(
        r,
        "A System V key made by ftok(3) can be named by its path and project id instead: \
         msg:ftok:/tmp:A or shm:ftok:/srv/app.conf:65 (PROJ a number, or one character taken \
         as its code). The key is computed as glibc does, (PROJ & 0xff) << 24 | (st_dev & 0xff) \
         << 16 | (st_ino & 0xffff) of the existing PATH, so two files whose inodes share the \
         low 16 bits can give the same key; ipcctl key PATH PROJ prints it.",
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
             could not be seen or inspected, a live task of the owner, too young to judge). \
             While any process cannot be inspected (even by root: a VM agent, a process the \
             kernel protects), POSIX objects and message queues are unknown at best, never \
             orphan: ipcctl rm REF removes one"
        }
        State::MarkedForDeletion => {
            "a shm segment removed while still attached; it goes with the last detach"
        }
    }
}

/// Every state, in the order the manual lists them. The match makes a new variant a compile
/// error here until it is added to the list (and `state_meaning` gives it a meaning); the
/// STATES test checks the list has each once.
fn all_states() -> [State; 6] {
    let _every_variant_is_listed = |s: State| match s {
        State::InUse
        | State::UnlinkedMapped
        | State::Orphan
        | State::LikelyOrphan
        | State::Unknown
        | State::MarkedForDeletion => (),
    };
    [
        State::InUse,
        State::UnlinkedMapped,
        State::Orphan,
        State::LikelyOrphan,
        State::Unknown,
        State::MarkedForDeletion,
    ]
}

fn states(r: &mut String) {
    section(r, "STATES");
    para(
        r,
        "orphans, clean, list --orphans and metrics classify each object, with the evidence for \
         the verdict (-o ...,state,why; orphan_reasons in JSON):",
    );
    for s in all_states() {
        item(r, s.as_str(), state_meaning(s));
    }
    para(
        r,
        "clean removes only orphan objects (and likely-orphan ones with --include-likely), \
         re-checking each right before removal.",
    );
    section(r, "PROOF");
    premises(r);
    para(
        r,
        "systemd-logind's RemoveIPC removes a user's objects when the user's last session ends; \
         ipcctl asks for no live process of the user at all, spares the same system users, and \
         adds the other three premises.",
    );
}

/// The four premises of an orphan (README, "How ipcctl proves an orphan"): in ipcctl(1)'s
/// PROOF and in ipcctl-orphans(1).
fn premises(r: &mut String) {
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
         pid 0 recorded for an activity and no more attachments counted than seen; for queues \
         and POSIX objects (which keep no count of their users), no task that could not be \
         inspected, even by root (codes view-complete, view-incomplete, nested-pid-namespace)",
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
         bits are set, or any non-root task when other bits are set, nor a non-root task with a \
         capability that opens another user's object; never for root, system uids, systemd \
         dynamic users, nobody, subordinate uids, a container's root or system users, users \
         with linger, a crontab, at jobs or a unit of their own, or an object whose group or \
         other bits let other users in (their jobs may open it later), unless an application profile \
         proves the object's life was bound to daemons that are gone (owner-has-processes, \
         owner-has-no-processes, protected-owner, profile-proof)",
    );
    item(
        r,
        "4. settled",
        "older than --settle (default 60s), no time in the future, unchanged while the \
         processes were scanned (settled, unsettled)",
    );
}

/// What ipcctl-orphans(1) says beyond its one-line summary.
fn orphans_description(r: &mut String) {
    para(
        r,
        "Lists the objects that may be left over: by default every object but those in use, \
         each with its state (in-use, unlinked-mapped, orphan, likely-orphan, unknown, \
         marked-for-deletion; see STATES in ipcctl(1)) and the evidence for it (the WHY column; \
         orphan_reasons and evidence in JSON). Nothing is changed: clean removes orphans.",
    );
    premises(r);
    para(
        r,
        "When premises 1, 2 and 4 hold, every recorded pid is dead and the object has been idle \
         for --min-idle, but premise 3 fails (root or a system user owns it, say), it is \
         likely-orphan. Any other failed premise makes it unknown: with a process that could \
         not be inspected, POSIX objects and message queues are never orphan; remove one with \
         ipcctl rm REF once you know it is unused.",
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

    /// The text of section `name` of a page (up to the next `.SH`).
    fn section_of<'a>(page: &'a str, name: &str) -> &'a str {
        let start = page
            .find(&format!(".SH {name}\n"))
            .unwrap_or_else(|| panic!("no {name} section"));
        let rest = &page[start + 1..];
        &rest[..rest.find("\n.SH ").map_or(rest.len(), |e| e + 1)]
    }

    fn page_named(name: &str) -> String {
        pages()
            .into_iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no page {name}"))
            .1
    }

    #[test]
    fn states_section_lists_every_state_of_the_model() {
        let top = page_named("ipcctl.1");
        let states = section_of(&top, "STATES");
        for s in all_states() {
            assert!(
                states.contains(&format!(".TP\n\\fB{}\\fR\n", esc(s.as_str()))),
                "{} missing from STATES:\n{states}",
                s.as_str()
            );
        }
        // Every variant, each once (all_states is checked against the enum by its match).
        let mut names: Vec<&str> = all_states().iter().map(|s| s.as_str()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), all_states().len());
        assert_eq!(states.matches(".TP\n").count(), all_states().len());
    }

    #[test]
    fn orphans_page_describes_the_proof_and_the_premises_match_ipcctl_1() {
        let orphans = page_named("ipcctl-orphans.1");
        let description = section_of(&orphans, "DESCRIPTION");
        let mut proof = String::new();
        premises(&mut proof);
        assert!(description.contains(&proof), "{description}");
        assert!(section_of(&page_named("ipcctl.1"), "PROOF").contains(&proof));
        for p in [
            "1. complete view",
            "2. no holder",
            "3. nobody left who could open it",
            "4. settled",
        ] {
            assert!(description.contains(&esc(p)), "{p}: {description}");
        }
        assert!(description.contains("likely\\-orphan"), "{description}");
    }

    #[test]
    fn synopses_name_the_values_options_take() {
        let orphans = page_named("ipcctl-orphans.1");
        let synopsis = section_of(&orphans, "SYNOPSIS");
        for want in [
            "[\\fB\\-\\-owner\\fR \\fIUSER|UID\\fR]",
            "[\\fB\\-o\\fR|\\fB\\-\\-output\\fR \\fICOLS\\fR]",
            "[\\fB\\-\\-check\\fR]",
            "[\\fIKINDS\\fR...]",
        ] {
            assert!(synopsis.contains(want), "{want} not in {synopsis}");
        }
        let top = page_named("ipcctl.1");
        assert!(section_of(&top, "SYNOPSIS").contains("[\\fB\\-\\-ns\\fR \\fIPID\\fR]"));
    }

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
