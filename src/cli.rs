//! Every clap type of ipcctl. Doc comments here are the `--help` text and the man pages.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::bench::Mechanism;
use crate::model::Kind;

/// Inspect, create, exchange messages with, benchmark and clean up every IPC object on a host:
/// System V message queues, shared memory and semaphores, and POSIX message queues, shared
/// memory and named semaphores.
#[derive(Debug, Parser)]
#[command(
    name = "ipcctl",
    version,
    propagate_version = true,
    after_help = "Examples:\n  ipcctl list                     every IPC object on this host\n  ipcctl list shm --older-than 1d\n  ipcctl show shm:32768\n  ipcctl limits\n  ipcctl --ns 4242 list            the IPC namespace of process 4242 (a container)\n  ipcctl list --all-namespaces     every namespace, with a NAMESPACE column\n  ipcctl doctor                    why does semget fail with ENOSPC?"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalOpts,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalOpts {
    /// Print typed JSON instead of a table.
    #[arg(long, global = true)]
    pub json: bool,

    /// When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Print no warnings, notes or progress on stderr, only errors (data still goes to stdout);
    /// `orphans --check -q` prints nothing: the exit code is the answer.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Print more detail where there is more to say: each message's header (recv, on
    /// stderr), what send and write did, the machine and parameters of a bench run, how an
    /// object's application was known (the APP column).
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// Operate in the IPC namespace of process PID (a container's, say): its System V
    /// objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read
    /// through /proc/PID/root). Needs root.
    #[arg(long, global = true, value_name = "PID", value_parser = clap::value_parser!(i32).range(1..))]
    pub ns: Option<i32>,

    /// How long after an object's last activity a process may seem to have started and still
    /// count as the pid recorded on it (not a reused pid). Process start times move with
    /// every step of the wall clock, so this covers clock steps. From 0s to 7d.
    #[arg(long, global = true, value_name = "DUR", default_value = "60s", value_parser = clock_tolerance)]
    pub clock_tolerance: std::time::Duration,

    /// Judge objects younger than this, or changed or active within it, as `unknown`
    /// (`unsettled`) instead of orphaned: applications clean up after their own dead
    /// processes within seconds (PyTorch's torch_shm_manager). From 0s to 7d.
    #[arg(long, global = true, value_name = "DUR", default_value = "60s", value_parser = settle_duration)]
    pub settle: std::time::Duration,

    /// How long an object must have been idle to be a `likely-orphan` (the verdict when
    /// every premise but "nobody left who could open it" holds). From 0s to 7d.
    #[arg(long, global = true, value_name = "DUR", default_value = "1h", value_parser = settle_duration)]
    pub min_idle: std::time::Duration,

    /// State that this PID namespace holds every task that can reach the objects (a
    /// container or node agent that shares the host's /dev/shm or IPC namespace but not its
    /// PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID
    /// namespace judges nothing `orphan`.
    #[arg(long, global = true)]
    pub complete_view: bool,

    /// Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the
    /// built-in ones; an app defined there replaces the one of the same name. They fill the
    /// APP column (-o app) and sharpen orphan evidence.
    #[arg(long, global = true, value_name = "DIR")]
    pub profiles: Option<PathBuf>,

    /// Files and directories whose ftok(3) keys name the origin of listed System V keys
    /// (`ftok(/tmp, 'A')` in `show` and the FTOK column), comma separated [default:
    /// /tmp,/var/tmp,$HOME]. Each is stat'ed once per command; `--ftok-paths ''` checks none.
    #[arg(long, global = true, value_name = "PATHS", value_delimiter = ',')]
    pub ftok_paths: Option<Vec<PathBuf>>,

    /// The recorder's journal (`ipcctl record`): list, show and the orphan verdict read the
    /// recorded creator of each object from it; record writes it. A missing or unreadable
    /// journal is a note, never an error.
    #[arg(
        long,
        global = true,
        value_name = "PATH",
        default_value = crate::journal::DEFAULT_PATH,
        env = "IPCCTL_JOURNAL"
    )]
    pub journal: PathBuf,

    /// Root of the /proc and /dev trees to read (for tests on fixture trees). A test hook:
    /// only with the `test-hooks` feature, never in a release build.
    #[cfg(feature = "test-hooks")]
    #[arg(
        long,
        global = true,
        hide = true,
        default_value = "/",
        env = "IPCCTL_ROOT"
    )]
    pub root: PathBuf,
}

impl GlobalOpts {
    /// Where the /proc and /dev trees are read: `/`, or a fixture tree (test hooks only).
    pub fn root(&self) -> PathBuf {
        #[cfg(feature = "test-hooks")]
        let root = self.root.clone();
        #[cfg(not(feature = "test-hooks"))]
        let root = PathBuf::from("/");
        root
    }
}

/// Global options that take a value (the value is not the subcommand).
const GLOBAL_VALUED: [&str; 9] = [
    "--color",
    "--ftok-paths",
    "--ns",
    "--clock-tolerance",
    "--settle",
    "--min-idle",
    "--profiles",
    "--root",
    "--journal",
];

/// The subcommand of raw arguments (the first word that is not a global option or its
/// value), and the index of the first argument after it.
fn raw_subcommand(args: &[std::ffi::OsString]) -> Option<(&str, usize)> {
    let mut skip_value = false;
    for (i, a) in args.iter().enumerate().skip(1) {
        let a = a.to_str()?;
        if skip_value {
            skip_value = false;
            continue;
        }
        if a == "--" {
            return None;
        }
        if GLOBAL_VALUED.contains(&a) {
            skip_value = true;
            continue;
        }
        if !a.starts_with('-') {
            return Some((a, i + 1));
        }
    }
    None
}

