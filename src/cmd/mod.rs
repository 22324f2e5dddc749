//! One module per subcommand: glue only (collect or analysis -> filter -> render, or a
//! mutation through `kinds`). `run` dispatches, and refuses a `--root` fixture for every
//! command that acts on live objects, in one place.

mod bench;
mod clean;
mod completions;
mod create;
pub mod doctor;
mod history;
mod key;
mod limits;
mod list;
mod man;
mod metrics;
mod orphans;
mod read;
mod record;
mod recv;
mod rm;
mod sem;
mod send;
mod show;
mod top;
mod write;

pub use completions::complete;

use crate::cli::{Cli, Command};
use crate::collect::Source;
use crate::error::Result;
use crate::output::Output;

/// What every subcommand gets: where to read the kernel's files and how to print.
pub struct Ctx {
    pub src: Source,
    pub out: Output,
    /// How orphans are judged: `--clock-tolerance`, `--settle`, `--min-idle`,
    /// `--complete-view` (the time is taken when `policy()` is asked).
    pub judging: crate::analysis::orphans::Policy,
    /// `--ftok-paths`: files whose ftok keys name the origin of listed keys.
    pub ftok_paths: Vec<std::path::PathBuf>,
    /// Those paths stat'ed, on first use (once per command).
    pub ftok_checked: std::sync::OnceLock<crate::collect::ftok::Checked>,
    /// The application profiles of this run (`--profiles DIR`), loaded on first use.
    pub profiles: crate::analysis::profiles::RunProfiles,
    /// The recorder's journal (`--journal`).
    pub journal: std::path::PathBuf,
}

impl Ctx {
    /// Print a listing: JSON array with `--json`, else the table with the chosen columns.
    pub fn print_objects(
        &self,
        objs: &[crate::model::Object],
        cols: &[crate::model::Column],
        t: &crate::cli::TableArgs,
    ) -> Result<()> {
        if self.out.json {
            crate::output::print_json(objs)
        } else {
            crate::output::print_with(|w| {
                crate::render::objects::write_table(
                    w,
                    objs,
                    cols,
                    !t.no_headings,
                    t.bytes,
                    self.out.color,
                    self.out.verbose,
                )
            })
        }
    }

    /// Fill the objects' recorded creators from the journal; an unreadable journal is a
    /// note (printed when `say` is set: the caller asked for creator data), never an error.
    pub fn attach_creators(&self, objs: &mut [crate::model::Object], say: bool) {
        if let Err(e) = crate::collect::creator::attach(&self.src, &self.journal, objs)
            && say
        {
            self.out
                .note(&crate::render::record::journal_unreadable(&e.to_string()));
        }
        crate::analysis::profiles::attribute_by_recorded(objs);
    }

    /// How objects are judged now (orphan states).
    pub fn policy(&self) -> crate::analysis::orphans::Policy {
        crate::analysis::orphans::Policy {
            now: crate::analysis::orphans::Policy::now().now,
            ..self.judging
        }
    }

    /// Print collector warnings on stderr, one line each; without -v, the gaps in the view
    /// (kinds not listed, processes not inspected: what a normal user meets on every
    /// command) share one line. A skipped entry or an object's problem keeps its own line.
    pub fn warn_all(&self, warnings: &[crate::model::Warning]) {
        use crate::model::Warning;
        let gap = |w: &&Warning| {
            !w.kinds_not_listed().is_empty() || matches!(w, Warning::HolderScanIncomplete { .. })
        };
        if !self.out.verbose && warnings.iter().filter(gap).count() > 1 {
            let texts: Vec<String> = warnings
                .iter()
                .filter(gap)
                .map(crate::render::warnings::text)
                .collect();
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            self.out.warn(&crate::render::joined_warnings(&texts));
            for w in warnings.iter().filter(|w| !gap(w)) {
                self.out.warn(&crate::render::warnings::text(w));
            }
            return;
        }
        for w in warnings {
            self.out.warn(&crate::render::warnings::text(w));
            if let Some(d) = crate::render::warnings::detail(w) {
                self.out.detail(&d);
            }
        }
    }

    /// Name the ftok origin of the System V keys among `objs` (a few stat calls, once per
    /// command, and none when there is no System V object or on a `--root` fixture).
    pub fn name_ftok_origins(&self, objs: &mut [crate::model::Object]) {
        // A `--root` fixture's keys were made on another machine: this one's paths say
        // nothing about them.
        if !self.src.is_live() || !objs.iter().any(|o| o.key.is_some_and(|k| k != 0)) {
            return;
        }
        let checked = self.checked_ftok_paths();
        checked.attribute(objs);
        // Keys that two checked paths both make: say so once per group of paths.
        for group in checked.collisions() {
            if objs
                .iter()
                .any(|o| o.ftok.as_ref().is_some_and(|f| group.contains(&f.path)))
            {
                self.out
                    .warn(&crate::render::objects::ftok_paths_collide(&group));
            }
        }
    }

