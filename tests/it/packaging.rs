//! ipcctl as an admin installs and runs it: package metadata and licences, the Debian package
//! (built with cargo-deb, installed with dpkg, removed without a trace), the systemd units
//! (`systemd-analyze verify`, hardening), the Prometheus rules (`promtool`), and the metrics
//! served by a real node_exporter. Tests that need root or Debian packages are ignored and
//! run by `.ci/run`, which installs what they need.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{BIN, Msg, Pmq, Psem, Pshm, Sem, Shm, is_root, run, stderr, stdout};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn cmd(program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"))
}

/// Run and insist on success, showing both streams otherwise.
fn ok(program: &str, args: &[&str]) -> String {
    let o = cmd(program, args);
    assert!(
        o.status.success(),
        "{program} {args:?} failed ({}):\n{}{}",
        o.status,
        stdout(&o),
        stderr(&o)
    );
    stdout(&o)
}

/// The systemd units this repository ships.
const UNITS: [&str; 4] = [
    "ipcctl-metrics.service",
    "ipcctl-metrics.timer",
    "ipcctl-clean.service",
    "ipcctl-clean.timer",
];

/// The capabilities the metrics and clean services keep; see the unit for why each.
const CAPS: [&str; 4] = [
    "CAP_SYS_PTRACE",
    "CAP_DAC_READ_SEARCH",
    "CAP_IPC_OWNER",
    "CAP_SYS_ADMIN",
];

/// Values of `Key=` in a unit file (all occurrences, comments skipped).
fn unit_values(text: &str, key: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#') && !l.starts_with(';'))
        .filter_map(|l| l.split_once('='))
        .filter(|(k, _)| k.trim() == key)
        .map(|(_, v)| v.trim().to_string())
        .collect()
}