/// ipcs's kind flags (`-q` queues, `-m` shared memory, `-s` semaphores, `-a` all), typed
/// out of habit as `ipcctl -m` or `ipcctl list -q` (where `-q` would silently mean
/// `--quiet` and list everything), and ipcrm's `rm -q ID` (where `-q` would be --quiet and
/// the ID a bare number). Checked on the raw arguments before clap parses them; returns the
/// hint to print (a usage error, exit 2).
pub fn ipcs_habit(args: &[std::ffi::OsString]) -> Option<String> {
    let mut sub: Option<&str> = None;
    let mut flags: Vec<char> = Vec::new();
    let mut skip_value = false;
    let mut words = args.iter().skip(1).peekable();
    while let Some(a) = words.next() {
        let Some(a) = a.to_str() else { continue };
        if skip_value {
            skip_value = false;
            continue;
        }
        if a == "--" {
            break;
        }
        if GLOBAL_VALUED.contains(&a) && sub.is_none() {
            skip_value = true;
            continue;
        }
        match sub {
            None if !a.starts_with('-') => {
                if a == "create" {
                    return create_habit(
                        words.find_map(|w| w.to_str().filter(|w| !w.starts_with('-'))),
                    );
                }
                if a != "list" && a != "ls" && a != "rm" {
                    return None; // another subcommand: clap's own errors apply
                }
                sub = Some(a);
            }
            // `rm -q ID` is ipcrm's; `rm -q shm:5` is a quiet rm.
            Some("rm") => {
                // ipcrm's -a removes everything: point at rm's own way, which shows first.
                if a == "-a" {
                    return Some(
                        "ipcrm-style -a removes every object: ipcctl writes `ipcctl rm --all KIND... --dry-run` to see them, then `--yes` (orphans only: `ipcctl clean`)".into(),
                    );
                }
                if a == "-q"
                    && let Some(id) = words.peek().and_then(|w| w.to_str())
                    && !id.is_empty()
                    && id.bytes().all(|b| b.is_ascii_digit())
                {
                    return Some(ipcrm_hint(&[('q', id)]));
                }
            }
            // Before the subcommand only `ipcctl -m`-style flags count: `ipcctl -q list`
            // is the global --quiet. After `list`, `-q` is the ipcs habit too.
            _ => {
                if let Some(letters) = a.strip_prefix('-')
                    && !letters.is_empty()
                    && !letters.starts_with('-')
                    && letters.chars().all(|c| "qmsa".contains(c))
                {
                    let quiet_before_list = sub.is_none() && letters == "q";
                    if !quiet_before_list {
                        flags.extend(letters.chars());
                    }
                }
            }
        }
    }
    if flags.is_empty() {
        return None;
    }
    // `ipcctl -m -t`: the ipcs flag that names a view wins over the kinds.
    let view = args.iter().take_while(|a| *a != "--").any(|a| {
        a.to_str()
            .and_then(|a| a.strip_prefix('-'))
            .is_some_and(|l| {
                !l.is_empty()
                    && l.chars().all(|c| IPCS_LETTERS.contains(c))
                    && l.chars().any(|c| "iltpcu".contains(c))
            })
    });
    if view {
        return habit_after_error(args, None);
    }
    Some(kinds_hint(&flags))
}

/// `ipcctl create psem:/lock`: every other command takes a reference, so a newcomer writes
/// one here too; `create` takes the kind and the name apart (`create psem /lock`).
fn create_habit(first: Option<&str>) -> Option<String> {
    let (kind, ident) = first?.split_once(':')?;
    let kind = crate::model::Kind::parse(kind)?;
    let example = if kind.is_sysv() {
        format!("`ipcctl create {kind}` (a System V object gets a fresh key, or --key 0xKEY)")
    } else {
        format!("`ipcctl create {kind} {ident}`")
    };
    Some(format!(
        "create takes the kind and the name apart, not a reference: {example}"
    ))
}

/// The letters of ipcs's and ipcrm's options.
const IPCS_LETTERS: &str = "qmsailtpcuMQS";

/// The System V kinds named by ipcs's `-q`, `-m`, `-s` among `flags`, in order.
fn ipcs_kinds(flags: &[char]) -> Vec<&'static str> {
    let mut kinds: Vec<&str> = Vec::new();
    for c in flags {
        let k = match c {
            'q' => "msg",
            'm' => "shm",
            's' => "sem",
            _ => continue,
        };
        if !kinds.contains(&k) {
            kinds.push(k);
        }
    }
    kinds
}

/// The hint for ipcs's kind flags.
fn kinds_hint(flags: &[char]) -> String {
    let kinds = ipcs_kinds(flags);
    let flag_text: Vec<String> = flags.iter().map(|c| format!("-{c}")).collect();
    let example = if flags.contains(&'a') || kinds.is_empty() {
        "ipcctl list".to_string()
    } else {
        format!("ipcctl list {}", kinds.join(" "))
    };
    let quiet = if flags.contains(&'q') {
        "; for quiet output write --quiet (or -q before the subcommand)"
    } else {
        ""
    };
    format!(
        "ipcs-style {}: ipcctl lists kinds by name: `{example}` (kinds: msg shm sem, POSIX pmq pshm psem; none lists all six){quiet}",
        flag_text.join(" ")
    )
}

/// The hint for ipcrm's `-m ID`, `-M KEY`, `-q ID`, `-Q KEY`, `-s ID`, `-S KEY`.
fn ipcrm_hint(pairs: &[(char, &str)]) -> String {
    let mut typed = Vec::new();
    let mut refs = Vec::new();
    for &(c, v) in pairs {
        typed.push(format!("-{c} {v}"));
        let kind = match c.to_ascii_lowercase() {
            'q' => "msg",
            'm' => "shm",
            _ => "sem",
        };
        let ident = if c.is_ascii_uppercase() {
            // ipcrm takes a key in decimal or hex; ipcctl writes keys in hex.
            match v.strip_prefix("0x").or_else(|| v.strip_prefix("0X")) {
                Some(_) => v.to_string(),
                None => v
                    .parse::<i64>()
                    .map_or_else(|_| v.to_string(), |k| crate::model::fmt_key(k as u32)),
            }
        } else {
            v.to_string()
        };
        refs.push(format!("{kind}:{ident}"));
    }
    format!(
        "ipcrm-style {}: ipcctl names objects by reference: `ipcctl rm {}`",
        typed.join(" "),
        refs.join(" ")
    )
}

