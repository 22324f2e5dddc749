//! First-hour ergonomics (issue 11): ipcs habits, suggestions for bare idents, global flags
//! that work everywhere or are refused, recv delimiters, quiet empty answers, size warnings.

use crate::common::*;

#[test]
fn ipcs_kind_flags_get_a_hint_not_a_silent_listing() {
    for args in [
        &["-m"][..],
        &["list", "-q"],
        &["list", "-s"],
        &["ls", "-a"],
        &["--color", "never", "-qa"],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{args:?} listed: {}", stdout(&o));
        assert!(
            stderr(&o).contains("ipcctl lists kinds by name: `ipcctl list"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    let o = run(&["-m"]);
    assert!(stderr(&o).contains("`ipcctl list shm`"), "{}", stderr(&o));
    // -q before the subcommand is still --quiet.
    let o = run(&["-q", "list", "shm", "--no-headings"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn a_bare_id_or_name_suggests_the_refs_that_exist() {
    let shm = Shm::new(4096, 0o600);
    let id = shm.id.to_string();
    let o = run(&["show", &id]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("did you mean shm:{id}?")),
        "{}",
        stderr(&o)
    );

    // `rm shm ID` removes nothing and shows the joined form.
    let o = run(&["rm", "shm", &id]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("`shm:{id}`")),
        "{}",
        stderr(&o)
    );
    let o = run(&["rm", &id]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains(&format!("shm:{id}")), "{}", stderr(&o));
    let list = run_json(&["list", "shm"]);
    assert!(find(&list, &format!("shm:{id}")).is_some(), "rm removed it");

    let p = Pshm::new("suggest", 64);
    let o = run(&["show", &format!("/{}", p.name)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("did you mean pshm:/{}?", p.name)),
        "{}",
        stderr(&o)
    );
    // Nothing by that name: no suggestion, still a usage error.
    let o = run(&["show", &unique_name("none")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr(&o).contains("did you mean"), "{}", stderr(&o));
}
