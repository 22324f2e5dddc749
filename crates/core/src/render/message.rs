//! Messages as JSON for `recv --json`: one object per line, the body as UTF-8 text when it
//! is valid UTF-8, else base64, with `encoding` saying which. The base64 encoder is a dozen
//! lines, so no crate is pulled in for it.

use serde::Serialize;

use crate::model::Message;

#[derive(Debug, Serialize)]
pub struct MessageJson<'a> {
    #[serde(rename = "ref")]
    pub reference: &'a str,
    /// msg: the message type; pmq: null.
    #[serde(rename = "type")]
    pub mtype: Option<i64>,
    /// pmq: the priority; msg: null.
    pub priority: Option<u32>,
    pub size_bytes: usize,
    /// `utf-8` or `base64`.
    pub encoding: &'static str,
    pub body: String,
    /// True when the message was only looked at (`--peek`) and is still in the queue.
    pub peeked: bool,
}

/// Bytes as JSON text: UTF-8 when they are valid UTF-8, else base64; the name says which.
pub fn encode_body(data: &[u8]) -> (&'static str, String) {
    match std::str::from_utf8(data) {
        Ok(s) => ("utf-8", s.to_string()),
        Err(_) => ("base64", base64(data)),
    }
}

/// What `send --json` and `write --json` report: the object and how much went where.
#[derive(Debug, Serialize)]
pub struct Sent<'a> {
    #[serde(rename = "ref")]
    pub reference: &'a str,
    pub size_bytes: usize,
    /// msg: the message type sent.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub mtype: Option<i64>,
    /// pmq: the priority sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<u32>,
    /// write: where the bytes went.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
}

/// What `read --json` prints: the bytes read and where from.
#[derive(Debug, Serialize)]
pub struct ReadJson<'a> {
    #[serde(rename = "ref")]
    pub reference: &'a str,
    pub offset: u64,
    pub size_bytes: usize,
    /// `utf-8` or `base64`.
    pub encoding: &'static str,
    pub body: String,
}

impl<'a> MessageJson<'a> {
    pub fn new(reference: &'a str, m: &Message, peeked: bool) -> MessageJson<'a> {
        let (encoding, body) = encode_body(&m.body);
        MessageJson {
            reference,
            mtype: m.mtype,
            priority: m.priority,
            size_bytes: m.body.len(),
            encoding,
            body,
            peeked,
        }
    }
}

/// Standard base64 (RFC 4648, with padding).
pub fn base64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for c in data.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= c.len() {
                out.push(A[((n >> shift) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A one-line description for `-v`: `msg:5: type 2, 5 bytes`.
pub fn header(reference: &str, m: &Message) -> String {
    match (m.mtype, m.priority) {
        (Some(t), _) => format!("{reference}: type {t}, {} bytes", m.body.len()),
        (_, Some(p)) => format!("{reference}: priority {p}, {} bytes", m.body.len()),
        _ => format!("{reference}: {} bytes", m.body.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_rfc4648_vectors() {
        for (i, o) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(i.as_bytes()), o);
        }
        assert_eq!(base64(&[0xff, 0x00, 0xfe]), "/wD+");
    }

    #[test]
    fn utf8_or_base64() {
        let m = Message {
            mtype: Some(2),
            priority: None,
            body: vec![0xff, 0x00],
        };
        let j = serde_json::to_value(MessageJson::new("msg:1", &m, false)).unwrap();
        assert_eq!(j["encoding"], "base64");
        assert_eq!(j["body"], "/wA=");
        assert_eq!(j["type"], 2);
        assert!(j["priority"].is_null());
        assert_eq!(j["size_bytes"], 2);
    }
}