/// After clap refused the arguments (the unknown option `invalid`, or no subcommand): the
/// ipcs/ipcrm habit they look like, as a hint naming the ipcctl equivalent. Only an
/// unknown ipcs/ipcrm letter calls for one, and only words made of those letters count
/// (`--sort -size` is not `-s -i`).
pub fn habit_after_error(args: &[std::ffi::OsString], invalid: Option<&str>) -> Option<String> {
    const LETTERS: &str = IPCS_LETTERS;
    if let Some(bad) = invalid {
        let letters = bad.strip_prefix('-')?;
        if letters.is_empty() || !letters.chars().all(|c| LETTERS.contains(c)) {
            return None;
        }
    }
    let sub = raw_subcommand(args);
    let mut pairs: Vec<(char, Option<&str>)> = Vec::new();
    let mut i = 1;
    while i < args.len() {
        let Some(a) = args[i].to_str() else {
            i += 1;
            continue;
        };
        if a == "--" {
            break;
        }
        if let Some(letters) = a.strip_prefix('-')
            && !letters.is_empty()
            && letters.chars().all(|c| LETTERS.contains(c))
        {
            let value = args
                .get(i + 1)
                .and_then(|v| v.to_str())
                .filter(|v| !v.starts_with('-'));
            for c in letters.chars() {
                pairs.push((c, value));
            }
        }
        i += 1;
    }
    if pairs.is_empty() {
        return None;
    }
    let flags: Vec<char> = pairs.iter().map(|p| p.0).collect();
    if let Some(("rm", _)) = sub {
        let ids: Vec<(char, &str)> = pairs
            .iter()
            .filter(|(c, _)| "mMqQsS".contains(*c))
            .filter_map(|&(c, v)| v.map(|v| (c, v)))
            .collect();
        if !ids.is_empty() {
            return Some(ipcrm_hint(&ids));
        }
    }
    let kinds = ipcs_kinds(&flags);
    let kind_words = if kinds.is_empty() {
        String::new()
    } else {
        format!(" {}", kinds.join(" "))
    };
    let list_with = |cols: &str| format!("ipcctl list{kind_words} -o kind,ref,{cols}");
    let (flag, example, tail) = if let Some(&(_, id)) = pairs.iter().find(|p| p.0 == 'i') {
        let id = id.unwrap_or("ID");
        match kinds.first() {
            Some(k) => ('i', format!("ipcctl show {k}:{id}"), String::new()),
            None => (
                'i',
                format!("ipcctl show shm:{id}"),
                format!(" (or msg:{id}, sem:{id})"),
            ),
        }
    } else if flags.contains(&'l') {
        ('l', "ipcctl limits".to_string(), String::new())
    } else if flags.contains(&'u') {
        (
            'u',
            "ipcctl limits".to_string(),
            " (its last rows are the ipcs -u summary)".to_string(),
        )
    } else if flags.contains(&'t') {
        (
            't',
            list_with("atime,dtime,stime,rtime,otime,ctime"),
            String::new(),
        )
    } else if flags.contains(&'p') {
        ('p', list_with("cpid,lpid,lrpid"), String::new())
    } else if flags.contains(&'c') {
        ('c', list_with("owner,group,cuid,cgid,perms"), String::new())
    } else {
        return Some(kinds_hint(&flags));
    };
    Some(format!("ipcs-style -{flag}: write `{example}`{tail}"))
}

/// `--clock-tolerance`: a duration from 0s to 7d; anything else is refused, never wrapped.
fn clock_tolerance(s: &str) -> Result<std::time::Duration, String> {
    let max = crate::analysis::orphans::Policy::MAX_TOLERANCE;
    let max = std::time::Duration::from_secs(u64::try_from(max).unwrap_or(0));
    crate::units::parse_duration_within(s, false, max, "the largest tolerance, 7d")
}

