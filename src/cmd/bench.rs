//! `ipcctl bench`: glue between the command line and the engine in `crate::bench`.

use super::Ctx;
use crate::bench::advice::{self, Answers, Question};
use crate::bench::compare::{self, Parameters, SavedRun};
use crate::bench::host::{Host, SizeLimits};
use crate::bench::plot::{self, Curve};
use crate::bench::progress::Progress;
use crate::bench::report::{self, BenchResult};
use crate::bench::runner::{Outcome, Runner};
use crate::bench::text;
use crate::bench::{
    Config, DEFAULT_ITERATIONS, DEFAULT_PHASE_LIMIT, DEFAULT_SIZES, Mechanism, Placement,
};
use crate::cli::{BenchArgs, PlacementArg};
use crate::error::{EXIT_FAILED, EXIT_OK, Error, Result};
use crate::output;

fn config(args: &BenchArgs) -> Result<Config> {
    let mut sizes: Vec<usize> = Vec::new();
    for &s in if args.sizes.is_empty() {
        &DEFAULT_SIZES[..]
    } else {
        &args.sizes[..]
    } {
        if !sizes.contains(&s) {
            sizes.push(s);
        }
    }
    let placements = match args.placement {
        PlacementArg::SameCore => vec![Placement::SameCore],
        PlacementArg::CrossCore => vec![Placement::CrossCore],
        PlacementArg::Both => vec![Placement::SameCore, Placement::CrossCore],
        PlacementArg::Unpinned => vec![Placement::Unpinned],
    };
    let (iterations, time_limit) = match (args.iterations, args.duration) {
        (_, Some(d)) => (u64::MAX, Some(d)),
        (Some(n), None) => (n, None),
        (None, None) => (DEFAULT_ITERATIONS, Some(DEFAULT_PHASE_LIMIT)),
    };
    let warmup = args
        .warmup
        .unwrap_or_else(|| (iterations / 10).clamp(1, 1000));
    Ok(Config {
        mechanisms: Mechanism::selection(&args.mechanisms),
        sizes,
        placements,
        iterations,
        time_limit,
        warmup,
        rate: args.rate,
    })
}

/// Refuse an output file that cannot be written before anything is measured (without
/// creating it: an interrupted run leaves nothing).
fn check_writable(path: &std::path::Path, what: &str) -> Result<()> {
    use nix::unistd::{AccessFlags, access};
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    let bad = |why: String| {
        Error::usage(format!(
            "{}: cannot write the {what}: {why}",
            path.display()
        ))
    };
    if path.is_dir() {
        return Err(bad("is a directory".into()));
    }
    access(parent, AccessFlags::W_OK | AccessFlags::X_OK)
        .map_err(|e| bad(format!("{}: {}", parent.display(), e.desc().to_lowercase())))
}

/// The largest file `--compare` reads: a saved run is a few KiB per point.
const MAX_SAVED_RUN: u64 = 16 << 20;

/// Read a run saved by `--save`: a regular file (opened without blocking, so a FIFO is
/// refused instead of waited on) of at most `MAX_SAVED_RUN` bytes (`/dev/zero` is refused
/// instead of read until memory runs out).
fn load(path: &std::path::Path) -> Result<SavedRun> {
    use nix::fcntl::OFlag;
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let bad = |why: String| {
        Error::usage(format!(
            "{}: cannot read the saved run: {why}",
            path.display()
        ))
    };
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags((OFlag::O_NONBLOCK | OFlag::O_CLOEXEC).bits())
        .open(path)
        .map_err(|e| bad(e.to_string()))?;
    let meta = file.metadata().map_err(|e| bad(e.to_string()))?;
    if !meta.is_file() {
        return Err(bad("not a regular file".into()));
    }
    let too_big = || {
        bad(format!(
            "larger than {}",
            crate::render::human_size(MAX_SAVED_RUN)
        ))
    };
    if meta.len() > MAX_SAVED_RUN {
        return Err(too_big());
    }
    let mut text = String::new();
    file.take(MAX_SAVED_RUN + 1)
        .read_to_string(&mut text)
        .map_err(|e| bad(e.to_string()))?;
    if text.len() as u64 > MAX_SAVED_RUN {
        return Err(too_big());
    }
    let run: SavedRun = serde_json::from_str(&text).map_err(|e| {
        Error::usage(format!(
            "{}: not a run saved by --save: {e}",
            path.display()
        ))
    })?;
    if run.format != compare::FORMAT {
        return Err(Error::usage(format!(
            "{}: saved in format '{}', this ipcctl reads '{}'",
            path.display(),
            run.format,
            compare::FORMAT
        )));
    }
    Ok(run)
}

