//! Rendering: the only place raw values become human units (`4.0 MiB`, `3h ago`, user names).
//! `table` builds aligned tables; JSON goes through serde (`output::print_json`).

pub mod doctor;
pub mod hexdump;
pub mod limits;
pub mod message;
pub mod metrics;
pub mod objects;
pub mod table;

/// `512 B`, `4.0 KiB`, `1.5 GiB` (binary units, as /dev/shm and ipcs users expect).
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    // Integer arithmetic in tenths (float formatting is slow in large listings).
    let mut i = 0;
    let mut div: u128 = 1024;
    while u128::from(bytes) >= div * 1024 && i + 1 < UNITS.len() {
        div *= 1024;
        i += 1;
    }
    let tenths = (u128::from(bytes) * 10 + div / 2) / div;
    if tenths >= 1000 {
        format!("{} {}", (tenths + 5) / 10, UNITS[i])
    } else {
        format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[i])
    }
}

/// A size in the chosen style: human units, or exact bytes with `--bytes`.
pub fn size(bytes: u64, exact: bool) -> String {
    if exact {
        bytes.to_string()
    } else {
        human_size(bytes)
    }
}

/// How long ago `then` was, coarsely: `now`, `45s ago`, `3m ago`, `2h ago`, `5d ago`.
pub fn human_age(then: i64, now: i64) -> String {
    if then <= 0 {
        return "-".into();
    }
    let d = now - then;
    if d < 0 {
        return "in the future".into();
    }
    if d < 1 {
        return "now".into();
    }
    let (n, unit) = if d < 60 {
        (d, "s")
    } else if d < 3600 {
        (d / 60, "m")
    } else if d < 86_400 {
        (d / 3600, "h")
    } else if d < 86_400 * 365 {
        (d / 86_400, "d")
    } else {
        (d / (86_400 * 365), "y")
    };
    format!("{n}{unit} ago")
}

/// A duration in seconds, coarsely: `45s`, `3m`, `2h 5m`, `3d 4h`.
pub fn human_duration(secs: i64) -> String {
    let s = secs.max(0);
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m", s / 60),
        3600..86_400 => format!("{}h {}m", s / 3600, (s % 3600) / 60),
        _ => format!("{}d {}h", s / 86_400, (s % 86_400) / 3600),
    }
}

/// The current time in epoch seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// `rwxrw-r--` style permissions with the octal value: `0644 (rw-r--r--)`.
pub fn perms(mode: u32) -> String {
    let mut s = String::with_capacity(9);
    for shift in [6, 3, 0] {
        let b = (mode >> shift) & 7;
        s.push(if b & 4 != 0 { 'r' } else { '-' });
        s.push(if b & 2 != 0 { 'w' } else { '-' });
        s.push(if b & 1 != 0 { 'x' } else { '-' });
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(1023), "1023 B");
        assert_eq!(human_size(4096), "4.0 KiB");
        assert_eq!(human_size(1 << 20), "1.0 MiB");
        assert_eq!(human_size(200 << 20), "200 MiB");
        assert_eq!(human_size(u64::MAX), "16.0 EiB");
        assert_eq!(size(4096, true), "4096");
    }

    #[test]
    fn ages() {
        assert_eq!(human_age(100, 100), "now");
        assert_eq!(human_age(55, 100), "45s ago");
        assert_eq!(human_age(0, 100), "-");
        let now = 1_000_000;
        assert_eq!(human_age(now - 3 * 3600 - 5, now), "3h ago");
        assert_eq!(human_age(now - 2 * 86_400, now), "2d ago");
        assert_eq!(human_duration(3 * 3600 + 120), "3h 2m");
    }

    #[test]
    fn perm_strings() {
        assert_eq!(perms(0o644), "rw-r--r--");
        assert_eq!(perms(0o600), "rw-------");
    }
}