/// `--settle`, `--min-idle`: a duration from 0s to 7d; anything else is refused.
fn settle_duration(s: &str) -> Result<std::time::Duration, String> {
    let week = std::time::Duration::from_secs(7 * 86_400);
    crate::units::parse_duration_within(s, false, week, "7d")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List IPC objects of the given kinds (default: all six) in one table.
    #[command(
        visible_alias = "ls",
        after_help = "Examples:\n  ipcctl list\n  ipcctl list shm sem --owner postgres\n  ipcctl list pshm --name 'ipcctl-*' --older-than 2h\n  ipcctl list -o kind,ref,size --sort size\n  ipcctl list msg -o ref --no-headings | xargs ipcctl rm"
    )]
    List(ListArgs),

    /// Show everything known about one object.
    #[command(
        after_help = "Examples:\n  ipcctl show shm:32768\n  ipcctl show shm:0x0000abcd\n  ipcctl show pmq:/jobs --json\n  ipcctl show sem:5 (each semaphore's value, last pid, ncount, zcount)"
    )]
    Show(ShowArgs),

    /// Kernel IPC limits with current use (System V, POSIX mq, /dev/shm, RLIMIT_MSGQUEUE).
    #[command(after_help = "Examples:\n  ipcctl limits\n  ipcctl limits --json")]
    Limits,

    /// Create an IPC object and print its reference.
    #[command(
        after_help = "Examples:\n  ipcctl create shm --size 1M\n  ipcctl create msg --key 0x1234 --mode 0600\n  ipcctl create sem --nsems 3 --values 1,0,5\n  ipcctl create pmq /jobs --max-messages 4 --message-size 64\n  ipcctl create pshm /frames --size 4K\n  ipcctl create psem /lock --value 1"
    )]
    Create(CreateArgs),

    /// Send one message to a System V (msg) or POSIX (pmq) queue.
    #[command(
        after_help = "Examples:\n  ipcctl send msg:32768 hello --type 2\n  echo hi | ipcctl send pmq:/jobs --priority 5\n  ipcctl send pmq:/jobs --file payload.bin --nowait"
    )]
    Send(SendArgs),

    /// Receive (or peek at) messages from a msg or pmq queue.
    #[command(
        after_help = "Examples:\n  ipcctl recv msg:32768\n  ipcctl recv msg:32768 --type -5 --count 3\n  ipcctl recv msg:32768 --peek --json\n  ipcctl recv pmq:/jobs --nowait -v   (headers on stderr)\n  ipcctl recv pmq:/jobs --count 10 -0 | xargs -0 -n1 echo"
    )]
    Recv(RecvArgs),

    /// Read bytes of a shm or pshm segment.
    #[command(
        after_help = "Examples:\n  ipcctl read shm:32768 --length 64 --hex\n  ipcctl read pshm:/frames --offset 4096 --length 16 > out.bin"
    )]
    Read(ReadArgs),

    /// Write bytes into a shm or pshm segment.
    #[command(
        after_help = "Examples:\n  ipcctl write shm:32768 hello\n  ipcctl write pshm:/frames --offset 16 --file data.bin"
    )]
    Write(WriteArgs),

    /// Operate on a System V semaphore set (sem) or a POSIX named semaphore (psem).
    #[command(
        after_help = "Examples:\n  ipcctl sem sem:5 get\n  ipcctl sem sem:5 post --index 1\n  ipcctl sem sem:5 set 1,0,5\n  ipcctl sem psem:/lock wait --timeout 2s"
    )]
    Sem(SemArgs),

    /// Remove objects; refuses objects held by live processes unless --force.
    #[command(
        after_help = "Examples:\n  ipcctl rm shm:32768 pmq:/jobs\n  ipcctl rm --dry-run sem:0x0000abcd\n  ipcctl rm --all shm --owner alice --older-than 1d"
    )]
    Rm(RmArgs),

    /// Objects no live process holds, with the evidence for each.
    #[command(
        after_help = "Examples:\n  ipcctl orphans\n  ipcctl orphans shm sem --json\n  ipcctl orphans --check   (exit 1 when orphans exist)"
    )]
    Orphans(OrphansArgs),

    /// Remove orphaned objects (a dry run that prints the plan unless --yes).
    #[command(
        after_help = "Examples:\n  ipcctl clean                       show the plan\n  ipcctl clean sem --owner apache --include-likely --yes\n  ipcctl clean --include-likely --idle-for 1h --yes\n  ipcctl clean msg --include-queued --yes    queues with their messages too"
    )]
    Clean(CleanArgs),

    /// Print metrics in the Prometheus text format (node_exporter textfile collector).
    #[command(
        after_help = "Examples:\n  ipcctl metrics\n  ipcctl metrics --all-namespaces --textfile /var/lib/prometheus/node-exporter/ipcctl.prom\n  (cron: * * * * * ipcctl metrics --textfile /var/lib/prometheus/node-exporter/ipcctl.prom)\n\nMetrics:\n  ipcctl_objects{kind,owner}              objects\n  ipcctl_objects_size_bytes{kind,owner}   bytes (shm, pshm: size; msg: queued; pmq: unknown)\n  ipcctl_objects_messages{kind,owner}     queued messages (msg, pmq)\n  ipcctl_orphans{kind,state}              orphan and likely-orphan objects\n  ipcctl_oldest_orphan_age_seconds{kind}  age (since creation) of the oldest orphan\n  ipcctl_limit{limit} / ipcctl_limit_used{limit}              count limits\n  ipcctl_limit_bytes{limit} / ipcctl_limit_used_bytes{limit}  byte limits\n  ipcctl_limit_usage_ratio{limit}         used / limit (0..1); none for per-object limits\n  ipcctl_limit_largest_object{limit}      per-object limits (SEMMSL, MQ_MSG_MAX): largest object\n  ipcctl_limit_largest_object_bytes{limit}  the same for SHMMAX, MSGMNB, MQ_MSGSIZE_MAX\n  ipcctl_rlimit_msgqueue_bytes{uid}       POSIX queue bytes per owner (RLIMIT_MSGQUEUE charge)\n  ipcctl_rlimit_msgqueue_limit_bytes{uid} that user's RLIMIT_MSGQUEUE\n  ipcctl_rlimit_msgqueue_usage_ratio{uid} the one over the other\n  ipcctl_dev_shm_size_bytes, ipcctl_dev_shm_used_bytes\n  ipcctl_holder_scan_complete             0 when some processes could not be inspected\n  ipcctl_namespace_info{namespace,pid,comm,container}  with --all-namespaces"
    )]
    Metrics(MetricsArgs),

    /// Explain IPC resource exhaustion: each limit, its use, the top consumers and a verdict.
    #[command(
        after_help = "Examples:\n  ipcctl doctor\n  ipcctl doctor --all-namespaces\n  ipcctl --ns 4242 doctor --json\n\nExit status: 1 when any limit is above --threshold (default 90%) or full."
    )]
    Doctor(DoctorArgs),

    /// A live, refreshing view of objects per owner and kind, with what was created and
    /// destroyed since the start and in the last interval (a leak shows as a steady rate).
    #[command(
        after_help = "Examples:\n  ipcctl top\n  ipcctl top shm sem --interval 5s\n  ipcctl --ns 4242 top\n  ipcctl top --iterations 3 > log.txt   (not a terminal: one snapshot per interval)\n\nKeys: q quits (Ctrl-C too); the terminal is restored on exit."
    )]
    Top(TopArgs),

    /// Measure IPC latency and throughput of each mechanism on this machine.
    #[command(
        after_help = "Examples:\n  ipcctl bench                                 every mechanism, 64 B to 64 KiB, same-core and cross-core\n  ipcctl bench pipe shm-futex --sizes 64,4096 --placement cross-core\n  ipcctl bench pmq msg --iterations 100000 --json\n  ipcctl bench unix-stream tcp --sizes 1M --duration 2s --markdown\n  ipcctl bench --summary --sizes 64,64K        rankings against the textbook's, and why\n  ipcctl bench --choose                        a few questions, then the mechanism to use\n  ipcctl bench --choose --related no --boundaries yes --one-way yes --same-machine yes --high-throughput no"
    )]
    Bench(BenchArgs),

    /// Print the System V key ftok(3) makes from PATH and PROJ, as glibc computes it.
    #[command(
        after_help = "Examples:\n  ipcctl key /tmp A                  0x4101xxxx (ftok(\"/tmp\", 'A'))\n  ipcctl key /tmp/myfile 65 --json   {path, proj, dev, ino, key}\n  ipcctl show shm:$(ipcctl key /tmp A)\n  ipcctl show shm:ftok:/tmp:A        the same, as a reference"
    )]
    Key(KeyArgs),

    /// Print shell completions to stdout.
    #[command(after_help = "Examples:\n  ipcctl completions bash > /etc/bash_completion.d/ipcctl")]
    Completions(CompletionsArgs),

    /// Write man pages (one per subcommand) into DIR.
    #[command(after_help = "Examples:\n  ipcctl man man/")]
    Man(ManArgs),

    /// Record who creates every IPC object (pid, command, user, unit or container) and how
    /// that process ends, in the journal (--journal), until stopped. POSIX objects through
    /// fanotify, System V by reading /proc/sysvipc, exits through the proc connector. Needs
    /// CAP_SYS_ADMIN (fanotify) and CAP_NET_ADMIN (exit codes); runs in the foreground
    /// (contrib/systemd/ipcctl-record.service runs it as a service).
    #[command(
        after_help = "Examples:\n  ipcctl record\n  ipcctl record -A --keep 7d\n  ipcctl --journal /tmp/j.db record"
    )]
    Record(RecordArgs),

    /// Print what the recorder journaled (created, removed, renamed, creator exited, gaps),
    /// newest last; with REF, only that object's events.
    #[command(
        after_help = "Examples:\n  ipcctl history\n  ipcctl history pshm:/psm_1a2b\n  ipcctl history --json | jq -c 'select(.what == \"exited\")'"
    )]
    History(HistoryArgs),
}