pub fn run(ctx: &Ctx, args: BenchArgs) -> Result<i32> {
    if ctx.out.json && args.markdown {
        return Err(Error::usage("--json and --markdown cannot be combined"));
    }
    let answers = if args.choose {
        Some(answers(ctx, &args)?)
    } else {
        None
    };
    let mut cfg = config(&args)?;
    if let Some(a) = &answers
        && args.mechanisms.is_empty()
    {
        cfg.mechanisms = advice::candidates(a);
    }
    if let Some(path) = &args.from {
        let run = load(path)?;
        let mut results: Vec<BenchResult> = run
            .results
            .into_iter()
            .filter(|r| args.mechanisms.is_empty() || args.mechanisms.contains(&r.mechanism))
            .collect();
        report::sort(&mut results);
        if !ctx.out.json && !args.markdown && !ctx.out.quiet {
            output::print(&header_block(&run.header, ctx.out.width))?;
        }
        finish(
            ctx,
            &args,
            &run.header,
            &results,
            &[],
            None,
            answers.as_ref(),
        )?;
        return Ok(EXIT_OK);
    }
    // A bad --compare file is refused before anything is measured.
    let saved = args.compare.as_deref().map(load).transpose()?;
    if let Some(p) = &args.plot {
        check_writable(p, "plot")?;
    }
    if let Some(p) = &args.save {
        check_writable(p, "saved run")?;
    }
    let mut runner = Runner::new(cfg.clone(), crate::hooks::bench()).map_err(Error::Failed)?;
    let placements: Vec<_> = cfg
        .placements
        .iter()
        .map(|&p| (p, runner.cpus_for(p).ok().flatten()))
        .collect();
    let header = crate::bench::text::header(&Host::detect(), &cfg, &placements);
    // The table's header goes out with the first result (so a run that measures nothing
    // prints only its errors); with -v the header also goes to stderr at once.
    let mut header_due = !ctx.out.json && !args.markdown && !ctx.out.quiet;
    if ctx.out.verbose {
        for h in &header {
            eprintln!("{h}");
        }
    }

    let points = runner.points();
    let progress = Progress::new(ctx.out.progress(), points.len());
    let mut results: Vec<BenchResult> = Vec::new();
    // Percentile curves (for --plot) and histograms (for --histogram) of each point.
    let mut curves: Vec<(usize, Vec<(f64, u64)>)> = Vec::new();
    let mut histograms: Vec<String> = Vec::new();
    let mut warned: Vec<String> = Vec::new();
    let mut failed = 0;
    for p in points {
        progress.start(&p);
        match runner.run(p) {
            Outcome::Done(m) => {
                if header_due {
                    header_due = false;
                    progress.suspend(|| {
                        let _ = output::print(&header_block(&header, ctx.out.width));
                    });
                }
                let mut m = m;
                m.samples.sort_unstable();
                let curve = crate::bench::stats::curve(&m.samples);
                let hist = args
                    .histogram
                    .then(|| crate::bench::text::histogram(&m.samples, 40));
                if let Some(r) = BenchResult::from_measurement(m, cfg.rate) {
                    if let Some(h) = hist {
                        histograms.push(format!("{}:\n{h}", crate::bench::text::label(&r)));
                    }
                    curves.push((results.len(), curve));
                    results.push(r);
                }
            }
            Outcome::Skipped(why) => {
                if !warned.contains(&why) {
                    progress.suspend(|| ctx.out.warn(&format!("skipped: {why}")));
                    warned.push(why);
                }
            }
            Outcome::Failed(why) => {
                failed += 1;
                progress.suspend(|| ctx.out.error(&why));
            }
            Outcome::Interrupted => {
                progress.finish();
                return Err(Error::Interrupted);
            }
        }
        progress.done();
    }
    progress.finish();
    // Restore signal handlers and CPU affinity before printing.
    drop(runner);

    if results.is_empty() && failed == 0 {
        return Err(Error::usage(
            "nothing to measure: every requested mechanism, size and placement was skipped",
        ));
    }
    if let Some(path) = &args.plot {
        let c: Vec<Curve> = curves
            .into_iter()
            .map(|(i, points)| Curve {
                result: &results[i],
                points,
            })
            .collect();
        let svg = plot::draw(&c, &results)
            .map_err(|e| Error::Failed(format!("{}: {e}", path.display())))?;
        output::write_file(path, svg.as_bytes())?;
    }
    report::sort(&mut results);
    if let Some(path) = &args.save {
        let run = SavedRun {
            format: compare::FORMAT.into(),
            header: header.clone(),
            parameters: Parameters {
                sizes: cfg.sizes.clone(),
                placements: cfg.placements.clone(),
                iterations: (cfg.iterations != u64::MAX).then_some(cfg.iterations),
                duration_ms: cfg.time_limit.map(|d| d.as_millis() as u64),
                warmup: cfg.warmup,
                rate_per_s: cfg.rate,
            },
            results: results.clone(),
        };
        let text = serde_json::to_string_pretty(&run)
            .map_err(|e| Error::Failed(format!("{}: {e}", path.display())))?;
        output::write_file(path, (text + "\n").as_bytes())?;
    }
    let compared = saved.as_ref().map(|s| compare::compare(s, &results));
    finish(
        ctx,
        &args,
        &header,
        &results,
        &histograms,
        compared,
        answers.as_ref(),
    )?;
    Ok(if failed > 0 { EXIT_FAILED } else { EXIT_OK })
}

