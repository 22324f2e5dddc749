//! `ipcctl recv REF`: receive (or peek at) messages; bodies go to stdout raw, or one JSON
//! object per line with `--json`.

use std::time::Instant;

use super::Ctx;
use crate::cli::RecvArgs;
use crate::error::{Error, Result};
use crate::kinds::{self, info::Op};
use crate::model::Message;
use crate::model::Ref;
use crate::ops::Wait;
use crate::output;
use crate::render::message::{MessageJson, header};

/// What follows each body on stdout (see `--delimiter`).
#[derive(Debug, Clone)]
enum Delimiter {
    /// These bytes after every body.
    Bytes(Vec<u8>),
    /// A newline unless the body ends with one (the default on a terminal).
    Line,
}

impl Delimiter {
    fn new(a: &RecvArgs, tty: bool) -> Delimiter {
        match (&a.delimiter, a.null) {
            (_, true) => Delimiter::Bytes(vec![0]),
            (Some(s), false) => Delimiter::Bytes(unescape(s)),
            (None, false) if tty => Delimiter::Line,
            (None, false) => Delimiter::Bytes(Vec::new()),
        }
    }

    /// The body followed by its delimiter, written at once.
    fn framed(&self, body: &[u8]) -> Vec<u8> {
        let mut v = body.to_vec();
        match self {
            Delimiter::Bytes(b) => v.extend_from_slice(b),
            Delimiter::Line if body.last() == Some(&b'\n') => {}
            Delimiter::Line => v.push(b'\n'),
        }
        v
    }
}

/// `\n`, `\t`, `\0`, `\\` in a --delimiter; any other character as it is.
fn unescape(s: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut it = s.bytes();
    while let Some(b) = it.next() {
        if b != b'\\' {
            out.push(b);
            continue;
        }
        match it.next() {
            Some(b'n') => out.push(b'\n'),
            Some(b't') => out.push(b'\t'),
            Some(b'0') => out.push(0),
            Some(b'\\') => out.push(b'\\'),
            Some(other) => out.extend_from_slice(&[b'\\', other]),
            None => out.push(b'\\'),
        }
    }
    out
}

fn emit(ctx: &Ctx, r: &str, m: &Message, peeked: bool, delim: &Delimiter) -> Result<()> {
    if ctx.out.json {
        let line = serde_json::to_string(&MessageJson::new(r, m, peeked))
            .map_err(|e| Error::Failed(format!("cannot encode JSON: {e}")))?;
        output::print(&format!("{line}\n"))
    } else {
        // Headers go to stderr only: stdout carries the bodies, nothing else.
        if ctx.out.verbose {
            eprintln!("{}", output::sanitize(&header(r, m)));
        }
        output::write_bytes(&delim.framed(&m.body))
    }
}