/// Filters shared by list, orphans, clean and rm --all.
#[derive(Debug, Clone, Default, Args)]
pub struct FilterArgs {
    /// Only objects owned by USER (name or numeric uid).
    #[arg(long, value_name = "USER|UID")]
    pub owner: Option<String>,

    /// Only objects created more than DUR ago (e.g. 90s, 2h, 3days): a POSIX file's birth
    /// time, else the earliest time recorded on the object (ctime alone moves with IPC_SET,
    /// SETVAL and writes). A queue a daily job uses is "old"; see --idle-for.
    #[arg(long, value_name = "DUR", value_parser = crate::units::parse_duration)]
    pub older_than: Option<std::time::Duration>,

    /// Only objects nobody has used for DUR: the last send or receive (msg), attach or detach
    /// (shm), semop (sem), modification (POSIX; a queue's last send or receive), or, never
    /// used, the creation. Use it, not --older-than, to find leaks.
    #[arg(long, value_name = "DUR", value_parser = crate::units::parse_duration)]
    pub idle_for: Option<std::time::Duration>,

    /// Only objects nobody uses (no holder, nattch 0).
    #[arg(long)]
    pub unused: bool,

    /// Only POSIX objects whose name matches GLOB (without the leading '/').
    #[arg(long, value_name = "GLOB")]
    pub name: Option<String>,

    /// Only System V objects with this key (hex, e.g. 0x0000abcd).
    #[arg(long, value_name = "0xKEY")]
    pub key: Option<String>,

    /// Only System V objects whose key is ftok(PATH, PROJ) (e.g. /tmp:A).
    #[arg(long, value_name = "PATH:PROJ", conflicts_with = "key")]
    pub ftok: Option<String>,

    /// Only objects that an application profile names APP (the APP column, e.g. pytorch).
    #[arg(long, value_name = "APP")]
    pub app: Option<String>,
}

/// Parses `-o` names with the wording of `Column::parse`, and offers them to completion.
#[derive(Debug, Clone, Copy)]
pub struct ColumnParser;

impl clap::builder::TypedValueParser for ColumnParser {
    type Value = crate::model::Column;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Self::Value, clap::Error> {
        crate::model::Column::parse(&value.to_string_lossy())
            .map_err(|m| clap::Error::raw(clap::error::ErrorKind::InvalidValue, format!("{m}\n")))
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            crate::model::Column::ALL
                .iter()
                .map(|c| clap::builder::PossibleValue::new(c.name())),
        ))
    }
}

/// Parses `--sort [-]COL`, and offers the column names to completion.
#[derive(Debug, Clone, Copy)]
pub struct SortParser;

impl clap::builder::TypedValueParser for SortParser {
    type Value = crate::model::SortKey;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Self::Value, clap::Error> {
        crate::model::SortKey::parse(&value.to_string_lossy()).map_err(|m| {
            clap::Error::raw(
                clap::error::ErrorKind::InvalidValue,
                format!("--sort: {m}\n"),
            )
        })
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        ColumnParser.possible_values()
    }
}

/// A percentage from 0 to 100 (NaN, infinities and negatives refused).
fn parse_percent(s: &str) -> Result<f64, String> {
    match s.trim().trim_end_matches('%').parse::<f64>() {
        Ok(v) if v.is_finite() && (0.0..=100.0).contains(&v) => Ok(v),
        _ => Err(format!("'{s}' is not a percentage from 0 to 100")),
    }
}