    /// A reference argument as a `Ref`: `KIND:ftok:PATH:PROJ` is resolved here (PATH
    /// stat'ed) into the key glibc's ftok computes, with a warning when a checked path
    /// (`--ftok-paths`) gives the same keys.
    pub fn resolve_ref(&self, s: &str) -> Result<crate::model::Ref> {
        use crate::model::{Ident, Ref, RefArg};
        match s.parse::<RefArg>()? {
            RefArg::Ref(r) => Ok(r),
            RefArg::Ftok { kind, ftok } => {
                let k = self.ftok_key(&ftok)?;
                let r = Ref {
                    kind,
                    ident: Ident::Key(k.key),
                };
                self.out
                    .detail(&crate::render::objects::ftok_resolved(&r, &k));
                Ok(r)
            }
        }
    }

    /// `--ftok-paths`, stat'ed on the first call of the command.
    pub fn checked_ftok_paths(&self) -> &crate::collect::ftok::Checked {
        self.ftok_checked
            .get_or_init(|| crate::collect::ftok::Checked::stat(&self.ftok_paths))
    }

    /// Compute an ftok key; warn when another checked path makes the same keys.
    pub fn ftok_key(&self, f: &crate::model::Ftok) -> Result<crate::model::FtokKey> {
        let k = crate::collect::ftok::resolve(f)?;
        let others = self.checked_ftok_paths().colliding_with(k.dev, k.ino);
        if !others.is_empty() {
            self.out
                .warn(&crate::render::objects::ftok_collision(&k, &others));
        }
        Ok(k)
    }

    /// Warn about a holder scan's gap, with its detail under -v.
    pub fn warn_gap(&self, g: &crate::model::ScanGap) {
        self.out.warn(&crate::render::evidence::scan_gap(g));
        if let Some(d) = crate::render::evidence::scan_gap_detail(g) {
            self.out.detail(&d);
        }
    }
}

/// Does this command act on live IPC objects through system calls (create, send, receive,
/// read or write their contents, semaphore ops, removal)? Such commands cannot run against a
/// `--root` fixture tree, whose objects are not the ones the calls would touch. Checked here,
/// once, before anything happens; `kinds` enforces it again by requiring a `Live` proof.
fn acts_on_live_objects(c: &Command) -> bool {
    match c {
        Command::Create(_)
        | Command::Send(_)
        | Command::Recv(_)
        | Command::Read(_)
        | Command::Write(_)
        | Command::Sem(_)
        | Command::Rm(_) => true,
        Command::Clean(a) => a.yes,
        Command::Key(_) => false,
        Command::List(_)
        | Command::Show(_)
        | Command::Limits
        | Command::Orphans(_)
        | Command::Metrics(_)
        | Command::Doctor(_)
        | Command::Top(_)
        | Command::Bench(_)
        | Command::Completions(_)
        | Command::Man(_)
        | Command::Record(_)
        | Command::History(_) => false,
    }
}

/// The arguments of a command that are references (KIND:IDENT).
fn ref_args(c: &Command) -> Vec<String> {
    match c {
        Command::Show(a) => vec![a.reference.clone()],
        Command::Send(a) => vec![a.reference.clone()],
        Command::Recv(a) => vec![a.reference.clone()],
        Command::Read(a) => vec![a.reference.clone()],
        Command::Write(a) => vec![a.reference.clone()],
        Command::Sem(a) => vec![a.reference.clone()],
        Command::Rm(a) if !a.all => a.references.clone(),
        Command::Rm(_)
        | Command::List(_)
        | Command::Limits
        | Command::Create(_)
        | Command::Orphans(_)
        | Command::Clean(_)
        | Command::Metrics(_)
        | Command::Doctor(_)
        | Command::Top(_)
        | Command::Bench(_)
        | Command::Key(_)
        | Command::Completions(_)
        | Command::Man(_)
        | Command::Record(_)
        | Command::History(_) => Vec::new(),
    }
}

