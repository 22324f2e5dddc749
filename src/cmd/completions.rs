//! `ipcctl completions SHELL`: shell completions generated from the clap definitions, without
//! hidden options (`--root`), plus live references for REF arguments: the scripts ask
//! `ipcctl __complete refs PREFIX` (bash, zsh, fish).

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::collect::{self, Source};
use crate::error::Result;
use crate::model::Kind;

/// A copy of `cmd` without hidden arguments and subcommands (clap's static generators list
/// hidden options too). Not yet built: global options are propagated when it is.
fn visible_only(cmd: &clap::Command) -> clap::Command {
    let mut c = clap::Command::new(cmd.get_name().to_string())
        .visible_aliases(
            cmd.get_visible_aliases()
                .map(str::to_string)
                .collect::<Vec<_>>(),
        )
        .propagate_version(cmd.is_propagate_version_set())
        .subcommand_required(cmd.is_subcommand_required_set());
    if let Some(v) = cmd.get_version() {
        c = c.version(v.to_string());
    }
    if let Some(a) = cmd.get_about() {
        c = c.about(a.clone());
    }
    for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
        c = c.arg(a.clone());
    }
    for s in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        c = c.subcommand(visible_only(s));
    }
    c
}

/// The subcommands whose positional arguments are references (REF); `rm` takes several.
const REF_COMMANDS: &str = "show rm send recv read write sem";

/// bash splits words at ':' (COMP_WORDBREAKS): the word being completed is taken from the
/// line itself, and each candidate loses the part readline keeps (up to the last ':').
const BASH_REFS: &str = r#"
# Live references (KIND:IDENT) for REF arguments, from `ipcctl __complete`.
eval "$(declare -f _ipcctl | sed '1s/^_ipcctl /_ipcctl_static /')"
_ipcctl() {
    local line="${COMP_LINE:0:$COMP_POINT}"
    local word="${line##*[[:space:]]}"
    local -a lw
    read -ra lw <<< "${line%"$word"}"
    local sub="" n=0 skip=0 all=0 w
    for w in "${lw[@]:1}"; do
        if (( skip )); then skip=0; continue; fi
        case "$w" in
            --ns|--color|--clock-tolerance|--profiles|--root) skip=1 ;;
            --all) all=1 ;;
            -*) ;;
            *) if [[ -z "$sub" ]]; then sub="$w"; else n=$((n + 1)); fi ;;
        esac
    done
    if [[ "$word" != -* ]] && { [[ "$sub" == rm && $all == 0 ]] || { [[ " __REF_COMMANDS__ " == *" $sub "* && "$sub" != rm && $n == 0 ]]; }; }; then
        local refs r
        refs="$(ipcctl __complete refs --for "$sub" "$word" 2>/dev/null)"
        if [[ -n "$refs" ]]; then
            # Readline replaces only the text after the last ':' or '=' of the word (both in
            # COMP_WORDBREAKS), whatever COMP_WORDS says (for `shm:` its current word is
            # ":"): each candidate loses the part before it, as __ltrim_colon_completions
            # does, or `shm:<TAB>` would become `shm::655`.
            local keep=""
            [[ "$COMP_WORDBREAKS" == *[:=]* ]] && keep="${word%"${word##*[:=]}"}"
            COMPREPLY=()
            while IFS= read -r r; do COMPREPLY+=("${r#"$keep"}"); done <<< "$refs"
            return 0
        fi
    fi
    _ipcctl_static "$@"
}
"#;