/// Table presentation options.
#[derive(Debug, Clone, Default, Args)]
pub struct TableArgs {
    /// Columns to print, comma separated: ns, kind, ref, id, key, name, owner, group, perms,
    /// size, use, holders, cpid, lpid, lrpid, cuid, cgid, age, ctime, atime, dtime, stime,
    /// rtime, otime, mtime, state, why, app, ftok, creator, unit, container (the last three
    /// from the recorder's journal, `ipcctl record`).
    #[arg(
        short = 'o',
        long = "output",
        value_name = "COLS",
        value_delimiter = ',',
        value_parser = ColumnParser,
        hide_possible_values = true
    )]
    pub columns: Vec<crate::model::Column>,

    /// Sort by this column (same names as -o); `-COL` sorts descending (`--sort -size`).
    #[arg(
        long,
        value_name = "COL",
        allow_hyphen_values = true,
        value_parser = SortParser,
        hide_possible_values = true
    )]
    pub sort: Option<crate::model::SortKey>,

    /// Do not print the header line.
    #[arg(long)]
    pub no_headings: bool,

    /// Print sizes in bytes instead of human units.
    #[arg(long)]
    pub bytes: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Kinds to list (default: all six).
    #[arg(value_enum, ignore_case = true)]
    pub kinds: Vec<Kind>,

    #[command(flatten)]
    pub filter: FilterArgs,

    #[command(flatten)]
    pub table: TableArgs,

    /// Classify each object (in-use, orphan, ...) and add a STATE column.
    #[arg(long)]
    pub orphans: bool,

    /// Every IPC namespace on the host (containers), with a NAMESPACE column. Needs root.
    #[arg(long, short = 'A')]
    pub all_namespaces: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The object: KIND:ID, KIND:0xKEY, KIND:/NAME or KIND:ftok:PATH:PROJ.
    #[arg(value_name = "REF")]
    pub reference: String,

    /// Print sizes in bytes instead of human units.
    #[arg(long)]
    pub bytes: bool,

    /// pmq: also show the bytes queued and the notify pid, read from the queue's file in the
    /// mqueue fs. Costs the queue's access and change times: the kernel sets both to now on
    /// every read, so it then looks freshly used (to --older-than, --idle-for and orphans).
    #[arg(long)]
    pub queued_bytes: bool,
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Kind of object to create.
    #[arg(value_enum, ignore_case = true)]
    pub kind: Kind,

    /// Name of a POSIX object (pmq, pshm, psem), e.g. /jobs.
    pub name: Option<String>,

    /// System V key (hex); default: a fresh random key, created exclusively.
    #[arg(long, value_name = "0xKEY")]
    pub key: Option<String>,

    /// System V key made by ftok(3) from an existing PATH and project id PROJ (65 or A),
    /// as a C program's `ftok(PATH, PROJ)` makes it.
    #[arg(long, value_name = "PATH:PROJ", conflicts_with = "key")]
    pub ftok: Option<String>,

    /// Permission bits in octal (the umask is not applied).
    #[arg(long, default_value = "0600")]
    pub mode: String,

    /// Size of a shm or pshm segment (accepts 4K, 1M, 1G).
    #[arg(long, value_name = "BYTES")]
    pub size: Option<String>,

    /// Number of semaphores in a sem set (default: as many as --values, else 1).
    #[arg(long)]
    pub nsems: Option<u32>,

    /// Initial values of a sem set, comma separated, one per semaphore (default: all 0).
    #[arg(long, value_delimiter = ',', allow_negative_numbers = true)]
    pub values: Vec<i32>,

    /// Initial value of a psem.
    #[arg(long, default_value_t = 0)]
    pub value: u32,

    /// Maximum messages of a pmq (default: /proc/sys/fs/mqueue/msg_default; checked against
    /// msg_max and RLIMIT_MSGQUEUE before creating).
    #[arg(long)]
    pub max_messages: Option<i64>,

    /// Maximum message size of a pmq (accepts 64, 4K, 1M; default: msgsize_default; checked
    /// against msgsize_max).
    #[arg(long, value_name = "BYTES", value_parser = crate::units::parse_size)]
    pub message_size: Option<u64>,

    /// Maximum bytes on a msg queue (msg_qbytes; accepts 16K, 1M).
    #[arg(long, value_name = "BYTES", value_parser = crate::units::parse_size)]
    pub max_bytes: Option<u64>,

    /// Succeed (and print its reference) when the object already exists; it is left as it
    /// is.
    #[arg(long)]
    pub exist_ok: bool,
}

#[derive(Debug, Args)]
pub struct KeyArgs {
    /// An existing file or directory (ftok hashes its inode and device).
    pub path: PathBuf,

    /// The project id: a number from 1 (65) or one character (A); glibc uses its low 8 bits.
    #[arg(value_name = "PROJ")]
    pub proj: String,
}

#[derive(Debug, Args)]
pub struct SendArgs {
    /// The queue: msg:ID, msg:0xKEY or pmq:/NAME.
    #[arg(value_name = "REF")]
    pub reference: String,

    /// The message (default: read from stdin, which must not be empty: see --empty; an
    /// explicit "" sends an empty message).
    pub data: Option<std::ffi::OsString>,

    /// Read the message from FILE.
    #[arg(long, conflicts_with = "data")]
    pub file: Option<PathBuf>,

    /// Send an empty message (stdin is not read). Without it, an empty stdin (an empty pipe,
    /// a hung-up terminal) is refused rather than sent.
    #[arg(long, conflicts_with_all = ["data", "file"])]
    pub empty: bool,

    /// Message type (msg); must be > 0.
    #[arg(long = "type", default_value_t = 1, allow_negative_numbers = true)]
    pub msg_type: i64,

    /// Message priority (pmq), 0..32767; higher priorities are received first.
    #[arg(long, default_value_t = 0)]
    pub priority: u32,

    /// Give up after DUR when the queue is full.
    #[arg(long, value_parser = crate::units::parse_duration)]
    pub timeout: Option<std::time::Duration>,

    /// Fail at once when the queue is full.
    #[arg(long, conflicts_with = "timeout")]
    pub nowait: bool,
}

#[derive(Debug, Args)]
pub struct RecvArgs {
    /// The queue: msg:ID, msg:0xKEY or pmq:/NAME.
    #[arg(value_name = "REF")]
    pub reference: String,

    /// Message type (msg): 0 = first message, N > 0 = first of type N, N < 0 = first of the
    /// lowest type <= |N|.
    #[arg(long = "type", default_value_t = 0, allow_negative_numbers = true)]
    pub msg_type: i64,

    /// Number of messages to receive.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..))]
    pub count: u64,

    /// Give up after DUR (for all --count messages) when the queue is empty.
    #[arg(long, value_parser = crate::units::parse_duration)]
    pub timeout: Option<std::time::Duration>,

    /// Fail at once when the queue is empty.
    #[arg(long, conflicts_with = "timeout")]
    pub nowait: bool,

    /// Read without removing (msg only; needs MSG_COPY, i.e. CONFIG_CHECKPOINT_RESTORE, and is
    /// refused where the kernel lacks it; POSIX queues have no peek).
    #[arg(long)]
    pub peek: bool,

    /// Write STR after each message body (\n, \t, \0 and \\ are understood). Default: a
    /// newline on a terminal (unless the body ends with one), nothing in a pipe or file, so
    /// binary bodies stay byte-exact.
    #[arg(long, value_name = "STR", conflicts_with = "null")]
    pub delimiter: Option<String>,

    /// End each message body with a NUL byte (for `xargs -0`); short for --delimiter '\0'.
    #[arg(short = '0', long = "null")]
    pub null: bool,
}

#[derive(Debug, Args)]
pub struct ReadArgs {
    /// The segment: shm:ID, shm:0xKEY or pshm:/NAME.
    #[arg(value_name = "REF")]
    pub reference: String,

    /// Byte offset to start at (accepts 4K, 1M).
    #[arg(long, default_value = "0")]
    pub offset: String,

    /// Number of bytes (default: to the end; accepts 4K, 1M).
    #[arg(long)]
    pub length: Option<String>,

