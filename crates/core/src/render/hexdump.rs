//! `hexdump -C` style dumps for `read --hex`: absolute offsets, 16 bytes per line, an ASCII
//! column, and runs of identical lines folded into `*` (large zeroed segments stay short).

use std::fmt::Write;

/// Dump `bytes`, numbering lines from `base` (the offset the bytes were read at).
pub fn hexdump(bytes: &[u8], base: u64) -> String {
    let mut out = String::new();
    let mut prev: Option<&[u8]> = None;
    let mut folded = false;
    for (i, line) in bytes.chunks(16).enumerate() {
        let off = base + (i as u64) * 16;
        let is_last = (i + 1) * 16 >= bytes.len();
        if prev == Some(line) && line.len() == 16 && !is_last {
            if !folded {
                out.push_str("*\n");
                folded = true;
            }
            continue;
        }
        folded = false;
        prev = Some(line);
        let _ = write!(out, "{off:08x} ");
        for j in 0..16 {
            if j == 8 {
                out.push(' ');
            }
            match line.get(j) {
                Some(b) => {
                    let _ = write!(out, " {b:02x}");
                }
                None => out.push_str("   "),
            }
        }
        out.push_str("  |");
        out.extend(line.iter().map(|&b| {
            if b.is_ascii_graphic() || b == b' ' {
                b as char
            } else {
                '.'
            }
        }));
        out.push_str("|\n");
    }
    let _ = writeln!(out, "{:08x}", base + bytes.len() as u64);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_short_line() {
        assert_eq!(
            hexdump(b"hello\x00", 0),
            "00000000  68 65 6c 6c 6f 00                                 |hello.|\n00000006\n"
        );
    }

    #[test]
    fn offsets_and_folding() {
        let d = hexdump(&[0u8; 64], 0x100);
        assert_eq!(
            d,
            "00000100  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n*\n00000130  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n00000140\n"
        );
        assert_eq!(hexdump(b"", 0), "00000000\n");
    }
}
