//! Table columns and sort keys (`-o`, `--sort`, the table and JSON all dispatch on them).

/// A table column (`-o`, `--sort`): one variant per column, so the table, the sort keys and
/// the help are checked by the compiler to cover every one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Ns,
    Kind,
    Ref,
    Id,
    Key,
    Name,
    Owner,
    Group,
    Perms,
    Size,
    Use,
    Holders,
    Cpid,
    Lpid,
    Lrpid,
    Cuid,
    Cgid,
    Age,
    Ctime,
    Atime,
    Dtime,
    Stime,
    Rtime,
    Otime,
    Mtime,
    State,
    Why,
    /// The application profile that names the object.
    App,
    /// `ftok(PATH, 'P')` when the key is ftok of a checked path.
    Ftok,
    /// The recorded creator (`ipcctl record`): pid/comm.
    Creator,
    /// The recorded creator's systemd unit.
    Unit,
    /// The recorded creator's container id.
    Container,
}

impl Column {
    pub const ALL: [Column; 32] = [
        Column::Ns,
        Column::Kind,
        Column::Ref,
        Column::Id,
        Column::Key,
        Column::Name,
        Column::Owner,
        Column::Group,
        Column::Perms,
        Column::Size,
        Column::Use,
        Column::Holders,
        Column::Cpid,
        Column::Lpid,
        Column::Lrpid,
        Column::Cuid,
        Column::Cgid,
        Column::Age,
        Column::Ctime,
        Column::Atime,
        Column::Dtime,
        Column::Stime,
        Column::Rtime,
        Column::Otime,
        Column::Mtime,
        Column::State,
        Column::Why,
        Column::App,
        Column::Ftok,
        Column::Creator,
        Column::Unit,
        Column::Container,
    ];

    /// The name used with `-o` and `--sort`.
    pub fn name(self) -> &'static str {
        match self {
            Column::Ns => "ns",
            Column::Kind => "kind",
            Column::Ref => "ref",
            Column::Id => "id",
            Column::Key => "key",
            Column::Name => "name",
            Column::Owner => "owner",
            Column::Group => "group",
            Column::Perms => "perms",
            Column::Size => "size",
            Column::Use => "use",
            Column::Holders => "holders",
            Column::Cpid => "cpid",
            Column::Lpid => "lpid",
            Column::Lrpid => "lrpid",
            Column::Cuid => "cuid",
            Column::Cgid => "cgid",
            Column::Age => "age",
            Column::Ctime => "ctime",
            Column::Atime => "atime",
            Column::Dtime => "dtime",
            Column::Stime => "stime",
            Column::Rtime => "rtime",
            Column::Otime => "otime",
            Column::Mtime => "mtime",
            Column::State => "state",
            Column::Why => "why",
            Column::App => "app",
            Column::Ftok => "ftok",
            Column::Creator => "creator",
            Column::Unit => "unit",
            Column::Container => "container",
        }
    }

    /// A column by name (case-insensitive); the error lists every column.
    pub fn parse(s: &str) -> Result<Column, String> {
        let n = s.trim().to_lowercase();
        Column::ALL
            .into_iter()
            .find(|c| c.name() == n)
            .ok_or_else(|| {
                let all: Vec<&str> = Column::ALL.iter().map(|c| c.name()).collect();
                format!("unknown column '{}' (one of {})", s.trim(), all.join(", "))
            })
    }
}

/// `--sort COL` (ascending) or `--sort -COL` (descending).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortKey {
    pub column: Column,
    pub descending: bool,
}

impl SortKey {
    pub fn parse(s: &str) -> Result<SortKey, String> {
        let (descending, name) = match s.trim().strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.trim().strip_prefix('+').unwrap_or(s.trim())),
        };
        Ok(SortKey {
            column: Column::parse(name)?,
            descending,
        })
    }
}