/// Print the results: JSON (an array, or an object when a comparison, the summary or a
/// choice goes with them), Markdown, or the table; then histograms, the comparison, and the
/// summary (after a default run, or alone with --summary) or the choice.
fn finish(
    ctx: &Ctx,
    args: &BenchArgs,
    header: &[String],
    results: &[BenchResult],
    histograms: &[String],
    compared: Option<Vec<compare::Compared>>,
    answers: Option<&Answers>,
) -> Result<()> {
    let choice = answers.map(|a| advice::choose(a, results));
    let limits = choice.as_ref().map(|_| SizeLimits::detect(&Host::detect()));
    if ctx.out.json {
        if compared.is_none() && !args.summary && choice.is_none() {
            return output::print_json(&results);
        }
        let mut v = serde_json::json!({ "results": results });
        if let Some(c) = &compared {
            v["comparison"] = serde_json::json!(c);
        }
        if args.summary {
            v["summary"] = serde_json::json!(advice::summarize(results));
        }
        if let (Some(c), Some(l)) = (&choice, &limits) {
            v["choice"] = serde_json::json!(c);
            v["limits"] = serde_json::json!(l);
        }
        return output::print_json(&v);
    }
    if args.markdown {
        return output::print(&text::markdown(header, results));
    }
    if !args.summary && choice.is_none() {
        output::print(&text::table(results, ctx.out.width))?;
    }
    if !histograms.is_empty() {
        output::print(&format!("\nRound trips:\n{}", histograms.join("")))?;
    }
    if let (Some(c), Some(path)) = (&compared, &args.compare) {
        let unmatched = results.len() - c.len();
        output::print(&text::compare_table(
            &path.display().to_string(),
            c,
            unmatched,
        ))?;
    }
    match (&choice, &limits) {
        (Some(c), Some(l)) => output::print(&text::choice(c, l)),
        _ if args.summary => output::print(&format!(
            "{}{}",
            text::summary(&advice::summarize(results), true),
            text::notes_block(results, ctx.out.width)
        )),
        _ => output::print(&format!(
            "\n{}",
            text::summary(&advice::summarize(results), false)
        )),
    }
}

/// The answers given as flags; on a terminal (without --json) the questions not given and
/// not already decided are asked, in the tree's order. An empty answer means "either".
fn answers(ctx: &Ctx, args: &BenchArgs) -> Result<Answers> {
    use std::io::IsTerminal;
    let mut a = Answers::default();
    let mut given = Vec::new();
    for (q, v) in [
        (Question::SameMachine, args.same_machine),
        (Question::HighThroughput, args.high_throughput),
        (Question::Boundaries, args.boundaries),
        (Question::OneWay, args.one_way),
        (Question::Related, args.related),
    ] {
        if let Some(v) = v {
            a.set(q, v.as_bool());
            given.push(q);
        }
    }
    if ctx.out.json || !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return Ok(a);
    }
    for q in Question::ALL {
        if given.contains(&q) || !a.asks(q) {
            continue;
        }
        loop {
            eprint!("{}", text::question_prompt(q));
            let mut line = String::new();
            let n = std::io::stdin()
                .read_line(&mut line)
                .map_err(|e| Error::io("<stdin>", e))?;
            if n == 0 {
                return Ok(a); // end of input: the rest stay "either"
            }
            match line.trim().to_ascii_lowercase().as_str() {
                "y" | "yes" => a.set(q, Some(true)),
                "n" | "no" => a.set(q, Some(false)),
                "" | "e" | "either" => {}
                _ => continue,
            }
            break;
        }
    }
    Ok(a)
}

/// The run's header lines, each wrapped under its label to the terminal's width, and a blank
/// line: the same for a live run and one read back with `--from`.
fn header_block(header: &[String], width: Option<usize>) -> String {
    let lines: Vec<String> = header
        .iter()
        .map(|h| crate::render::table::wrap_hanging(h, width, 0))
        .collect();
    format!("{}\n\n", lines.join("\n"))
}