/// An argument that is not `KIND:IDENT` at all (`12345`, `/jobs`, `shm 5`) is refused with
/// the references it most likely meant: the ident looked up across kinds (only objects that
/// exist are suggested), or the kind joined to the next argument. Malformed references of
/// a known kind (`shm:/x`) keep their own error from the command.
fn check_refs(ctx: &Ctx, args: &[String]) -> Result<()> {
    use crate::model::{Kind, Ref};
    for (i, s) in args.iter().enumerate() {
        let Err(e) = s.parse::<Ref>() else { continue };
        if s.contains(':') {
            continue; // KIND:IDENT with a bad part: the command's own error says which
        }
        let hint = if let Some(k) = Kind::parse(s) {
            match args.get(i + 1) {
                Some(next) => format!(
                    "'{s}' is not a reference but a kind: join it to the ident with a colon, `{k}:{}`",
                    next.trim_start_matches(':')
                ),
                None => format!(
                    "'{s}' is not a reference but a kind: add the ident, e.g. `{k}:ID` or `{k}:/NAME`"
                ),
            }
        } else {
            let found = refs_named_by(&ctx.src, s);
            if found.is_empty() {
                format!("{e}; no object answers to '{s}' in any kind")
            } else {
                let list: Vec<String> = found.iter().map(|r| r.to_string()).collect();
                format!("{e}; did you mean {}?", list.join(" or "))
            }
        };
        return Err(crate::Error::usage(hint));
    }
    Ok(())
}

/// The references of existing objects that a bare ident names: a decimal id or a 0x key
/// (System V kinds), or a name with or without its '/' (POSIX kinds).
fn refs_named_by(src: &crate::collect::Source, ident: &str) -> Vec<crate::model::Ref> {
    use crate::model::{Ident, Kind, Ref};
    let (kinds, ident): (&[Kind], Ident) = if let Ok(id) = ident.parse::<i32>() {
        if id < 0 {
            return Vec::new();
        }
        (&[Kind::Msg, Kind::Shm, Kind::Sem], Ident::Id(id))
    } else if ident.starts_with("0x") || ident.starts_with("0X") {
        match crate::model::parse_key(ident) {
            Ok(k) => (&[Kind::Msg, Kind::Shm, Kind::Sem], Ident::Key(k)),
            Err(_) => return Vec::new(),
        }
    } else {
        let name = ident.strip_prefix('/').unwrap_or(ident);
        if crate::model::check_posix_name(Kind::Pmq, name).is_err() {
            return Vec::new();
        }
        (
            &[Kind::Pmq, Kind::Pshm, Kind::Psem],
            Ident::Name(name.to_string()),
        )
    };
    let inv = crate::collect::collect(src, kinds);
    kinds
        .iter()
        .map(|&kind| Ref {
            kind,
            ident: ident.clone(),
        })
        .filter(|r| {
            inv.objects
                .iter()
                .any(|o| crate::collect::matches_ref(o, r))
        })
        .collect()
}

/// The paths whose ftok keys are recognised without `--ftok-paths`: the tutorials' `/tmp`,
/// `/var/tmp` and the caller's home.
fn default_ftok_paths() -> Vec<std::path::PathBuf> {
    let mut v: Vec<std::path::PathBuf> = vec!["/tmp".into(), "/var/tmp".into()];
    if let Some(h) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        v.push(h.into());
    }
    v
}