    /// Print a hexdump (offset, hex bytes, ASCII) instead of raw bytes.
    #[arg(long)]
    pub hex: bool,
}

#[derive(Debug, Args)]
pub struct WriteArgs {
    /// The segment: shm:ID, shm:0xKEY or pshm:/NAME.
    #[arg(value_name = "REF")]
    pub reference: String,

    /// The bytes to write (default: stdin).
    pub data: Option<std::ffi::OsString>,

    /// Read the bytes from FILE.
    #[arg(long, conflicts_with = "data")]
    pub file: Option<PathBuf>,

    /// Byte offset to start at (accepts 4K, 1M).
    #[arg(long, default_value = "0")]
    pub offset: String,
}

#[derive(Debug, Args)]
pub struct SemArgs {
    /// The semaphore: sem:ID, sem:0xKEY or psem:/NAME.
    #[arg(value_name = "REF")]
    pub reference: String,

    #[command(subcommand)]
    pub op: SemOp,
}

#[derive(Debug, Subcommand)]
pub enum SemOp {
    /// Print the value(s).
    Get {
        /// Semaphore index in a sem set.
        #[arg(long)]
        index: Option<u32>,
    },
    /// Increment (V).
    Post {
        /// Semaphore index in a sem set.
        #[arg(long, default_value_t = 0)]
        index: u32,
    },
    /// Decrement (P), waiting while the value is 0.
    Wait {
        /// Semaphore index in a sem set.
        #[arg(long, default_value_t = 0)]
        index: u32,
        /// Give up after DUR.
        #[arg(long, value_parser = crate::units::parse_duration)]
        timeout: Option<std::time::Duration>,
        /// Fail at once when the value is 0.
        #[arg(long, conflicts_with = "timeout")]
        nowait: bool,
    },
    /// Set values: one value with --index, or all with a comma-separated list (sem only).
    Set {
        /// Value, or comma-separated values for every semaphore of the set.
        #[arg(value_delimiter = ',', required = true, allow_negative_numbers = true)]
        values: Vec<i32>,
        /// Semaphore index in a sem set.
        #[arg(long)]
        index: Option<u32>,
    },
}

#[derive(Debug, Args)]
pub struct RmArgs {
    /// Objects to remove: KIND:ID, KIND:0xKEY, KIND:/NAME (with --all: kinds).
    #[arg(value_name = "REF")]
    pub references: Vec<String>,

    /// Remove every object of the given kinds that matches the filters.
    #[arg(long)]
    pub all: bool,

    #[command(flatten)]
    pub filter: FilterArgs,

    /// Print what would be removed, remove nothing.
    #[arg(long, short = 'n')]
    pub dry_run: bool,

    /// Remove even objects that live processes hold (only that: --all without a filter also
    /// needs --yes).
    #[arg(long, short = 'f')]
    pub force: bool,

    /// With --all and no filter: yes, every object of the kinds.
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct OrphansArgs {
    /// Kinds to inspect (default: all six).
    #[arg(value_enum, ignore_case = true)]
    pub kinds: Vec<Kind>,

    #[command(flatten)]
    pub filter: FilterArgs,

    #[command(flatten)]
    pub table: TableArgs,

    /// Exit 1 when orphans exist (for monitoring).
    #[arg(long)]
    pub check: bool,

    /// Also list in-use objects (by default only orphan, likely-orphan, unknown,
    /// unlinked-mapped, marked-for-deletion).
    #[arg(long)]
    pub all: bool,

    /// Every IPC namespace on the host (containers), with a NAMESPACE column. Needs root.
    #[arg(long, short = 'A')]
    pub all_namespaces: bool,
}

#[derive(Debug, Args)]
pub struct MetricsArgs {
    /// Every IPC namespace on the host, with a `namespace` label. Needs root.
    #[arg(long, short = 'A')]
    pub all_namespaces: bool,

    /// Write to FILE atomically (a temporary file renamed over it), as the node_exporter
    /// textfile collector wants, instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub textfile: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Check every IPC namespace on the host (each has its own System V and mq limits).
    #[arg(long, short = 'A')]
    pub all_namespaces: bool,

    /// Exit 1 when a limit is used above this percentage (0 to 100).
    #[arg(long, default_value_t = 90.0, value_name = "PERCENT", value_parser = parse_percent)]
    pub threshold: f64,
}

#[derive(Debug, Args)]
pub struct TopArgs {
    /// Kinds to watch (default: all six).
    #[arg(value_enum, ignore_case = true)]
    pub kinds: Vec<Kind>,

    /// Time between refreshes.
    #[arg(long, default_value = "2s", value_parser = crate::units::parse_duration)]
    pub interval: std::time::Duration,

    /// Stop after N refreshes (default: until q or Ctrl-C).
    #[arg(long, short = 'n', value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub iterations: Option<u64>,
}

#[derive(Debug, Args)]
pub struct CleanArgs {
    /// Kinds to clean (default: all six).
    #[arg(value_enum, ignore_case = true)]
    pub kinds: Vec<Kind>,

    #[command(flatten)]
    pub filter: FilterArgs,

    /// Also remove likely-orphans.
    #[arg(long)]
    pub include_likely: bool,

    /// Also remove queues that hold messages (with their messages). Without it they are
    /// kept: a queue keeps work for the next run of its job, which is what queues are for.
    #[arg(long)]
    pub include_queued: bool,

    /// Also remove System V semaphore sets with a nonzero value. Without it they are kept:
    /// the kernel creates every value 0, so a nonzero one was set on purpose (a mutex at 1
    /// that jobs share), and a set made again starts at 0.
    #[arg(long)]
    pub include_state: bool,

    /// Really remove (without it, only the plan is printed).
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Mechanisms to measure (default: all).
    #[arg(value_name = "MECH", value_enum)]
    pub mechanisms: Vec<Mechanism>,

    /// Message sizes, comma separated, 1 byte to 64M (accepts 4K, 1M) [default: 64,4096,65536].
    /// A mechanism that cannot carry a size says so and skips it.
    #[arg(long, value_name = "SIZES", value_delimiter = ',', value_parser = crate::bench::parse_size)]
    pub sizes: Vec<usize>,