const ZSH_REFS: &str = r#"
# Live references (KIND:IDENT) for REF arguments, from `ipcctl __complete`.
functions[_ipcctl_static]=$functions[_ipcctl]
_ipcctl() {
    local -a refs
    local sub="" i n=0 skip=0
    for (( i = 2; i < CURRENT; i++ )); do
        if (( skip )); then skip=0; continue; fi
        case $words[i] in
            --ns|--color|--clock-tolerance|--profiles|--root) skip=1 ;;
            -*) ;;
            *) if [[ -z $sub ]]; then sub=$words[i]; else n=$(( n + 1 )); fi ;;
        esac
    done
    if [[ $PREFIX != -* ]] && { { [[ $sub == rm ]] && (( ! ${words[(I)--all]} )); } || { [[ " __REF_COMMANDS__ " == *" $sub "* && $sub != rm ]] && (( n == 0 )); }; }; then
        refs=(${(f)"$(ipcctl __complete refs --for "$sub" "$PREFIX" 2>/dev/null)"})
        if (( $#refs )); then
            compadd -Q -- $refs
            return
        fi
    fi
    _ipcctl_static "$@"
}

"#;

const FISH_REFS: &str = r#"
# Live references (KIND:IDENT) for REF arguments, from `ipcctl __complete`.
complete -c ipcctl -n "__fish_seen_subcommand_from __REF_COMMANDS__" -f -a "(ipcctl __complete refs --fish --for (commandline -opc)[2] (commandline -ct) 2>/dev/null)"
"#;

pub fn run(a: CompletionsArgs) -> Result<i32> {
    use clap_complete::Shell;
    let mut buf = Vec::new();
    clap_complete::generate(
        a.shell,
        &mut visible_only(&Cli::command()),
        "ipcctl",
        &mut buf,
    );
    let mut text = String::from_utf8_lossy(&buf).into_owned();
    let refs = |t: &str| t.replace("__REF_COMMANDS__", REF_COMMANDS);
    match a.shell {
        Shell::Bash => text.push_str(&refs(BASH_REFS)),
        Shell::Fish => text.push_str(&refs(FISH_REFS)),
        // The wrapper goes before the script's last lines, which call `_ipcctl` (autoload)
        // or register it (sourced).
        Shell::Zsh => {
            let tail = "if [ \"$funcstack[1]\" = \"_ipcctl\" ]; then";
            if let Some(at) = text.rfind(tail) {
                text.insert_str(at, &refs(ZSH_REFS));
            }
        }
        _ => {}
    }
    crate::output::print(&text)?;
    Ok(0)
}

/// `ipcctl __complete refs [--fish] [--for SUBCOMMAND] [PREFIX]` (hidden, for the completion
/// scripts): the references of existing objects that start with PREFIX, one per line, of the
/// kinds SUBCOMMAND works on. Only the kinds
/// PREFIX can still name are read, and nothing else (no holders). Each is printed as
/// tables print it (one word, hidden characters escaped: `render::sanitize_word`), and for
/// bash and zsh, which insert a candidate as it is, quoted for the shell, so that a name like
/// `cache$(touch${IFS}PWNED)` is inserted as text, never run; PREFIX is matched against
/// that same form. fish quotes candidates itself (`--fish`). Always exits 0.
pub fn complete(args: &[std::ffi::OsString]) -> i32 {
    let mut it = args.iter().map(|a| a.to_string_lossy()).peekable();
    if it.next().as_deref() != Some("refs") {
        return 0;
    }
    let fish = it.next_if(|a| a == "--fish").is_some();
    // The subcommand being completed: only the kinds it works on (`sem` takes sem and psem).
    let sub = it
        .next_if(|a| a == "--for")
        .and_then(|_| it.next())
        .unwrap_or_default();
    let allowed = super::ref_kinds(&sub);
    let prefix = it.next().map(|p| p.into_owned()).unwrap_or_default();
    let kinds: Vec<Kind> = match prefix.split_once(':') {
        Some((k, _)) => Kind::parse(k).into_iter().collect(),
        None => Kind::ALL
            .into_iter()
            .filter(|k| k.as_str().starts_with(&prefix))
            .collect(),
    };
    let kinds: Vec<Kind> = kinds.into_iter().filter(|k| allowed.contains(k)).collect();
    if kinds.is_empty() {
        return 0;
    }
    let root = crate::hooks::fixture_root().unwrap_or_else(|| "/".into());
    let inv = collect::collect(&Source::new(root), &kinds);
    let mut out = String::new();
    for o in &inv.objects {
        let word = crate::render::sanitize_word(&o.reference);
        let candidate = if fish {
            word.into_owned()
        } else {
            shell_quote(&word)
        };
        if candidate.starts_with(&prefix) {
            out.push_str(&candidate);
            out.push('\n');
        }
    }
    // The completion scripts discard errors; a closed pipe is fine too.
    let _ = crate::output::print(&out);
    0
}

/// Quote a word for bash and zsh with backslashes: characters that mean nothing to the
/// shell are kept (so what the user typed stays a prefix of the candidate), every other
/// ASCII character is escaped (`$`, `(`, quotes, globs, `~`, `!`, `\\`).
fn shell_quote(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 8);
    for c in word.chars() {
        if c.is_ascii() && !c.is_ascii_alphanumeric() && !"_@%+=:,./-".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression (issue 19.9): names were offered raw, so bash ran `$(...)` in them.
    #[test]
    fn candidates_are_quoted_for_the_shell() {
        assert_eq!(shell_quote("pshm:/plain-1.2_x"), "pshm:/plain-1.2_x");
        assert_eq!(
            shell_quote("pshm:/cache$(touch${IFS}PWNED)"),
            "pshm:/cache\\$\\(touch\\$\\{IFS\\}PWNED\\)"
        );
        assert_eq!(shell_quote("pshm:/a'b\"c`d"), "pshm:/a\\'b\\\"c\\`d");
        assert_eq!(
            shell_quote("pshm:/da\\u{200b}ta"),
            "pshm:/da\\\\u\\{200b\\}ta"
        );
        assert_eq!(shell_quote("pshm:/caf\u{e9}"), "pshm:/caf\u{e9}");
    }
}
