//! Byte counts as written on the command line: plain bytes (`4096`) or binary units
//! (`4K`, `1M`, `1G`, also `4KiB`, `4k`). One parser for every `--size`, `--offset` and
//! `--length`, so they all accept and refuse the same things.

/// Parse a size that must be at least 1 byte (`--size`, `--length`).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let n = parse_bytes(s)?;
    if n == 0 {
        return Err(format!("'{s}': a size must be at least 1 byte"));
    }
    Ok(n)
}

/// Parse a byte count that may be 0 (`--offset`).
pub fn parse_offset(s: &str) -> Result<u64, String> {
    parse_bytes(s)
}

fn parse_bytes(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits_end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(digits_end);
    if num.is_empty() {
        return Err(format!(
            "'{s}' is not a byte count (write e.g. 4096, 4K, 1M or 1G)"
        ));
    }
    let shift = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kib" | "kb" => 10,
        "m" | "mib" | "mb" => 20,
        "g" | "gib" | "gb" => 30,
        "t" | "tib" | "tb" => 40,
        _ => {
            return Err(format!(
                "'{s}': unknown unit '{unit}' (use K, M, G or T; binary: 1K = 1024 bytes)"
            ));
        }
    };
    let n: u64 = num
        .parse()
        .map_err(|_| format!("'{s}' is too large (at most {} bytes)", u64::MAX))?;
    n.checked_mul(1u64 << shift)
        .ok_or_else(|| format!("'{s}' is too large (at most {} bytes)", u64::MAX))
}

/// Append a decimal number without the formatting machinery.
pub fn push_u64(out: &mut String, mut v: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    // The bytes are ASCII digits.
    out.extend(buf[i..].iter().map(|&b| b as char));
}

/// Append a signed decimal number.
pub fn push_i64(out: &mut String, v: i64) {
    if v < 0 {
        out.push('-');
    }
    push_u64(out, v.unsigned_abs());
}

/// The current time in epoch seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The longest duration any option accepts: beyond this, deadlines and ages stop meaning
/// anything (and `Instant + d` would overflow). Options with a shorter range (a bench
/// phase, a clock tolerance) give their own cap to [`parse_duration_within`]; it is never
/// above this one.
pub const MAX_DURATION: std::time::Duration = std::time::Duration::from_secs(100 * 365 * 86_400);

/// The one duration parser: a duration as humantime writes it (`90s`, `2h`, `3days`,
/// `150ms`; spaces around it ignored), refused above 100 years instead of wrapping or
/// overflowing later.
pub fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    parse_duration_within(s, false, MAX_DURATION, "100 years")
}

/// [`parse_duration`] for an option with its own range: above 0 when `nonzero`, at most
/// `max` (written `max_words` in the refusal), and never above [`MAX_DURATION`].
pub fn parse_duration_within(
    s: &str,
    nonzero: bool,
    max: std::time::Duration,
    max_words: &str,
) -> Result<std::time::Duration, String> {
    let d = humantime::parse_duration(s.trim())
        .map_err(|e| format!("'{s}' is not a duration (e.g. 500ms, 2s, 3days): {e}"))?;
    if nonzero && d.is_zero() {
        return Err(format!("'{s}': must be longer than 0s"));
    }
    if d > max.min(MAX_DURATION) {
        return Err(format!("'{s}' is longer than {max_words}"));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One parser for every duration option: the same syntax, each option's own cap, and
    /// no cap above MAX_DURATION.
    #[test]
    fn one_duration_parser() {
        use std::time::Duration;
        assert_eq!(parse_duration(" 2s "), Ok(Duration::from_secs(2)));
        assert_eq!(parse_duration("0s"), Ok(Duration::ZERO));
        assert!(
            parse_duration("101years")
                .unwrap_err()
                .contains("100 years")
        );
        assert!(
            parse_duration("soon")
                .unwrap_err()
                .contains("not a duration")
        );
        let hour = Duration::from_secs(3600);
        assert_eq!(parse_duration_within("1h", true, hour, "1h"), Ok(hour));
        assert!(
            parse_duration_within("0s", true, hour, "1h")
                .unwrap_err()
                .contains("longer than 0s")
        );
        assert!(parse_duration_within("61min", true, hour, "1h").is_err());
        // A cap above the global one is the global one.
        assert!(parse_duration_within("101years", false, Duration::MAX, "x").is_err());
    }

    #[test]
    fn units() {
        assert_eq!(parse_size("4096").unwrap(), 4096);
        assert_eq!(parse_size("4K").unwrap(), 4096);
        assert_eq!(parse_size("4k").unwrap(), 4096);
        assert_eq!(parse_size("4KiB").unwrap(), 4096);
        assert_eq!(parse_size("1M").unwrap(), 1 << 20);
        assert_eq!(parse_size("1G").unwrap(), 1 << 30);
        assert_eq!(parse_size("2T").unwrap(), 2 << 40);
        assert_eq!(parse_size("7b").unwrap(), 7);
        assert_eq!(parse_offset("0").unwrap(), 0);
    }

    #[test]
    fn refusals() {
        assert!(parse_size("0").unwrap_err().contains("at least 1"));
        assert!(parse_size("0K").is_err());
        for bad in ["", "K", "-1", "1.5M", "1X", "0x10", "4 K K"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
        assert!(
            parse_size("99999999999999999999")
                .unwrap_err()
                .contains("too large")
        );
        assert!(
            parse_size("17179869184G")
                .unwrap_err()
                .contains("too large")
        );
        assert_eq!(parse_size("16777215T").unwrap(), 16_777_215u64 << 40);
    }
}
