//! `ipcctl history [REF]`: the recorder's journal, oldest first (newest last); `--json`
//! prints one JSON object per line.

use super::Ctx;
use crate::cli::HistoryArgs;
use crate::error::{Error, Result};
use crate::model::{Ident, Ref};
use crate::render::record as words;

pub fn run(ctx: &Ctx, a: HistoryArgs) -> Result<i32> {
    let only = match &a.reference {
        Some(s) => {
            let r: Ref = s.parse()?;
            let ident = match &r.ident {
                Ident::Id(id) => id.to_string(),
                Ident::Name(n) => n.clone(),
                Ident::Key(_) => {
                    return Err(Error::usage(format!(
                        "history: {s}: name a System V object by its id (the journal keeps ids, not keys)"
                    )));
                }
            };
            Some((r.kind, ident))
        }
        None => None,
    };
    let reader = match crate::journal::Reader::open(&ctx.journal) {
        Ok(Some(r)) => r,
        Ok(None) => {
            ctx.out.note(&words::no_journal(&ctx.journal));
            return Ok(0);
        }
        Err(e) => {
            ctx.out.note(&words::journal_unreadable(&e.to_string()));
            return Ok(0);
        }
    };
    let events = match reader.history(only.as_ref().map(|(k, i)| (*k, i.as_str()))) {
        Ok(e) => e,
        Err(e) => {
            ctx.out.note(&words::journal_unreadable(&e.to_string()));
            return Ok(0);
        }
    };
    let mut text = String::new();
    for e in &events {
        if ctx.out.json {
            text.push_str(&serde_json::to_string(e).map_err(|e| Error::Failed(e.to_string()))?);
        } else {
            text.push_str(&words::history_line(e));
        }
        text.push('\n');
    }
    crate::output::print(&text)?;
    Ok(0)
}
