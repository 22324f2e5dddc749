//! `ipcctl bench`: glue between the command line and the engine in `crate::bench`.

use super::Ctx;
use crate::bench::host::Host;
use crate::bench::progress::Progress;
use crate::bench::report::{self, BenchResult};
use crate::bench::runner::{Outcome, Runner};
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
        (_, Some(d)) if d.is_zero() => {
            return Err(Error::usage("--duration must be longer than 0s"));
        }
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
    })
}

pub fn run(ctx: &Ctx, args: BenchArgs) -> Result<i32> {
    if ctx.out.json && args.markdown {
        return Err(Error::usage("--json and --markdown cannot be combined"));
    }
    let cfg = config(&args)?;
    let mut runner = Runner::new(cfg.clone()).map_err(Error::Failed)?;
    let placements: Vec<_> = cfg
        .placements
        .iter()
        .map(|&p| (p, runner.cpus_for(p).ok().flatten()))
        .collect();
    let header = report::header(&Host::detect(), &cfg, &placements);
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
    let mut warned: Vec<String> = Vec::new();
    let mut failed = 0;
    for p in points {
        progress.start(&p);
        match runner.run(p) {
            Outcome::Done(m) => {
                if header_due {
                    header_due = false;
                    progress.suspend(|| {
                        let _ = output::print(&format!("{}\n\n", header.join("\n")));
                    });
                }
                results.extend(BenchResult::from_measurement(m));
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
    report::sort(&mut results);
    if ctx.out.json {
        output::print_json(&results)?;
    } else if args.markdown {
        output::print(&report::markdown(&header, &results))?;
    } else {
        output::print(&report::table(&results))?;
    }
    Ok(if failed > 0 { EXIT_FAILED } else { EXIT_OK })
}