    /// Where the two processes run: both pinned to one CPU, pinned to two CPUs, both
    /// placements, or left to the scheduler.
    #[arg(long, value_enum, default_value_t = PlacementArg::Both)]
    pub placement: PlacementArg,

    /// Round trips (and streamed messages) per measurement [default: 10000, each phase
    /// stopping after 0.25 s].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub iterations: Option<u64>,

    /// Measure each phase for DUR instead of a number of iterations (e.g. 2s, 500ms; at
    /// most 1h).
    #[arg(long, value_name = "DUR", value_parser = crate::bench::parse_duration, conflicts_with = "iterations")]
    pub duration: Option<std::time::Duration>,

    /// Paced (open-loop) mode: send N requests per second on a fixed schedule and measure
    /// each latency from its intended send time, so a stall counts against every request
    /// it delayed (coordinated omission corrected). 1/s to 10000000/s.
    #[arg(long, value_name = "N/s", value_parser = crate::bench::parse_rate)]
    pub rate: Option<f64>,

    /// Print a text histogram of the round trips of each point.
    #[arg(long)]
    pub histogram: bool,

    /// Draw the latency percentiles per point and throughput against size into an SVG file.
    #[arg(long, value_name = "FILE.svg")]
    pub plot: Option<PathBuf>,

    /// Save the run (results, machine header, parameters and round-trip quartiles) as JSON.
    #[arg(long, value_name = "FILE.json")]
    pub save: Option<PathBuf>,

    /// Compare each point with a run saved by --save: print the ratio and mark changes
    /// beyond the run-to-run noise (p25-p75 ranges apart and p50s 1.5x apart; throughput
    /// 1.5x apart). With --json, prints {"results": [...], "comparison": [...]}.
    #[arg(long, value_name = "FILE.json")]
    pub compare: Option<PathBuf>,

    /// Round trips before each measurement, not recorded [default: a tenth of the
    /// iterations, at most 1000].
    #[arg(long, value_name = "N")]
    pub warmup: Option<u64>,

    /// Print a Markdown table (for pasting into docs).
    #[arg(long)]
    pub markdown: bool,

    /// Print only the summary (a default run prints it after the table): per size and
    /// placement, the ranking by p50 round trip and by streaming throughput, next to the
    /// textbook ranking, and where and why this machine differs. With --json,
    /// {"results": [...], "summary": {...}}.
    #[arg(long, conflicts_with = "markdown")]
    pub summary: bool,

    /// Answer "which mechanism should I use?": walk the textbook decision tree (the
    /// questions below, asked on a terminal when not given), measure the mechanisms that
    /// fit (unless named or --from), and print the textbook's choice with its trade-offs,
    /// this machine's size limits and what measured best. With --json, {"results",
    /// "choice", "limits"}.
    #[arg(long, conflicts_with_all = ["markdown", "summary"])]
    pub choose: bool,

    /// --choose: do both processes run on this machine?
    #[arg(long, value_enum, value_name = "ANSWER", requires = "choose")]
    pub same_machine: Option<Answer>,

    /// --choose: do they move a lot of data (high throughput)?
    #[arg(long, value_enum, value_name = "ANSWER", requires = "choose")]
    pub high_throughput: Option<Answer>,

    /// --choose: must each receive return one whole message (message boundaries)?
    #[arg(long, value_enum, value_name = "ANSWER", requires = "choose")]
    pub boundaries: Option<Answer>,

    /// --choose: does data flow one way only?
    #[arg(long, value_enum, value_name = "ANSWER", requires = "choose")]
    pub one_way: Option<Answer>,

    /// --choose: are the processes related (one forks the other)?
    #[arg(long, value_enum, value_name = "ANSWER", requires = "choose")]
    pub related: Option<Answer>,

    /// Use the results of a run saved by --save instead of measuring (for --summary and
    /// --choose, or to print a saved run again).
    #[arg(long, value_name = "FILE.json", conflicts_with_all = ["save", "compare", "plot", "histogram"])]
    pub from: Option<PathBuf>,
}

/// An answer to a `bench --choose` question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Answer {
    Yes,
    No,
    /// Does not matter
    Either,
}

impl Answer {
    pub fn as_bool(self) -> Option<bool> {
        match self {
            Answer::Yes => Some(true),
            Answer::No => Some(false),
            Answer::Either => None,
        }
    }
}

/// Where the two benchmark processes run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlacementArg {
    /// Both processes pinned to the same CPU
    SameCore,
    /// The processes pinned to two different CPUs
    CrossCore,
    /// Same-core, then cross-core
    Both,
    /// Not pinned (results mixing both placements are flagged as bimodal)
    Unpinned,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Shell to generate completions for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct RecordArgs {
    /// Also watch the /dev/shm and mqueue mounts of every mount namespace it can reach
    /// (containers), found again every 10 polls. System V objects are recorded for the
    /// recorder's own IPC namespace only.
    #[arg(long, short = 'A')]
    pub all_namespaces: bool,

    /// Forget removed objects, exits and gaps older than this.
    #[arg(long, value_name = "DUR", default_value = "30d", value_parser = keep_duration)]
    pub keep: std::time::Duration,

    /// How often /proc/sysvipc is read for System V objects (from 100ms to 1h).
    #[arg(long, value_name = "DUR", default_value = "1s", value_parser = poll_interval)]
    pub interval: std::time::Duration,
}

/// `record --keep`: from 1h to 10 years.
fn keep_duration(s: &str) -> Result<std::time::Duration, String> {
    let d = humantime::parse_duration(s).map_err(|e| format!("'{s}': {e}"))?;
    if d.as_secs() < 3600 || d.as_secs() > 3650 * 86_400 {
        return Err(format!("'{s}' is not between 1h and 3650d"));
    }
    Ok(d)
}

/// `record --interval`: from 100ms to 1h.
fn poll_interval(s: &str) -> Result<std::time::Duration, String> {
    let d = humantime::parse_duration(s).map_err(|e| format!("'{s}': {e}"))?;
    if d.as_millis() < 100 || d.as_secs() > 3600 {
        return Err(format!("'{s}' is not between 100ms and 1h"));
    }
    Ok(d)
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only this object's events (KIND:ID or KIND:/NAME), in any namespace.
    #[arg(value_name = "REF")]
    pub reference: Option<String>,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Directory to write the man pages into.
    pub dir: PathBuf,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }
}