pub fn run(ctx: &Ctx, a: RecvArgs) -> Result<i32> {
    let live = ctx.src.live()?;
    let r: Ref = ctx.resolve_ref(&a.reference)?;
    kinds::require(Op::Recv, &r)?;
    let info = r.kind.info();
    if !info.message_types && a.msg_type != 0 {
        return Err(Error::usage(format!(
            "{r}: --type is for System V queues; POSIX queues deliver the highest priority first"
        )));
    }
    if a.peek && !info.supports(Op::Peek) {
        return Err(Error::usage(format!(
            "{r}: POSIX message queues cannot be peeked at: mq_receive always removes the message, and POSIX has no non-destructive read (`ipcctl show {r}` shows how many messages are queued)"
        )));
    }
    if ctx.out.json && (a.delimiter.is_some() || a.null) {
        return Err(Error::usage(
            "--delimiter and -0 separate raw bodies; --json prints one JSON object per line",
        ));
    }
    crate::interrupt::install();
    let rs = r.to_string();
    let delim = Delimiter::new(&a, ctx.out.tty);
    let count = usize::try_from(a.count).unwrap_or(usize::MAX);
    let wait = Wait::new(a.nowait, a.timeout);
    // On a terminal, say so before blocking (once): a receive that waits silently for
    // messages that are not there looks hung. The try at once (a zero timeout) changes
    // nothing: it takes only what the blocking call would have taken.
    let announce = wait != Wait::NoWait
        && !ctx.out.quiet
        && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let mtype = info.message_types.then_some(a.msg_type);
    if a.peek {
        if announce {
            let now = Wait::Timeout(std::time::Duration::ZERO);
            match kinds::peek(live, &r, a.msg_type, count, now) {
                Ok(v) => {
                    for m in v {
                        emit(ctx, &rs, &m, true, &delim)?;
                    }
                    return Ok(0);
                }
                Err(Error::Timeout { .. }) => {
                    ctx.out
                        .error(&crate::render::message::waiting(&rs, 0, count, mtype));
                }
                Err(e) => return Err(e),
            }
        }
        for m in kinds::peek(live, &r, a.msg_type, count, wait)? {
            emit(ctx, &rs, &m, true, &delim)?;
        }
        return Ok(0);
    }
    // A message taken from a queue must reach stdout or go back: refuse to start when stdout
    // is already closed or its reader gone, and never exit 0 having lost one.
    output::stdout_usable()
        .map_err(|why| Error::object(&r, format!("nothing received: standard output {why}")))?;
    // Where MSG_COPY works, a System V message of the front of the queue (type 0) is copied,
    // written, and only then removed. Finding a message of another type that way would copy
    // the queue message by message (each copy walks it from the front: quadratic in its
    // length, which its owner controls); that one is received by type, and put back if it
    // cannot be written.
    let copy_first = kinds::copies_before_taking(&r, a.msg_type);
    // One deadline for all --count messages (a deadline too far to represent never comes).
    let deadline = a.timeout.and_then(|d| Instant::now().checked_add(d));
    let mut announced = false;
    for got in 0..count {
        if announce && !announced {
            let now = Wait::Timeout(std::time::Duration::ZERO);
            let tried = if copy_first {
                kinds::recv_copy(live, &r, a.msg_type, now)
            } else {
                kinds::recv(live, &ctx.src, &r, a.msg_type, now)
            };
            match tried {
                Ok(m) => {
                    deliver(ctx, live, &r, &rs, &m, copy_first, &delim)?;
                    continue;
                }
                Err(Error::Timeout { .. }) => {
                    announced = true;
                    ctx.out
                        .error(&crate::render::message::waiting(&rs, got, count, mtype));
                }
                Err(e) => return Err(e),
            }
        }
        let w = match (wait, deadline) {
            (Wait::Timeout(_), Some(d)) => {
                Wait::Timeout(d.saturating_duration_since(Instant::now()))
            }
            (w, _) => w,
        };
        let got = if copy_first {
            kinds::recv_copy(live, &r, a.msg_type, w)
        } else {
            kinds::recv(live, &ctx.src, &r, a.msg_type, w)
        };
        let m = match (got, wait) {
            // Report the whole timeout, not the remainder of the last wait.
            (Err(Error::Timeout { object, what, .. }), Wait::Timeout(d)) => {
                return Err(Error::Timeout {
                    object,
                    what,
                    waited: d,
                });
            }
            (m, _) => m?,
        };
        deliver(ctx, live, &r, &rs, &m, copy_first, &delim)?;
    }
    Ok(0)
}

/// Write a received message to stdout; one that cannot be written goes back to its queue
/// (or stays there, when it was copied). A copied message is then removed from the queue.
fn deliver(
    ctx: &Ctx,
    live: crate::collect::Live,
    r: &Ref,
    rs: &str,
    m: &Message,
    copy_first: bool,
    delim: &Delimiter,
) -> Result<()> {
    if let Err(e) = emit(ctx, rs, m, false, delim) {
        let fate = if copy_first {
            "it was left in the queue".to_string()
        } else {
            match put_back_or_show(live, &ctx.src, r, m) {
                Ok(()) => "it was put back into the queue (its position among messages of the same type or priority may have changed)".to_string(),
                Err(shown) => shown,
            }
        };
        let why = e.lost_output();
        return Err(Error::object(
            r,
            format!("a received message could not be written ({why}); {fate}"),
        ));
    }
    if copy_first {
        // Another receiver took the delivered message first: what was taken instead
        // goes back.
        if let Some(other) = kinds::take_copied(live, &ctx.src, r, m)? {
            put_back_or_show(live, &ctx.src, r, &other).map_err(|shown| {
                Error::object(
                    r,
                    format!("another receiver took the delivered message first, and the one taken instead could not go back: {shown}"),
                )
            })?;
        }
    }
    Ok(())
}

/// How long a message taken from a queue waits for room to go back (a sender may have
/// refilled the queue meanwhile); Ctrl-C ends the wait sooner.
const PUT_BACK_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Return an undelivered message to its queue, with the same type or priority, waiting for
/// room. Should it still not fit, it is never dropped: its bytes go to stderr as a hex dump,
/// and the error (what happened to it) is returned.
fn put_back_or_show(
    live: crate::collect::Live,
    src: &crate::collect::Source,
    r: &Ref,
    m: &Message,
) -> Result<(), String> {
    let wait = Wait::Timeout(PUT_BACK_WAIT);
    let got = kinds::put_back(live, src, r, m, wait);
    got.map_err(|pe| {
        eprint!("{}", crate::render::hexdump::hexdump(&m.body, 0));
        format!(
            "putting it back failed too ({pe}); the message ({}) is shown above in hex, so it is not lost",
            header(&r.to_string(), m)
        )
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn delimiter_escapes() {
        assert_eq!(super::unescape(r"\n"), b"\n");
        assert_eq!(super::unescape(r"a\0b\t\\"), b"a\0b\t\\");
        assert_eq!(super::unescape(r"\x"), b"\\x");
        assert_eq!(super::unescape("--"), b"--");
    }
}
