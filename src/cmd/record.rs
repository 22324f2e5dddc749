//! `ipcctl record`: run the recorder (`recorder::run`) in the foreground, saying on stderr
//! what it watches and what it lost.

use super::Ctx;
use crate::cli::RecordArgs;
use crate::error::{Error, Result};
use crate::recorder::{self, Fs, Note, StartError};
use crate::render::record as words;

pub fn run(ctx: &Ctx, a: RecordArgs) -> Result<i32> {
    let opts = recorder::Options {
        journal: ctx.journal.clone(),
        all_namespaces: a.all_namespaces,
        keep: a.keep,
        interval: a.interval,
    };
    let out = &ctx.out;
    let mut notes = |n: Note| match n {
        Note::Watching { dir, fs, dev } => out.note(&words::watching(&dir, fs == Fs::Mqueue, dev)),
        Note::WatchRefused { dir, error, .. } => out.warn(&words::watch_refused(&dir, &error)),
        Note::NoConnector(e) => out.warn(&words::no_connector(&e)),
        Note::Gap { source, at } => out.warn(&words::gap(source, at)),
        Note::JournalFailed(e) => out.warn(&words::journal_failed(&e.to_string())),
        Note::Stopped { events } => out.note(&words::stopped(events)),
    };
    match recorder::run(&ctx.src, &opts, &mut notes) {
        Ok(_) => Ok(0),
        Err(StartError::NoFanotify(e)) => Err(Error::Failed(words::no_fanotify(&e))),
        Err(StartError::Journal(e)) => {
            Err(Error::Failed(words::journal_unwritable(&e.to_string())))
        }
        Err(StartError::NothingToWatch) => Err(Error::Failed(words::NOTHING_TO_WATCH.to_string())),
    }
}