/// Run the parsed command line; returns the exit code.
pub fn run(cli: Cli) -> Result<i32> {
    // (clap checks the conflict only when both come before the subcommand.)
    if cli.global.quiet && cli.global.verbose {
        return Err(crate::Error::usage(
            "--quiet and --verbose exclude each other",
        ));
    }
    if cli.global.json
        && matches!(
            cli.command,
            Command::Metrics(_) | Command::Completions(_) | Command::Man(_)
        )
    {
        return Err(crate::Error::usage(
            "--json applies to commands that print objects, limits or results; metrics prints the Prometheus text format, completions and man print shell scripts and man pages",
        ));
    }
    let mut src = Source::new(cli.global.root());
    src.journal = Some(cli.global.journal.clone());
    if acts_on_live_objects(&cli.command) {
        src.live()?;
    }
    if let Some(pid) = cli.global.ns {
        if matches!(
            cli.command,
            Command::Bench(_) | Command::Completions(_) | Command::Man(_)
        ) {
            return Err(crate::Error::usage(
                "--ns applies to commands that read or change IPC objects, not to bench, completions or man",
            ));
        }
        let all = match &cli.command {
            Command::List(a) => a.all_namespaces,
            Command::Orphans(a) => a.all_namespaces,
            Command::Metrics(a) => a.all_namespaces,
            Command::Doctor(a) => a.all_namespaces,
            _ => false,
        };
        if all {
            return Err(crate::Error::usage(
                "--ns and --all-namespaces exclude each other",
            ));
        }
        // First thing, while ipcctl has one thread: setns affects only the calling thread.
        src = crate::collect::namespaces::enter(&src, pid)?;
    }
    let ctx = Ctx {
        profiles: crate::analysis::profiles::RunProfiles::new(cli.global.profiles.clone())?,
        src,
        out: Output::new(&cli.global),
        judging: crate::analysis::orphans::Policy {
            clock_tolerance: cli.global.clock_tolerance.as_secs() as i64,
            settle: cli.global.settle.as_secs() as i64,
            min_idle: cli.global.min_idle.as_secs() as i64,
            complete_view: cli.global.complete_view,
            ..crate::analysis::orphans::Policy::now()
        },
        ftok_paths: cli
            .global
            .ftok_paths
            .clone()
            .unwrap_or_else(default_ftok_paths),
        ftok_checked: std::sync::OnceLock::new(),
        journal: cli.global.journal.clone(),
    };
    check_refs(&ctx, &ref_args(&cli.command))?;
    match cli.command {
        Command::List(a) => list::run(&ctx, a),
        Command::Show(a) => show::run(&ctx, a),
        Command::Limits => limits::run(&ctx),
        Command::Create(a) => create::run(&ctx, a),
        Command::Send(a) => send::run(&ctx, a),
        Command::Recv(a) => recv::run(&ctx, a),
        Command::Read(a) => read::run(&ctx, a),
        Command::Write(a) => write::run(&ctx, a),
        Command::Sem(a) => sem::run(&ctx, a),
        Command::Rm(a) => rm::run(&ctx, a),
        Command::Orphans(a) => orphans::run(&ctx, a),
        Command::Clean(a) => clean::run(&ctx, a),
        Command::Metrics(a) => metrics::run(&ctx, a),
        Command::Doctor(a) => doctor::run(&ctx, a),
        Command::Top(a) => top::run(&ctx, a),
        Command::Bench(a) => bench::run(&ctx, a),
        Command::Key(a) => key::run(&ctx, a),
        Command::Completions(a) => completions::run(a),
        Command::Man(a) => man::run(a),
        Command::Record(a) => record::run(&ctx, a),
        Command::History(a) => history::run(&ctx, a),
    }
}

/// The bytes of a message or write: the DATA argument (as given, not necessarily UTF-8),
/// `--file`, or all of stdin — never more than `limit` bytes (`why` names the limit): input
/// is read up to one byte past it, so `--file /dev/zero` is refused, not read forever.
pub fn input_bytes(
    data: Option<std::ffi::OsString>,
    file: Option<&std::path::Path>,
    target: &crate::model::Ref,
    (limit, why): (u64, String),
) -> Result<Vec<u8>> {
    use std::io::Read;
    use std::os::unix::ffi::OsStringExt;
    let too_big = |what: &str| {
        crate::Error::object(
            target,
            format!(
                "{what} is larger than {limit} bytes, the most it can take ({why}); nothing sent or written"
            ),
        )
    };
    if let Some(d) = data {
        let d = d.into_vec();
        if d.len() as u64 > limit {
            return Err(too_big("DATA"));
        }
        return Ok(d);
    }
    let (mut reader, what): (Box<dyn Read>, String) = match file {
        Some(f) => (
            Box::new(std::fs::File::open(f).map_err(|e| crate::Error::io(f, e))?),
            f.display().to_string(),
        ),
        None => {
            if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
                eprintln!("ipcctl: reading the data from the terminal; end it with Ctrl-D");
            }
            (Box::new(std::io::stdin()), "<stdin>".to_string())
        }
    };
    let mut buf = Vec::new();
    reader
        .by_ref()
        .take(limit.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|e| crate::Error::io(&what, e))?;
    if buf.len() as u64 > limit {
        return Err(too_big(&what));
    }
    Ok(buf)
}

/// The kinds whose references the subcommand `sub` takes (completion offers only these):
/// those whose capability table has the operation; every kind for `show`, `rm` and the rest.
pub fn ref_kinds(sub: &str) -> Vec<crate::model::Kind> {
    use crate::kinds::info::Op;
    let op = match sub {
        "send" => Some(Op::Send),
        "recv" => Some(Op::Recv),
        "read" => Some(Op::Read),
        "write" => Some(Op::Write),
        "sem" => Some(Op::Sem),
        _ => None,
    };
    crate::model::Kind::ALL
        .into_iter()
        .filter(|k| op.is_none_or(|op| k.info().supports(op)))
        .collect()
}