#[test]
fn version_flag_prints_the_package_version() {
    for flag in ["--version", "-V"] {
        let o = run(&[flag]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(
            stdout(&o),
            format!("ipcctl {}\n", env!("CARGO_PKG_VERSION"))
        );
    }
}

#[test]
fn package_metadata_licences_and_deb_assets() {
    assert_eq!(env!("CARGO_PKG_LICENSE"), "MIT OR Apache-2.0");
    let description = env!("CARGO_PKG_DESCRIPTION");
    // It becomes the Debian synopsis line, which must fit in 80 columns.
    assert!(
        !description.is_empty() && description.len() <= 80,
        "description must be a one-line synopsis: {description:?}"
    );
    assert!(!env!("CARGO_PKG_RUST_VERSION").is_empty());
    assert!(repo().join(env!("CARGO_PKG_README")).is_file());
    let mit = std::fs::read_to_string(repo().join("LICENSE-MIT")).unwrap();
    assert!(mit.contains("Permission is hereby granted, free of charge"));
    let apache = std::fs::read_to_string(repo().join("LICENSE-APACHE")).unwrap();
    assert!(apache.contains("Apache License") && apache.contains("Version 2.0, January 2004"));

    // Every asset of [package.metadata.deb] exists (a renamed file would silently drop out of
    // the package otherwise), and every unit in contrib/systemd is shipped.
    // Read from the manifest itself (not `cargo metadata`: the suite runs without cargo too,
    // as another user than the one who built it).
    let manifest: toml::Table =
        toml::from_str(&std::fs::read_to_string(repo().join("Cargo.toml")).unwrap()).unwrap();
    let pkg: Value = serde_json::to_value(&manifest["package"]).unwrap();
    let deb = &pkg["metadata"]["deb"];
    assert_eq!(deb["depends"], "$auto", "depends must be computed");
    let mut dests = Vec::new();
    for a in deb["assets"].as_array().unwrap() {
        let (src, dest) = (a[0].as_str().unwrap(), a[1].as_str().unwrap());
        dests.push(dest.to_string());
        if src.starts_with("target/release/") {
            continue;
        }
        let matches = match src.split_once('*') {
            None => usize::from(repo().join(src).is_file()),
            Some((prefix, suffix)) => {
                let (dir, stem) = prefix.rsplit_once('/').unwrap_or((".", prefix));
                std::fs::read_dir(repo().join(dir))
                    .unwrap()
                    .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .filter(|n| n.starts_with(stem) && n.ends_with(suffix))
                    .count()
            }
        };
        assert!(matches > 0, "deb asset {src} matches no file");
    }
    for unit in UNITS {
        assert!(repo().join("contrib/systemd").join(unit).is_file());
    }
    let shipped: Vec<String> = std::fs::read_dir(repo().join("contrib/systemd"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for unit in shipped {
        assert!(
            deb["assets"].as_array().unwrap().iter().any(|a| {
                a[0] == format!("contrib/systemd/{unit}") && a[1] == "lib/systemd/system/"
            }),
            "contrib/systemd/{unit} is not in the package"
        );
    }
    assert!(
        !dests.iter().any(|d| d.starts_with("etc/")),
        "no conffiles: `dpkg -r` must leave nothing behind"
    );
}

/// The clean service with the shipped defaults only plans: its command line, expanded as
/// systemd does, never removes anything.
#[test]
fn clean_unit_default_arguments_are_a_dry_run() {
    let unit =
        std::fs::read_to_string(repo().join("contrib/systemd/ipcctl-clean.service")).unwrap();
    let defaults = std::fs::read_to_string(repo().join("contrib/ipcctl.default")).unwrap();
    let args = unit_values(&defaults, "IPCCTL_CLEAN_ARGS");
    assert_eq!(args, ["\"\""], "the shipped default must be empty");
    assert_eq!(unit_values(&unit, "Environment"), ["IPCCTL_CLEAN_ARGS="]);
    let exec = unit_values(&unit, "ExecStart");
    assert_eq!(exec.len(), 1);
    let words: Vec<&str> = exec[0].split_whitespace().collect();
    assert_eq!(words[0], "/usr/bin/ipcctl");
    assert!(
        !words
            .iter()
            .any(|w| *w == "--yes" || *w == "-y" || *w == "--include-likely"),
        "removal must only happen when the admin writes it: {words:?}"
    );
    // Unbraced $VAR expands to zero words when empty.
    let mut argv: Vec<&str> = words[1..]
        .iter()
        .copied()
        .filter(|w| *w != "$IPCCTL_CLEAN_ARGS")
        .collect();
    assert_eq!(
        argv.len(),
        words.len() - 2,
        "ExecStart uses $IPCCTL_CLEAN_ARGS"
    );
    // Safety belt for a shared machine: only our object is in scope.
    let p = Pshm::new("dryrun", 4096);
    argv.extend(["--include-likely", "--name", p.name.as_str()]);
    let o = run(&argv);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        Path::new("/dev/shm").join(&p.name).exists(),
        "the default clean removed an object:\n{}",
        stdout(&o)
    );
}

#[test]
#[ignore = "needs systemd-analyze (Debian package systemd); run by .ci/run"]
fn systemd_units_verify_and_are_hardened() {
    // verify checks that ExecStart's binary exists: point the units at the one under test
    // (the installed units are verified, with their man pages, by the install test).
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for unit in UNITS {
        let text = std::fs::read_to_string(repo().join("contrib/systemd").join(unit)).unwrap();
        let p = dir.path().join(unit);
        std::fs::write(&p, text.replace("/usr/bin/ipcctl", BIN)).unwrap();
        paths.push(p.to_string_lossy().into_owned());
        if unit.ends_with(".service") {
            assert!(
                !text.contains("[Install]"),
                "{unit}: services are started by their timers only"
            );
            assert_eq!(unit_values(&text, "NoNewPrivileges"), ["yes"], "{unit}");
            assert_eq!(unit_values(&text, "ProtectSystem"), ["strict"], "{unit}");
            assert_eq!(unit_values(&text, "ProtectHome"), ["yes"], "{unit}");
            assert_eq!(unit_values(&text, "PrivateTmp"), ["yes"], "{unit}");
            // These would hide what ipcctl inspects: the host's /dev/shm and processes.
            assert!(unit_values(&text, "PrivateDevices").is_empty(), "{unit}");
            assert!(unit_values(&text, "ProtectProc").is_empty(), "{unit}");
            let caps = unit_values(&text, "CapabilityBoundingSet");
            assert_eq!(caps.len(), 1, "{unit}");
            let mut got: Vec<&str> = caps[0].split_whitespace().collect();
            got.sort_unstable();
            let mut want = CAPS.to_vec();
            want.sort_unstable();
            assert_eq!(got, want, "{unit}: capabilities");
        } else {
            assert_eq!(unit_values(&text, "WantedBy"), ["timers.target"], "{unit}");
        }
    }
    let metrics =
        std::fs::read_to_string(repo().join("contrib/systemd/ipcctl-metrics.service")).unwrap();
    assert_eq!(
        unit_values(&metrics, "ReadWritePaths"),
        ["-/var/lib/prometheus/node-exporter"],
        "the one writable path"
    );
    let mut args = vec!["verify", "--man=no"];
    args.extend(paths.iter().map(String::as_str));
    let o = cmd("systemd-analyze", &args);
    assert!(
        o.status.success() && o.stderr.is_empty(),
        "systemd-analyze verify: {}{}",
        stdout(&o),
        stderr(&o)
    );
    // The exposure score of `systemd-analyze security` (0 = locked down, 10 = unprotected);
    // both services score 2.6 today: fail when a change loosens them noticeably.
    for unit in ["ipcctl-metrics.service", "ipcctl-clean.service"] {
        let p = dir.path().join(unit);
        let o = cmd(
            "systemd-analyze",
            &[
                "security",
                "--offline=yes",
                "--threshold=30",
                p.to_str().unwrap(),
            ],
        );
        let out = stdout(&o);
        assert!(
            o.status.success(),
            "{unit}: exposure above 3.0:\n{}",
            out.lines().rev().take(25).collect::<Vec<_>>().join("\n")
        );
    }
}

#[test]
#[ignore = "needs promtool (Debian package prometheus); run by .ci/run"]
fn promtool_accepts_the_rules_and_the_metrics() {
    let rules = repo().join("contrib/prometheus/ipcctl.rules.yml");
    let out = ok("promtool", &["check", "rules", rules.to_str().unwrap()]);
    assert!(out.contains("SUCCESS: 5 rules found"), "{out}");
    // The rules' own unit tests: each alert fires on ipcctl's series and not below threshold.
    let tests = repo().join("contrib/prometheus/ipcctl.rules.test.yml");
    ok("promtool", &["test", "rules", tests.to_str().unwrap()]);

    // The Grafana dashboard's queries are valid PromQL (promtool parses them as recording
    // rules) over series ipcctl writes.
    let dashboard: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("contrib/grafana/ipcctl.json")).unwrap(),
    )
    .unwrap();
    let exprs: Vec<String> = dashboard["panels"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["targets"].as_array().unwrap().iter())
        .map(|t| t["expr"].as_str().unwrap().replace("$instance", ".*"))
        .collect();
    assert!(exprs.len() >= 8, "{exprs:?}");
    let mut rules = String::from("groups:\n  - name: dashboard\n    rules:\n");
    for (i, e) in exprs.iter().enumerate() {
        rules.push_str(&format!(
            "      - record: dashboard:panel{i}\n        expr: {}\n",
            serde_json::to_string(e).unwrap()
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let rules_file = dir.path().join("dashboard.rules.yml");
    std::fs::write(&rules_file, rules).unwrap();
    ok(
        "promtool",
        &["check", "rules", rules_file.to_str().unwrap()],
    );
    let families = stdout(&run(&["metrics", "--all-namespaces"]));
    for e in &exprs {
        for (i, _) in e.match_indices("ipcctl_") {
            let name: String = e[i..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            assert!(
                families.contains(&format!("# TYPE {name} gauge")),
                "the dashboard queries {name}, which ipcctl does not write"
            );
        }
    }

    // The metrics output, with one object of every kind present, passes promtool's linter.
    let _objects = KnownObjects::new();
    let mut variants = vec![vec!["metrics"]];
    if is_root() {
        variants.push(vec!["metrics", "--all-namespaces"]);
    }
    for args in variants {
        let o = run(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stdout(&o).contains("ipcctl_objects{"));
        let mut child = Command::new("promtool")
            .args(["check", "metrics"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("promtool");
        child.stdin.take().unwrap().write_all(&o.stdout).unwrap();
        let c = child.wait_with_output().unwrap();
        assert!(
            c.status.success() && c.stdout.is_empty() && c.stderr.is_empty(),
            "promtool check metrics on `ipcctl {args:?}`: {}{}",
            stdout(&c),
            stderr(&c)
        );
    }
}

/// One object of each kind, owned by the test, removed on drop.
struct KnownObjects {
    _shm: Shm,
    _msg: Msg,
    _sem: Sem,
    _pmq: Pmq,
    _pshm: Pshm,
    _psem: Psem,
}

impl KnownObjects {
    fn new() -> KnownObjects {
        let msg = Msg::new(0o600);
        msg.send(1, b"hello");
        let pmq = Pmq::new("pkg");
        pmq.send(0, b"abc");
        KnownObjects {
            _shm: Shm::new(8192, 0o600),
            _msg: msg,
            _sem: Sem::new(3, 0o600),
            _pmq: pmq,
            _pshm: Pshm::new("pkg", 12288),
            _psem: Psem::new("pkg", 1),
        }
    }
}

/// One sample of the Prometheus text format: name, labels, value.
#[derive(Debug, Clone, PartialEq)]
struct Sample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

/// Parse exposition text (the subset node_exporter and ipcctl write: no timestamps).
fn parse_samples(text: &str) -> Vec<Sample> {
    let mut out = Vec::new();
    for line in text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let (name, rest) = match line.find(['{', ' ']) {
            Some(i) => line.split_at(i),
            None => panic!("bad sample line {line:?}"),
        };
        let mut labels = BTreeMap::new();
        let mut rest = rest;
        if let Some(body) = rest.strip_prefix('{') {
            let mut chars = body.char_indices();
            let mut key = String::new();
            let mut end = None;
            while let Some((i, c)) = chars.next() {
                match c {
                    '}' => {
                        end = Some(i + 1);
                        break;
                    }
                    ',' | ' ' => {}
                    '=' => {
                        assert_eq!(chars.next().map(|(_, c)| c), Some('"'), "{line}");
                        let mut value = String::new();
                        loop {
                            match chars.next().map(|(_, c)| c) {
                                Some('"') => break,
                                Some('\\') => match chars.next().map(|(_, c)| c) {
                                    Some('n') => value.push('\n'),
                                    Some(e) => value.push(e),
                                    None => panic!("bad escape in {line:?}"),
                                },
                                Some(c) => value.push(c),
                                None => panic!("unterminated label in {line:?}"),
                            }
                        }
                        labels.insert(std::mem::take(&mut key), value);
                    }
                    c => key.push(c),
                }
            }
            rest = &body[end.unwrap_or_else(|| panic!("unterminated labels in {line:?}"))..];
        }
        let value = rest.trim();
        let value = match value {
            "+Inf" => f64::INFINITY,
            "-Inf" => f64::NEG_INFINITY,
            v => v
                .parse()
                .unwrap_or_else(|e| panic!("bad value in {line:?}: {e}")),
        };
        out.push(Sample {
            name: name.to_string(),
            labels,
            value,
        });
    }
    out
}

/// Per (kind, owner): (objects, bytes), as `ipcctl metrics` aggregates `list --json`.
fn by_kind_owner(list: &Value) -> BTreeMap<(String, String), (f64, f64)> {
    let mut m = BTreeMap::new();
    for o in list.as_array().unwrap() {
        let owner = o["user"]
            .as_str()
            .map_or_else(|| o["uid"].to_string(), str::to_string);
        let e = m
            .entry((o["kind"].as_str().unwrap().to_string(), owner))
            .or_insert((0.0, 0.0));
        e.0 += 1.0;
        e.1 += o["size_bytes"].as_f64().unwrap_or(0.0);
    }
    m
}

fn list_json() -> Value {
    let o = run(&["list", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// A node_exporter with only the textfile collector, on a free loopback port; stopped (by
/// its pid) on drop.
struct Exporter {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Exporter {
    const BIN: &'static str = "/usr/bin/prometheus-node-exporter";

    fn start(textfile_dir: &Path, log: PathBuf) -> Exporter {
        // A port is free when we bind it; it can be taken before the exporter binds it, so
        // an exporter that exits at start is retried on another port.
        for _ in 0..5 {
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            let child = Command::new(Self::BIN)
                .arg(format!("--web.listen-address=127.0.0.1:{port}"))
                .arg("--collector.disable-defaults")
                .arg("--collector.textfile")
                .arg(format!(
                    "--collector.textfile.directory={}",
                    textfile_dir.display()
                ))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(std::fs::File::create(&log).unwrap())
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {}: {e}", Self::BIN));
            let mut e = Exporter {
                child,
                port,
                log: log.clone(),
            };
            if e.wait_ready() {
                return e;
            }
        }
        panic!("node_exporter did not start; its log:\n{}", read_log(&log));
    }

    /// Until /metrics answers (true) or the process exits (false); 20 s at most.
    fn wait_ready(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.child.try_wait().unwrap().is_some() {
                return false;
            }
            if self.get("/metrics").is_ok() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "node_exporter on port {} did not answer within 20 s; log:\n{}",
            self.port,
            read_log(&self.log)
        );
    }

    /// HTTP/1.0 GET on the loopback port; the body of a 200 answer.
    fn get(&self, path: &str) -> std::io::Result<String> {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", self.port))?;
        s.set_read_timeout(Some(Duration::from_secs(10)))?;
        write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")?;
        let mut answer = String::new();
        s.read_to_string(&mut answer)?;
        let (head, body) = answer
            .split_once("\r\n\r\n")
            .ok_or_else(|| std::io::Error::other("no HTTP header"))?;
        if !head.starts_with("HTTP/1.0 200") && !head.starts_with("HTTP/1.1 200") {
            return Err(std::io::Error::other(format!("answer: {head}")));
        }
        Ok(body.to_string())
    }

    /// SIGTERM by pid, then reap.
    fn stop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let pid = nix::unistd::Pid::from_raw(self.child.id() as i32);
            let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM);
            let _ = self.child.wait();
        }
    }
}

impl Drop for Exporter {
    fn drop(&mut self) {
        self.stop();
    }
}

fn read_log(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_default()
}

#[test]
#[ignore = "needs root and Debian's prometheus-node-exporter; run by .ci/run"]
fn node_exporter_serves_ipcctl_metrics_that_match_list() {
    assert!(is_root(), "run as root: the holder scan and limits need it");
    assert!(
        Path::new(Exporter::BIN).exists(),
        "apt-get install prometheus-node-exporter"
    );
    let objects = KnownObjects::new();
    let dir = tempfile::tempdir().unwrap();
    let textfile_dir = dir.path().join("textfile");
    std::fs::create_dir(&textfile_dir).unwrap();
    let prom = textfile_dir.join("ipcctl.prom");

    // A stable view: `list` before and after `metrics` agree (other processes on this
    // machine may create objects meanwhile; then try again).
    let mut expected = None;
    for _ in 0..10 {
        let before = by_kind_owner(&list_json());
        let o = run(&["metrics", "--textfile", prom.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(o.stdout.is_empty(), "--textfile writes nothing to stdout");
        if by_kind_owner(&list_json()) == before {
            expected = Some(before);
            break;
        }
    }
    let expected = expected.expect("the IPC objects on this machine never held still");
    // Only the file: the temporary one is renamed over it.
    let names: Vec<String> = std::fs::read_dir(&textfile_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["ipcctl.prom"]);
    let written = parse_samples(&std::fs::read_to_string(&prom).unwrap());

    let mut exporter = Exporter::start(&textfile_dir, dir.path().join("exporter.log"));
    let body = exporter.get("/metrics").unwrap();
    exporter.stop();
    drop(objects);
    let scraped = parse_samples(&body);

    // node_exporter read the file without complaint.
    let find = |name: &'static str| scraped.iter().filter(move |s| s.name == name);
    let errors: Vec<&Sample> = find("node_textfile_scrape_error").collect();
    assert_eq!(errors.len(), 1, "{body}");
    assert_eq!(errors[0].value, 0.0, "node_textfile_scrape_error:\n{body}");
    let mtime = find("node_textfile_mtime_seconds").find(|s| {
        s.labels
            .get("file")
            .is_some_and(|f| f.ends_with("ipcctl.prom"))
    });
    assert!(mtime.is_some(), "no mtime for ipcctl.prom:\n{body}");

    // Every ipcctl sample arrives unchanged, and nothing else named ipcctl_*.
    let scraped_ipcctl: Vec<&Sample> = scraped
        .iter()
        .filter(|s| s.name.starts_with("ipcctl_"))
        .collect();
    assert_eq!(scraped_ipcctl.len(), written.len(), "{body}");
    for w in &written {
        assert!(
            scraped_ipcctl.contains(&w),
            "{w:?} missing from the scrape:\n{body}"
        );
    }

    // And they mean what `list --json` says: objects and bytes per kind and owner.
    let mut got = BTreeMap::new();
    for s in &scraped_ipcctl {
        let key = || (s.labels["kind"].clone(), s.labels["owner"].clone());
        match s.name.as_str() {
            "ipcctl_objects" => got.entry(key()).or_insert((0.0, 0.0)).0 = s.value,
            "ipcctl_objects_size_bytes" => got.entry(key()).or_insert((0.0, 0.0)).1 = s.value,
            _ => {}
        }
    }
    assert_eq!(got, expected, "scraped vs list --json");
    for kind in ["msg", "shm", "sem", "pmq", "pshm", "psem"] {
        assert!(
            got.get(&(kind.to_string(), "root".to_string()))
                .is_some_and(|(n, _)| *n >= 1.0),
            "our {kind} object is not counted: {got:?}"
        );
    }
    let shm_count = expected
        .iter()
        .filter(|((k, _), _)| k == "shm")
        .map(|(_, (n, _))| n)
        .sum::<f64>();
    let shmmni_used = scraped_ipcctl
        .iter()
        .find(|s| s.name == "ipcctl_limit_used" && s.labels["limit"] == "SHMMNI")
        .map(|s| s.value);
    assert_eq!(shmmni_used, Some(shm_count), "SHMMNI use = segments listed");

    eprintln!("node_exporter scrape (excerpt):");
    for line in body.lines().filter(|l| {
        l.starts_with("node_textfile")
            || l.starts_with("ipcctl_objects{kind=\"shm\"")
            || l.starts_with("ipcctl_objects_size_bytes{kind=\"pshm\"")
            || l.starts_with("ipcctl_limit_usage_ratio{limit=\"SHMMNI\"")
            || l.starts_with("ipcctl_holder_scan_complete")
    }) {
        eprintln!("  {line}");
    }
}

fn dpkg_status(package: &str) -> String {
    let o = cmd("dpkg-query", &["-W", "-f=${db:Status-Status}", package]);
    if o.status.success() {
        stdout(&o)
    } else {
        "not-installed".to_string()
    }
}

/// Removes the package if the test installed it and failed half-way.
struct Installed;

impl Drop for Installed {
    fn drop(&mut self) {
        if dpkg_status("ipcctl") != "not-installed" {
            let _ = cmd("dpkg", &["--purge", "ipcctl"]);
        }
    }
}

/// The .deb: `$IPCCTL_DEB` (built by .ci/run with `cargo deb`), else built here.
fn deb_path(out: &Path) -> PathBuf {
    if let Ok(p) = std::env::var("IPCCTL_DEB") {
        return PathBuf::from(p);
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let manifest = repo().join("Cargo.toml");
    let built = ok(
        &cargo,
        &[
            "deb",
            "--manifest-path",
            manifest.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ],
    );
    PathBuf::from(
        built
            .lines()
            .last()
            .expect("cargo deb prints the path")
            .trim(),
    )
}

/// Load bash-completion's own loader, ask it for ipcctl's completion, and complete `ipcctl li`.
const BASH_COMPLETE: &str = r#"
source /usr/share/bash-completion/bash_completion || exit 2
__load_completion ipcctl || exit 3
complete -p ipcctl
COMP_WORDS=(ipcctl li); COMP_CWORD=1; COMP_LINE="ipcctl li"; COMP_POINT=9
_ipcctl ipcctl li ipcctl
echo "reply: ${COMPREPLY[*]}"
"#;

#[test]
#[ignore = "needs root, cargo-deb, dpkg, man-db and bash-completion; installs the package on \
            this machine; run by .ci/run"]
fn deb_installs_works_and_removes_without_a_trace() {
    let started = Instant::now();
    assert!(is_root(), "dpkg -i needs root");
    assert_eq!(
        dpkg_status("ipcctl"),
        "not-installed",
        "ipcctl is already installed here; this test would remove it"
    );
    let out = tempfile::tempdir().unwrap();
    let deb = deb_path(out.path());
    let deb_s = deb.to_str().unwrap();

    // What the package holds.
    let listing = ok("dpkg-deb", &["--contents", deb_s]);
    let files: Vec<String> = listing
        .lines()
        .filter(|l| l.starts_with('-'))
        .filter_map(|l| l.split_whitespace().last())
        .map(|p| p.trim_start_matches('.').to_string())
        .collect();
    let mut want: Vec<String> = [
        "/usr/bin/ipcctl",
        "/usr/share/bash-completion/completions/ipcctl",
        "/usr/share/zsh/vendor-completions/_ipcctl",
        "/usr/share/fish/vendor_completions.d/ipcctl.fish",
        "/usr/share/doc/ipcctl/README.md",
        "/usr/share/doc/ipcctl/LICENSE-MIT",
        "/usr/share/doc/ipcctl/LICENSE-APACHE",
        "/usr/share/doc/ipcctl/copyright",
        "/usr/share/doc/ipcctl/examples/ipcctl.default",
        "/usr/share/doc/ipcctl/examples/prometheus/ipcctl.rules.yml",
        "/usr/share/doc/ipcctl/examples/grafana/ipcctl.json",
    ]
    .map(String::from)
    .to_vec();
    want.extend(UNITS.map(|u| format!("/lib/systemd/system/{u}")));
    for page in std::fs::read_dir(repo().join("man")).unwrap() {
        let name = page.unwrap().file_name().to_string_lossy().into_owned();
        want.push(format!("/usr/share/man/man1/{name}.gz"));
    }
    for w in &want {
        assert!(files.contains(w), "{w} is not in the package:\n{listing}");
    }
    assert!(
        files.iter().all(|f| !f.starts_with("/etc/")),
        "no conffiles"
    );
    let depends = ok("dpkg-deb", &["--field", deb_s, "Depends"]);
    assert!(depends.contains("libc6"), "computed depends: {depends}");

    // Before: bash-completion finds nothing.
    let before = cmd("bash", &["--norc", "--noprofile", "-c", BASH_COMPLETE]);
    assert_eq!(before.status.code(), Some(3), "{}", stderr(&before));

    let _guard = Installed;
    ok("dpkg", &["--install", deb_s]);
    assert_eq!(dpkg_status("ipcctl"), "installed");

    assert_eq!(
        ok("/usr/bin/ipcctl", &["--version"]),
        format!("ipcctl {}\n", env!("CARGO_PKG_VERSION"))
    );
    // A release build has no test hooks: neither the fixture root nor the bench's fault
    // injection (their variables are not even in the binary), and --root is refused.
    let binary = std::fs::read("/usr/bin/ipcctl").unwrap();
    for hook in [
        "IPCCTL_ROOT",
        "IPCCTL_BENCH_PEER_CRASH_AFTER",
        "IPCCTL_BENCH_TEST_SLOWDOWN",
    ] {
        assert!(
            !binary.windows(hook.len()).any(|w| w == hook.as_bytes()),
            "the packaged binary has the test hook {hook}"
        );
    }
    let fixture = cmd("/usr/bin/ipcctl", &["--root", "/nonexistent", "list"]);
    assert_eq!(fixture.status.code(), Some(2), "{}", stderr(&fixture));
    assert_eq!(
        ok("man", &["-w", "ipcctl"]).trim(),
        "/usr/share/man/man1/ipcctl.1.gz"
    );
    assert_eq!(
        ok("man", &["-w", "ipcctl-orphans"]).trim(),
        "/usr/share/man/man1/ipcctl-orphans.1.gz"
    );
    // The page renders (groff through man-db), and says what it documents.
    let page = Command::new("man")
        .args(["-P", "cat", "ipcctl-orphans"])
        .env("MANWIDTH", "80")
        .output()
        .unwrap();
    assert!(page.status.success(), "{}", stderr(&page));
    assert!(stdout(&page).contains("orphans"));

    let completion = ok("bash", &["--norc", "--noprofile", "-c", BASH_COMPLETE]);
    assert!(
        completion.contains("-F _ipcctl ipcctl"),
        "complete -p: {completion}"
    );
    let reply = completion
        .lines()
        .find_map(|l| l.strip_prefix("reply: "))
        .unwrap_or_default();
    assert!(
        reply.split_whitespace().any(|w| w == "list"),
        "completing `ipcctl li`: {completion}"
    );

    // The units are there, verified with the installed binary and man pages, and disabled.
    let mut verify = vec!["verify".to_string()];
    verify.extend(UNITS.map(|u| format!("/lib/systemd/system/{u}")));
    let v: Vec<&str> = verify.iter().map(String::as_str).collect();
    let o = cmd("systemd-analyze", &v);
    assert!(
        o.status.success() && o.stderr.is_empty(),
        "systemd-analyze verify (installed): {}",
        stderr(&o)
    );
    for timer in ["ipcctl-metrics.timer", "ipcctl-clean.timer"] {
        let o = cmd("systemctl", &["is-enabled", timer]);
        assert_eq!(stdout(&o).trim(), "disabled", "{timer}: {}", stderr(&o));
    }
    // An admin enables the metrics timer; removal must not leave its link dangling.
    ok("systemctl", &["enable", "ipcctl-metrics.timer"]);
    let link = Path::new("/etc/systemd/system/timers.target.wants/ipcctl-metrics.timer");
    assert!(link.is_symlink());

    ok("dpkg", &["--remove", "ipcctl"]);
    assert_eq!(
        dpkg_status("ipcctl"),
        "not-installed",
        "nothing kept until purge"
    );
    for f in files
        .iter()
        .chain(["/usr/share/doc/ipcctl".to_string()].iter())
    {
        assert!(
            !Path::new(f).exists() && !Path::new(f).is_symlink(),
            "{f} is still there after dpkg -r"
        );
    }
    assert!(!link.is_symlink(), "enablement link left behind");
    let after = cmd("bash", &["--norc", "--noprofile", "-c", BASH_COMPLETE]);
    assert_eq!(after.status.code(), Some(3), "{}", stderr(&after));
    eprintln!(
        "install test: {:.1} s (package {})",
        started.elapsed().as_secs_f64(),
        deb.display()
    );
}

/// A process started by the test (the helper as nobody, possibly in a private namespace);
/// killed and reaped on drop.
struct Proc(Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Start `program` and wait for its "ready" line.
fn start_ready(program: &str, args: &[&str]) -> Proc {
    use std::io::BufRead;
    let mut child = Command::new(program)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {program}: {e}"));
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let p = Proc(child);
    assert!(line.starts_with("ready"), "{program} {args:?}: {line:?}");
    p
}

/// What `ipcctl` run as root with only `caps` (None: all) sees of the given objects across
/// namespaces: holders, values, states. One JSON line per object, sorted.
fn view_with_caps(caps: Option<&[&str]>, refs: &[String], keys: &[String]) -> Vec<String> {
    let mut pre: Vec<String> = vec!["--no-new-privs".into()];
    if let Some(caps) = caps {
        let set: Vec<String> = caps
            .iter()
            .map(|c| format!(",+{}", c.trim_start_matches("CAP_").to_lowercase()))
            .collect();
        pre.push("--inh-caps=-all".into());
        pre.push(format!("--bounding-set=-all{}", set.concat()));
    }
    pre.extend(["--".into(), BIN.into()]);
    let mut lines = Vec::new();
    for args in [
        ["list", "--all-namespaces"],
        ["orphans", "--all-namespaces"],
    ] {
        let o = Command::new("setpriv")
            .args(&pre)
            .args(args)
            .arg("--json")
            .output()
            .unwrap();
        assert!(o.status.success(), "{caps:?} {args:?}: {}", stderr(&o));
        let all: Value = serde_json::from_slice(&o.stdout).unwrap();
        for x in all.as_array().unwrap() {
            let ours = refs.iter().any(|r| x["ref"] == r.as_str())
                || keys.iter().any(|k| x["key"] == k.as_str());
            if !ours {
                continue;
            }
            let mut holders: Vec<String> = x["holders"]
                .as_array()
                .map(|h| h.iter().map(|h| h["pid"].to_string()).collect())
                .unwrap_or_default();
            holders.sort();
            lines.push(format!(
                "{} {} key={} holders={holders:?} value={} messages={} state={}",
                args[0], x["ref"], x["key"], x["value"], x["messages"], x["state"]
            ));
        }
    }
    lines.sort();
    lines
}

/// The capabilities in the units are the minimum for a full view: with exactly them, root
/// sees what unrestricted root sees of another user's objects (held, orphaned, and inside
/// a container-like namespace with its own /dev/shm); without any one of them, it does not.
#[test]
#[ignore = "needs root, setpriv, unshare and cc (runs processes as nobody in a private \
            namespace); run by .ci/run"]
fn unit_capabilities_are_sufficient_and_each_necessary() {
    use crate::common::{Made, ensure_mqueue, unique_key, unique_name};
    assert!(is_root(), "needs root");
    ensure_mqueue();
    let helper = crate::orphans::helper_bin().to_str().unwrap().to_string();
    let nobody = ["--reuid=nobody", "--regid=nogroup", "--clear-groups"];
    let mut guards = Vec::new();
    let mut key = |kind: &'static str| {
        let k = unique_key();
        guards.push(Made::key(kind, k));
        format!("0x{k:08x}")
    };
    let (held_shm, held_msg, held_sem) = (key("shm"), key("msg"), key("sem"));
    let (dead_shm, dead_msg, dead_sem) = (key("shm"), key("msg"), key("sem"));
    let cont_shm = key("shm");
    let mut names = Vec::new();
    let mut name = |kind: &'static str, tag: &str| {
        let n = unique_name(tag);
        names.push(Made::name(kind, &n));
        n
    };
    let (held_pmq, held_pshm, held_psem) = (name("pmq", "q"), name("pshm", "p"), name("psem", "s"));
    let (dead_pmq, dead_pshm, dead_psem) = (name("pmq", "q"), name("pshm", "p"), name("psem", "s"));
    // Inside the private namespace: gone with it (its own queues and /dev/shm tmpfs).
    let (cont_pmq, cont_pshm, cont_psem) = (unique_name("q"), unique_name("p"), unique_name("s"));

    let mut held_args: Vec<&str> = nobody.to_vec();
    held_args.extend([
        helper.as_str(),
        "shm",
        &held_shm,
        "msg",
        &held_msg,
        "sem",
        &held_sem,
        "pmq",
        &held_pmq,
        "pshm",
        &held_pshm,
        "psem",
        &held_psem,
    ]);
    let _held = start_ready("setpriv", &held_args);
    let mut dead_args: Vec<&str> = nobody.to_vec();
    dead_args.extend([
        helper.as_str(),
        "shm",
        &dead_shm,
        "msg",
        &dead_msg,
        "sem",
        &dead_sem,
        "pmq",
        &dead_pmq,
        "pshm",
        &dead_pshm,
        "psem",
        &dead_psem,
        "exit",
    ]);
    ok("setpriv", &dead_args);
    let script = format!(
        "mount -t tmpfs -o size=1M tmpfs /dev/shm && exec setpriv {} {helper} shm {cont_shm} \
         pmq {cont_pmq} pshm {cont_pshm} psem {cont_psem}",
        nobody.join(" ")
    );
    let _container = start_ready(
        "unshare",
        &[
            "--ipc",
            "--mount",
            "--propagation",
            "private",
            "--",
            "sh",
            "-c",
            &script,
        ],
    );

    let mut refs = Vec::new();
    for (kind, n) in [
        ("pmq", &held_pmq),
        ("pshm", &held_pshm),
        ("psem", &held_psem),
        ("pmq", &dead_pmq),
        ("pshm", &dead_pshm),
        ("psem", &dead_psem),
        ("pmq", &cont_pmq),
        ("pshm", &cont_pshm),
        ("psem", &cont_psem),
    ] {
        refs.push(format!("{kind}:/{n}"));
    }
    let keys = [
        &held_shm, &held_msg, &held_sem, &dead_shm, &dead_msg, &dead_sem, &cont_shm,
    ]
    .map(|k| k.to_string());

    let full = view_with_caps(None, &refs, &keys);
    let listed = full.iter().filter(|l| l.starts_with("list ")).count();
    assert_eq!(
        listed,
        refs.len() + keys.len(),
        "full root sees everything:\n{full:#?}"
    );
    assert_eq!(
        view_with_caps(Some(&CAPS), &refs, &keys),
        full,
        "the units' capabilities do not give the full view"
    );
    for missing in CAPS {
        let fewer: Vec<&str> = CAPS.iter().copied().filter(|c| *c != missing).collect();
        assert_ne!(
            view_with_caps(Some(&fewer), &refs, &keys),
            full,
            "{missing} is not needed: the view is complete without it"
        );
    }
}

/// Issue 20.11: lintian's first complaint was the missing changelog.Debian.gz. The package
/// has it (with this version), and lintian finds no error (`E:`) in it.
#[test]
#[ignore = "needs cargo-deb and lintian (Debian package lintian); run by .ci/run"]
fn lintian_finds_no_error_in_the_deb() {
    let out = tempfile::tempdir().unwrap();
    let deb = deb_path(out.path());
    let deb_s = deb.to_str().unwrap();
    let listing = ok("dpkg-deb", &["--contents", deb_s]);
    assert!(
        listing.contains("./usr/share/doc/ipcctl/changelog.Debian.gz"),
        "no changelog.Debian.gz:\n{listing}"
    );
    // The changelog's newest entry is this version.
    let tmp = tempfile::tempdir().unwrap();
    ok("dpkg-deb", &["-x", deb_s, tmp.path().to_str().unwrap()]);
    let gz = tmp.path().join("usr/share/doc/ipcctl/changelog.Debian.gz");
    let text = ok("zcat", &[gz.to_str().unwrap()]);
    let version = ok("dpkg-deb", &["--field", deb_s, "Version"]);
    assert!(
        text.starts_with(&format!("ipcctl ({}) ", version.trim())),
        "changelog does not start with version {version}: {text}"
    );
    // lintian exits non-zero on errors; show everything it said either way.
    let o = cmd("lintian", &["--no-tag-display-limit", deb_s]);
    let said = format!("{}{}", stdout(&o), stderr(&o));
    let errors: Vec<&str> = said.lines().filter(|l| l.starts_with("E:")).collect();
    assert!(errors.is_empty(), "lintian errors:\n{said}");
    assert!(!said.contains("debian-changelog-file-missing"), "{said}");
}
