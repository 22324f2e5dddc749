
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'ipcctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'ipcctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'ipcctl' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never')
            [CompletionResult]::new('--ns', '--ns', [CompletionResultType]::ParameterName, 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root')
            [CompletionResult]::new('--clock-tolerance', '--clock-tolerance', [CompletionResultType]::ParameterName, 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d')
            [CompletionResult]::new('--settle', '--settle', [CompletionResultType]::ParameterName, 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch''s torch_shm_manager). From 0s to 7d')
            [CompletionResult]::new('--min-idle', '--min-idle', [CompletionResultType]::ParameterName, 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence')
            [CompletionResult]::new('--ftok-paths', '--ftok-paths', [CompletionResultType]::ParameterName, 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, ''A'')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat''ed once per command; `--ftok-paths ''''` checks none')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The recorder''s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print typed JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--complete-view', '--complete-view', [CompletionResultType]::ParameterName, 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host''s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List IPC objects of the given kinds (default: all six) in one table')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List IPC objects of the given kinds (default: all six) in one table')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show everything known about one object')
            [CompletionResult]::new('limits', 'limits', [CompletionResultType]::ParameterValue, 'Kernel IPC limits with current use (System V, POSIX mq, /dev/shm, RLIMIT_MSGQUEUE)')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an IPC object and print its reference')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Send one message to a System V (msg) or POSIX (pmq) queue')
            [CompletionResult]::new('recv', 'recv', [CompletionResultType]::ParameterValue, 'Receive (or peek at) messages from a msg or pmq queue')
            [CompletionResult]::new('read', 'read', [CompletionResultType]::ParameterValue, 'Read bytes of a shm or pshm segment')
            [CompletionResult]::new('write', 'write', [CompletionResultType]::ParameterValue, 'Write bytes into a shm or pshm segment')
            [CompletionResult]::new('sem', 'sem', [CompletionResultType]::ParameterValue, 'Operate on a System V semaphore set (sem) or a POSIX named semaphore (psem)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove objects; refuses objects held by live processes unless --force')
            [CompletionResult]::new('orphans', 'orphans', [CompletionResultType]::ParameterValue, 'Objects no live process holds, with the evidence for each')
            [CompletionResult]::new('clean', 'clean', [CompletionResultType]::ParameterValue, 'Remove orphaned objects (a dry run that prints the plan unless --yes)')
            [CompletionResult]::new('metrics', 'metrics', [CompletionResultType]::ParameterValue, 'Print metrics in the Prometheus text format (node_exporter textfile collector)')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Explain IPC resource exhaustion: each limit, its use, the top consumers and a verdict')
            [CompletionResult]::new('top', 'top', [CompletionResultType]::ParameterValue, 'A live, refreshing view of objects per owner and kind, with what was created and destroyed since the start and in the last interval (a leak shows as a steady rate)')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Measure IPC latency and throughput of each mechanism on this machine')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'Print the System V key ftok(3) makes from PATH and PROJ, as glibc computes it')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions to stdout')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write man pages (one per subcommand) into DIR')
            [CompletionResult]::new('record', 'record', [CompletionResultType]::ParameterValue, 'Record who creates every IPC object (pid, command, user, unit or container) and how that process ends, in the journal (--journal), until stopped. POSIX objects through fanotify, System V by reading /proc/sysvipc, exits through the proc connector. Needs CAP_SYS_ADMIN (fanotify) and CAP_NET_ADMIN (exit codes); runs in the foreground (contrib/systemd/ipcctl-record.service runs it as a service)')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Print what the recorder journaled (created, removed, renamed, creator exited, gaps), newest last; with REF, only that object''s events')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ipcctl;list' {
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Only objects owned by USER (name or numeric uid)')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Only objects created more than DUR ago (e.g. 90s, 2h, 3days): a POSIX file''s birth time, else the earliest time recorded on the object (ctime alone moves with IPC_SET, SETVAL and writes). A queue a daily job uses is "old"; see --idle-for')
            [CompletionResult]::new('--idle-for', '--idle-for', [CompletionResultType]::ParameterName, 'Only objects nobody has used for DUR: the last send or receive (msg), attach or detach (shm), semop (sem), modification (POSIX; a queue''s last send or receive), or, never used, the creation. Use it, not --older-than, to find leaks')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Only POSIX objects whose name matches GLOB (without the leading ''/'')')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Only System V objects with this key (hex, e.g. 0x0000abcd)')
            [CompletionResult]::new('--ftok', '--ftok', [CompletionResultType]::ParameterName, 'Only System V objects whose key is ftok(PATH, PROJ) (e.g. /tmp:A)')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'Only objects that an application profile names APP (the APP column, e.g. pytorch)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Columns to print, comma separated: ns, kind, ref, id, key, name, owner, group, perms, size, use, holders, cpid, lpid, lrpid, cuid, cgid, age, ctime, atime, dtime, stime, rtime, otime, mtime, state, why, app, ftok, creator, unit, container (the last three from the recorder''s journal, `ipcctl record`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Columns to print, comma separated: ns, kind, ref, id, key, name, owner, group, perms, size, use, holders, cpid, lpid, lrpid, cuid, cgid, age, ctime, atime, dtime, stime, rtime, otime, mtime, state, why, app, ftok, creator, unit, container (the last three from the recorder''s journal, `ipcctl record`)')
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'Sort by this column (same names as -o); `-COL` sorts descending (`--sort -size`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never')
            [CompletionResult]::new('--ns', '--ns', [CompletionResultType]::ParameterName, 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root')
            [CompletionResult]::new('--clock-tolerance', '--clock-tolerance', [CompletionResultType]::ParameterName, 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d')
            [CompletionResult]::new('--settle', '--settle', [CompletionResultType]::ParameterName, 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch''s torch_shm_manager). From 0s to 7d')
            [CompletionResult]::new('--min-idle', '--min-idle', [CompletionResultType]::ParameterName, 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence')
            [CompletionResult]::new('--ftok-paths', '--ftok-paths', [CompletionResultType]::ParameterName, 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, ''A'')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat''ed once per command; `--ftok-paths ''''` checks none')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The recorder''s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error')
            [CompletionResult]::new('--unused', '--unused', [CompletionResultType]::ParameterName, 'Only objects nobody uses (no holder, nattch 0)')
            [CompletionResult]::new('--no-headings', '--no-headings', [CompletionResultType]::ParameterName, 'Do not print the header line')
            [CompletionResult]::new('--bytes', '--bytes', [CompletionResultType]::ParameterName, 'Print sizes in bytes instead of human units')
            [CompletionResult]::new('--orphans', '--orphans', [CompletionResultType]::ParameterName, 'Classify each object (in-use, orphan, ...) and add a STATE column')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Every IPC namespace on the host (containers), with a NAMESPACE column. Needs root')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Every IPC namespace on the host (containers), with a NAMESPACE column. Needs root')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print typed JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--complete-view', '--complete-view', [CompletionResultType]::ParameterName, 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host''s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ipcctl;ls' {
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Only objects owned by USER (name or numeric uid)')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Only objects created more than DUR ago (e.g. 90s, 2h, 3days): a POSIX file''s birth time, else the earliest time recorded on the object (ctime alone moves with IPC_SET, SETVAL and writes). A queue a daily job uses is "old"; see --idle-for')
            [CompletionResult]::new('--idle-for', '--idle-for', [CompletionResultType]::ParameterName, 'Only objects nobody has used for DUR: the last send or receive (msg), attach or detach (shm), semop (sem), modification (POSIX; a queue''s last send or receive), or, never used, the creation. Use it, not --older-than, to find leaks')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Only POSIX objects whose name matches GLOB (without the leading ''/'')')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Only System V objects with this key (hex, e.g. 0x0000abcd)')
            [CompletionResult]::new('--ftok', '--ftok', [CompletionResultType]::ParameterName, 'Only System V objects whose key is ftok(PATH, PROJ) (e.g. /tmp:A)')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'Only objects that an application profile names APP (the APP column, e.g. pytorch)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Columns to print, comma separated: ns, kind, ref, id, key, name, owner, group, perms, size, use, holders, cpid, lpid, lrpid, cuid, cgid, age, ctime, atime, dtime, stime, rtime, otime, mtime, state, why, app, ftok, creator, unit, container (the last three from the recorder''s journal, `ipcctl record`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Columns to print, comma separated: ns, kind, ref, id, key, name, owner, group, perms, size, use, holders, cpid, lpid, lrpid, cuid, cgid, age, ctime, atime, dtime, stime, rtime, otime, mtime, state, why, app, ftok, creator, unit, container (the last three from the recorder''s journal, `ipcctl record`)')
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'Sort by this column (same names as -o); `-COL` sorts descending (`--sort -size`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never')
            [CompletionResult]::new('--ns', '--ns', [CompletionResultType]::ParameterName, 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root')
            [CompletionResult]::new('--clock-tolerance', '--clock-tolerance', [CompletionResultType]::ParameterName, 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d')
            [CompletionResult]::new('--settle', '--settle', [CompletionResultType]::ParameterName, 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch''s torch_shm_manager). From 0s to 7d')
            [CompletionResult]::new('--min-idle', '--min-idle', [CompletionResultType]::ParameterName, 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence')
            [CompletionResult]::new('--ftok-paths', '--ftok-paths', [CompletionResultType]::ParameterName, 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, ''A'')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat''ed once per command; `--ftok-paths ''''` checks none')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The recorder''s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error')
            [CompletionResult]::new('--unused', '--unused', [CompletionResultType]::ParameterName, 'Only objects nobody uses (no holder, nattch 0)')
            [CompletionResult]::new('--no-headings', '--no-headings', [CompletionResultType]::ParameterName, 'Do not print the header line')
            [CompletionResult]::new('--bytes', '--bytes', [CompletionResultType]::ParameterName, 'Print sizes in bytes instead of human units')
            [CompletionResult]::new('--orphans', '--orphans', [CompletionResultType]::ParameterName, 'Classify each object (in-use, orphan, ...) and add a STATE column')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Every IPC namespace on the host (containers), with a NAMESPACE column. Needs root')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Every IPC namespace on the host (containers), with a NAMESPACE column. Needs root')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print typed JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--complete-view', '--complete-view', [CompletionResultType]::ParameterName, 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host''s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ipcctl;show' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never')
            [CompletionResult]::new('--ns', '--ns', [CompletionResultType]::ParameterName, 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root')
            [CompletionResult]::new('--clock-tolerance', '--clock-tolerance', [CompletionResultType]::ParameterName, 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d')
            [CompletionResult]::new('--settle', '--settle', [CompletionResultType]::ParameterName, 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch''s torch_shm_manager). From 0s to 7d')
            [CompletionResult]::new('--min-idle', '--min-idle', [CompletionResultType]::ParameterName, 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence')
            [CompletionResult]::new('--ftok-paths', '--ftok-paths', [CompletionResultType]::ParameterName, 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, ''A'')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat''ed once per command; `--ftok-paths ''''` checks none')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The recorder''s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error')
            [CompletionResult]::new('--bytes', '--bytes', [CompletionResultType]::ParameterName, 'Print sizes in bytes instead of human units')
            [CompletionResult]::new('--queued-bytes', '--queued-bytes', [CompletionResultType]::ParameterName, 'pmq: also show the bytes queued and the notify pid, read from the queue''s file in the mqueue fs. Costs the queue''s access and change times: the kernel sets both to now on every read, so it then looks freshly used (to --older-than, --idle-for and orphans)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print typed JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--complete-view', '--complete-view', [CompletionResultType]::ParameterName, 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host''s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ipcctl;limits' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never')
            [CompletionResult]::new('--ns', '--ns', [CompletionResultType]::ParameterName, 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root')
            [CompletionResult]::new('--clock-tolerance', '--clock-tolerance', [CompletionResultType]::ParameterName, 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d')
            [CompletionResult]::new('--settle', '--settle', [CompletionResultType]::ParameterName, 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch''s torch_shm_manager). From 0s to 7d')
            [CompletionResult]::new('--min-idle', '--min-idle', [CompletionResultType]::ParameterName, 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence')
            [CompletionResult]::new('--ftok-paths', '--ftok-paths', [CompletionResultType]::ParameterName, 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, ''A'')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat''ed once per command; `--ftok-paths ''''` checks none')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The recorder''s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print typed JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--complete-view', '--complete-view', [CompletionResultType]::ParameterName, 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host''s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ipcctl;create' {
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'System V key (hex); default: a fresh random key, created exclusively')
            [CompletionResult]::new('--ftok', '--ftok', [CompletionResultType]::ParameterName, 'System V key made by ftok(3) from an existing PATH and project id PROJ (65 or A), as a C program''s `ftok(PATH, PROJ)` makes it')
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'Permission bits in octal (the umask is not applied)')
            [CompletionResult]::new('--size', '--size', [CompletionResultType]::ParameterName, 'Size of a shm or pshm segment (accepts 4K, 1M, 1G)')
            [CompletionResult]::new('--nsems', '--nsems', [CompletionResultType]::ParameterName, 'Number of semaphores in a sem set (default: as many as --values, else 1)')
            [CompletionResult]::new('--values', '--values', [CompletionResultType]::ParameterName, 'Initial values of a sem set, comma separated, one per semaphore (default: all 0)')
            [CompletionResult]::new('--value', '--value', [CompletionResultType]::ParameterName, 'Initial value of a psem')
            [CompletionResult]::new('--max-messages', '--max-messages', [CompletionResultType]::ParameterName, 'Maximum messages of a pmq (default: /proc/sys/fs/mqueue/msg_default; checked against msg_max and RLIMIT_MSGQUEUE before creating)')
            [CompletionResult]::new('--message-size', '--message-size', [CompletionResultType]::ParameterName, 'Maximum message size of a pmq (accepts 64, 4K, 1M; default: msgsize_default; checked against msgsize_max)')
            [CompletionResult]::new('--max-bytes', '--max-bytes', [CompletionResultType]::ParameterName, 'Maximum bytes on a msg queue (msg_qbytes; accepts 16K, 1M)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never')
            [CompletionResult]::new('--ns', '--ns', [CompletionResultType]::ParameterName, 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root')
            [CompletionResult]::new('--clock-tolerance', '--clock-tolerance', [CompletionResultType]::ParameterName, 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d')
            [CompletionResult]::new('--settle', '--settle', [CompletionResultType]::ParameterName, 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch''s torch_shm_manager). From 0s to 7d')
            [CompletionResult]::new('--min-idle', '--min-idle', [CompletionResultType]::ParameterName, 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence')
            [CompletionResult]::new('--ftok-paths', '--ftok-paths', [CompletionResultType]::ParameterName, 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, ''A'')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat''ed once per command; `--ftok-paths ''''` checks none')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The recorder''s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error')
            [CompletionResult]::new('--exist-ok', '--exist-ok', [CompletionResultType]::ParameterName, 'Succeed (and print its reference) when the object already exists; it is left as it is')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print typed JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--complete-view', '--complete-view', [CompletionResultType]::ParameterName, 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host''s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ipcctl;send' {
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the message from FILE')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Message type (msg); must be > 0')
            [CompletionResult]::new('--priority', '--priority', [CompletionResultType]::ParameterName, 'Message priority (pmq), 0..32767; higher priorities are received first')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up after DUR when the queue is full')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never')
            [CompletionResult]::new('--ns', '--ns', [CompletionResultType]::ParameterName, 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root')
            [CompletionResult]::new('--clock-tolerance', '--clock-tolerance', [CompletionResultType]::ParameterName, 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d')
            [CompletionResult]::new('--settle', '--settle', [CompletionResultType]::ParameterName, 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch''s torch_shm_manager). From 0s to 7d')
            [CompletionResult]::new('--min-idle', '--min-idle', [CompletionResultType]::ParameterName, 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence')
            [CompletionResult]::new('--ftok-paths', '--ftok-paths', [CompletionResultType]::ParameterName, 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, ''A'')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat''ed once per command; `--ftok-paths ''''` checks none')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The recorder''s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error')
            [CompletionResult]::new('--empty', '--empty', [CompletionResultType]::ParameterName, 'Send an empty message (stdin is not read). Without it, an empty stdin (an empty pipe, a hung-up terminal) is refused rather than sent')
            [CompletionResult]::new('--nowait', '--nowait', [CompletionResultType]::ParameterName, 'Fail at once when the queue is full')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print typed JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--complete-view', '--complete-view', [CompletionResultType]::ParameterName, 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host''s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ipcctl;recv' {
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Message type (msg): 0 = first message, N > 0 = first of type N, N < 0 = first of the lowest type <= |N|')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Number of messages to receive')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up after DUR (for all --count messages) when the queue is empty')
            [CompletionResult]::new('--delimiter', '--delimiter', [CompletionResultType]::ParameterName, 'Write STR after each message body (\n, \t, \0 and \\ are understood). Default: a newline on a terminal (unless the body ends with one), nothing in a pipe or file, so binary bodies stay byte-exact')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never')
            [CompletionResult]::new('--ns', '--ns', [CompletionResultType]::ParameterName, 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root')
            [CompletionResult]::new('--clock-tolerance', '--clock-tolerance', [CompletionResultType]::ParameterName, 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d')
            [CompletionResult]::new('--settle', '--settle', [CompletionResultType]::ParameterName, 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch''s torch_shm_manager). From 0s to 7d')
            [CompletionResult]::new('--min-idle', '--min-idle', [CompletionResultType]::ParameterName, 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence')
            [CompletionResult]::new('--ftok-paths', '--ftok-paths', [CompletionResultType]::ParameterName, 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, ''A'')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat''ed once per command; `--ftok-paths ''''` checks none')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The recorder''s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error')
            [CompletionResult]::new('--nowait', '--nowait', [CompletionResultType]::ParameterName, 'Fail at once when the queue is empty')
            [CompletionResult]::new('--peek', '--peek', [CompletionResultType]::ParameterName, 'Read without removing (msg only; needs MSG_COPY, i.e. CONFIG_CHECKPOINT_RESTORE, and is refused where the kernel lacks it; POSIX queues have no peek)')
            [CompletionResult]::new('-0', '-0', [CompletionResultType]::ParameterName, 'End each message body with a NUL byte (for `xargs -0`); short for --delimiter ''\0''')
            [CompletionResult]::new('--null', '--null', [CompletionResultType]::ParameterName, 'End each message body with a NUL byte (for `xargs -0`); short for --delimiter ''\0''')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print typed JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--complete-view', '--complete-view', [CompletionResultType]::ParameterName, 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host''s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ipcctl;read' {
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'Byte offset to start at (accepts 4K, 1M)')
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Number of bytes (default: to the end; accepts 4K, 1M)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never')
            [CompletionResult]::new('--ns', '--ns', [CompletionResultType]::ParameterName, 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root')
            [CompletionResult]::new('--clock-tolerance', '--clock-tolerance', [CompletionResultType]::ParameterName, 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d')
            [CompletionResult]::new('--settle', '--settle', [CompletionResultType]::ParameterName, 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch''s torch_shm_manager). From 0s to 7d')
            [CompletionResult]::new('--min-idle', '--min-idle', [CompletionResultType]::ParameterName, 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence')
            [CompletionResult]::new('--ftok-paths', '--ftok-paths', [CompletionResultType]::ParameterName, 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, ''A'')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat''ed once per command; `--ftok-paths ''''` checks none')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The recorder''s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Print a hexdump (offset, hex bytes, ASCII) instead of raw bytes')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print typed JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--complete-view', '--complete-view', [CompletionResultType]::ParameterName, 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host''s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ipcctl;write' {
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the bytes from FILE')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'Byte offset to start at (accepts 4K, 1M)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never')
            [CompletionResult]::new('--ns', '--ns', [CompletionResultType]::ParameterName, 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root')
            [CompletionResult]::new('--clock-tolerance', '--clock-tolerance', [CompletionResultType]::ParameterName, 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d')
            [CompletionResult]::new('--settle', '--settle', [CompletionResultType]::ParameterName, 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch''s torch_shm_manager). From 0s to 7d')
            [CompletionResult]::new('--min-idle', '--min-idle', [CompletionResultType]::ParameterName, 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence')
            [CompletionResult]::new('--ftok-paths', '--ftok-paths', [CompletionResultType]::ParameterName, 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, ''A'')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat''ed once per command; `--ftok-paths ''''` checks none')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The recorder''s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print typed JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--complete-view', '--complete-view', [CompletionResultType]::ParameterName, 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host''s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ipcctl;sem' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never')
            [CompletionResult]::new('--ns', '--ns', [CompletionResultType]::ParameterName, 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root')
            [CompletionResult]::new('--clock-tolerance', '--clock-tolerance', [CompletionResultType]::ParameterName, 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d')
            [CompletionResult]::new('--settle', '--settle', [CompletionResultType]::ParameterName, 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch''s torch_shm_manager). From 0s to 7d')
            [CompletionResult]::new('--min-idle', '--min-idle', [CompletionResultType]::ParameterName, 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence')
            [CompletionResult]::new('--ftok-paths', '--ftok-paths', [CompletionResultType]::ParameterName, 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, ''A'')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat''ed once per command; `--ftok-paths ''''` checks none')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The recorder''s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print typed JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--complete-view', '--complete-view', [CompletionResultType]::ParameterName, 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host''s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print the value(s)')
            [CompletionResult]::new('post', 'post', [CompletionResultType]::ParameterValue, 'Increment (V)')
            [CompletionResult]::new('wait', 'wait', [CompletionResultType]::ParameterValue, 'Decrement (P), waiting while the value is 0')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set values: one value with --index, or all with a comma-separated list (sem only)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ipcctl;sem;get' {
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'Semaphore index in a sem set')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never')
            [CompletionResult]::new('--ns', '--ns', [CompletionResultType]::ParameterName, 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root')
            [CompletionResult]::new('--clock-tolerance', '--clock-tolerance', [CompletionResultType]::ParameterName, 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d')
            [CompletionResult]::new('--settle', '--settle', [CompletionResultType]::ParameterName, 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch''s torch_shm_manager). From 0s to 7d')
            [CompletionResult]::new('--min-idle', '--min-idle', [CompletionResultType]::ParameterName, 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence')
            [CompletionResult]::new('--ftok-paths', '--ftok-paths', [CompletionResultType]::ParameterName, 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, ''A'')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat''ed once per command; `--ftok-paths ''''` checks none')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The recorder''s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print typed JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--complete-view', '--complete-view', [CompletionResultType]::ParameterName, 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host''s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ipcctl;sem;post' {
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'Semaphore index in a sem set')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never')
            [CompletionResult]::new('--ns', '--ns', [CompletionResultType]::ParameterName, 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root')
            [CompletionResult]::new('--clock-tolerance', '--clock-tolerance', [CompletionResultType]::ParameterName, 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d')
            [CompletionResult]::new('--settle', '--settle', [CompletionResultType]::ParameterName, 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch''s torch_shm_manager). From 0s to 7d')
            [CompletionResult]::new('--min-idle', '--min-idle', [CompletionResultType]::ParameterName, 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence')
            [CompletionResult]::new('--ftok-paths', '--ftok-paths', [CompletionResultType]::ParameterName, 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, ''A'')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat''ed once per command; `--ftok-paths ''''` checks none')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The recorder''s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print typed JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--complete-view', '--complete-view', [CompletionResultType]::ParameterName, 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host''s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ipcctl;sem;wait' {
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'Semaphore index in a sem set')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up after DUR')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never')
            [CompletionResult]::new('--ns', '--ns', [CompletionResultType]::ParameterName, 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root')
            [CompletionResult]::new('--clock-tolerance', '--clock-tolerance', [CompletionResultType]::ParameterName, 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d')
            [CompletionResult]::new('--settle', '--settle', [CompletionResultType]::ParameterName, 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch''s torch_shm_manager). From 0s to 7d')
            [CompletionResult]::new('--min-idle', '--min-idle', [CompletionResultType]::ParameterName, 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence')
            [CompletionResult]::new('--ftok-paths', '--ftok-paths', [CompletionResultType]::ParameterName, 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, ''A'')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat''ed once per command; `--ftok-paths ''''` checks none')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The recorder''s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error')
            [CompletionResult]::new('--nowait', '--nowait', [CompletionResultType]::ParameterName, 'Fail at once when the value is 0')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print typed JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--complete-view', '--complete-view', [CompletionResultType]::ParameterName, 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host''s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ipcctl;sem;set' {
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'Semaphore index in a sem set')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never')
            [CompletionResult]::new('--ns', '--ns', [CompletionResultType]::ParameterName, 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root')
            [CompletionResult]::new('--clock-tolerance', '--clock-tolerance', [CompletionResultType]::ParameterName, 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d')
            [CompletionResult]::new('--settle', '--settle', [CompletionResultType]::ParameterName, 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch''s torch_shm_manager). From 0s to 7d')
            [CompletionResult]::new('--min-idle', '--min-idle', [CompletionResultType]::ParameterName, 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence')
            [CompletionResult]::new('--ftok-paths', '--ftok-paths', [CompletionResultType]::ParameterName, 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, ''A'')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat''ed once per command; `--ftok-paths ''''` checks none')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The recorder''s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print typed JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--complete-view', '--complete-view', [CompletionResultType]::ParameterName, 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host''s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ipcctl;sem;help' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print the value(s)')
            [CompletionResult]::new('post', 'post', [CompletionResultType]::ParameterValue, 'Increment (V)')
            [CompletionResult]::new('wait', 'wait', [CompletionResultType]::ParameterValue, 'Decrement (P), waiting while the value is 0')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set values: one value with --index, or all with a comma-separated list (sem only)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ipcctl;sem;help;get' {
            break
        }
        'ipcctl;sem;help;post' {
            break
        }
        'ipcctl;sem;help;wait' {
            break
        }
        'ipcctl;sem;help;set' {
            break
        }
        'ipcctl;sem;help;help' {
            break
        }
        'ipcctl;rm' {
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Only objects owned by USER (name or numeric uid)')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Only objects created more than DUR ago (e.g. 90s, 2h, 3days): a POSIX file''s birth time, else the earliest time recorded on the object (ctime alone moves with IPC_SET, SETVAL and writes). A queue a daily job uses is "old"; see --idle-for')
            [CompletionResult]::new('--idle-for', '--idle-for', [CompletionResultType]::ParameterName, 'Only objects nobody has used for DUR: the last send or receive (msg), attach or detach (shm), semop (sem), modification (POSIX; a queue''s last send or receive), or, never used, the creation. Use it, not --older-than, to find leaks')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Only POSIX objects whose name matches GLOB (without the leading ''/'')')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Only System V objects with this key (hex, e.g. 0x0000abcd)')
            [CompletionResult]::new('--ftok', '--ftok', [CompletionResultType]::ParameterName, 'Only System V objects whose key is ftok(PATH, PROJ) (e.g. /tmp:A)')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'Only objects that an application profile names APP (the APP column, e.g. pytorch)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never')
            [CompletionResult]::new('--ns', '--ns', [CompletionResultType]::ParameterName, 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root')
            [CompletionResult]::new('--clock-tolerance', '--clock-tolerance', [CompletionResultType]::ParameterName, 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d')
            [CompletionResult]::new('--settle', '--settle', [CompletionResultType]::ParameterName, 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch''s torch_shm_manager). From 0s to 7d')
            [CompletionResult]::new('--min-idle', '--min-idle', [CompletionResultType]::ParameterName, 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence')
            [CompletionResult]::new('--ftok-paths', '--ftok-paths', [CompletionResultType]::ParameterName, 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, ''A'')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat''ed once per command; `--ftok-paths ''''` checks none')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The recorder''s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Remove every object of the given kinds that matches the filters')
            [CompletionResult]::new('--unused', '--unused', [CompletionResultType]::ParameterName, 'Only objects nobody uses (no holder, nattch 0)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Print what would be removed, remove nothing')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be removed, remove nothing')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Remove even objects that live processes hold (only that: --all without a filter also needs --yes)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Remove even objects that live processes hold (only that: --all without a filter also needs --yes)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'With --all and no filter: yes, every object of the kinds')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'With --all and no filter: yes, every object of the kinds')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print typed JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--complete-view', '--complete-view', [CompletionResultType]::ParameterName, 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host''s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ipcctl;orphans' {
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Only objects owned by USER (name or numeric uid)')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Only objects created more than DUR ago (e.g. 90s, 2h, 3days): a POSIX file''s birth time, else the earliest time recorded on the object (ctime alone moves with IPC_SET, SETVAL and writes). A queue a daily job uses is "old"; see --idle-for')
            [CompletionResult]::new('--idle-for', '--idle-for', [CompletionResultType]::ParameterName, 'Only objects nobody has used for DUR: the last send or receive (msg), attach or detach (shm), semop (sem), modification (POSIX; a queue''s last send or receive), or, never used, the creation. Use it, not --older-than, to find leaks')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Only POSIX objects whose name matches GLOB (without the leading ''/'')')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Only System V objects with this key (hex, e.g. 0x0000abcd)')
            [CompletionResult]::new('--ftok', '--ftok', [CompletionResultType]::ParameterName, 'Only System V objects whose key is ftok(PATH, PROJ) (e.g. /tmp:A)')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'Only objects that an application profile names APP (the APP column, e.g. pytorch)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Columns to print, comma separated: ns, kind, ref, id, key, name, owner, group, perms, size, use, holders, cpid, lpid, lrpid, cuid, cgid, age, ctime, atime, dtime, stime, rtime, otime, mtime, state, why, app, ftok, creator, unit, container (the last three from the recorder''s journal, `ipcctl record`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Columns to print, comma separated: ns, kind, ref, id, key, name, owner, group, perms, size, use, holders, cpid, lpid, lrpid, cuid, cgid, age, ctime, atime, dtime, stime, rtime, otime, mtime, state, why, app, ftok, creator, unit, container (the last three from the recorder''s journal, `ipcctl record`)')
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'Sort by this column (same names as -o); `-COL` sorts descending (`--sort -size`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never')
            [CompletionResult]::new('--ns', '--ns', [CompletionResultType]::ParameterName, 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root')
            [CompletionResult]::new('--clock-tolerance', '--clock-tolerance', [CompletionResultType]::ParameterName, 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d')
            [CompletionResult]::new('--settle', '--settle', [CompletionResultType]::ParameterName, 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch''s torch_shm_manager). From 0s to 7d')
            [CompletionResult]::new('--min-idle', '--min-idle', [CompletionResultType]::ParameterName, 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence')
            [CompletionResult]::new('--ftok-paths', '--ftok-paths', [CompletionResultType]::ParameterName, 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, ''A'')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat''ed once per command; `--ftok-paths ''''` checks none')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The recorder''s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error')
            [CompletionResult]::new('--unused', '--unused', [CompletionResultType]::ParameterName, 'Only objects nobody uses (no holder, nattch 0)')
            [CompletionResult]::new('--no-headings', '--no-headings', [CompletionResultType]::ParameterName, 'Do not print the header line')
            [CompletionResult]::new('--bytes', '--bytes', [CompletionResultType]::ParameterName, 'Print sizes in bytes instead of human units')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Exit 1 when orphans exist (for monitoring)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Also list in-use objects (by default only orphan, likely-orphan, unknown, unlinked-mapped, marked-for-deletion)')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Every IPC namespace on the host (containers), with a NAMESPACE column. Needs root')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Every IPC namespace on the host (containers), with a NAMESPACE column. Needs root')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print typed JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--complete-view', '--complete-view', [CompletionResultType]::ParameterName, 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host''s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ipcctl;clean' {
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Only objects owned by USER (name or numeric uid)')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Only objects created more than DUR ago (e.g. 90s, 2h, 3days): a POSIX file''s birth time, else the earliest time recorded on the object (ctime alone moves with IPC_SET, SETVAL and writes). A queue a daily job uses is "old"; see --idle-for')
            [CompletionResult]::new('--idle-for', '--idle-for', [CompletionResultType]::ParameterName, 'Only objects nobody has used for DUR: the last send or receive (msg), attach or detach (shm), semop (sem), modification (POSIX; a queue''s last send or receive), or, never used, the creation. Use it, not --older-than, to find leaks')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Only POSIX objects whose name matches GLOB (without the leading ''/'')')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Only System V objects with this key (hex, e.g. 0x0000abcd)')
            [CompletionResult]::new('--ftok', '--ftok', [CompletionResultType]::ParameterName, 'Only System V objects whose key is ftok(PATH, PROJ) (e.g. /tmp:A)')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'Only objects that an application profile names APP (the APP column, e.g. pytorch)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never')
            [CompletionResult]::new('--ns', '--ns', [CompletionResultType]::ParameterName, 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root')
            [CompletionResult]::new('--clock-tolerance', '--clock-tolerance', [CompletionResultType]::ParameterName, 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d')
            [CompletionResult]::new('--settle', '--settle', [CompletionResultType]::ParameterName, 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch''s torch_shm_manager). From 0s to 7d')
            [CompletionResult]::new('--min-idle', '--min-idle', [CompletionResultType]::ParameterName, 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence')
            [CompletionResult]::new('--ftok-paths', '--ftok-paths', [CompletionResultType]::ParameterName, 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, ''A'')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat''ed once per command; `--ftok-paths ''''` checks none')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The recorder''s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error')
            [CompletionResult]::new('--unused', '--unused', [CompletionResultType]::ParameterName, 'Only objects nobody uses (no holder, nattch 0)')
            [CompletionResult]::new('--include-likely', '--include-likely', [CompletionResultType]::ParameterName, 'Also remove likely-orphans')
            [CompletionResult]::new('--include-queued', '--include-queued', [CompletionResultType]::ParameterName, 'Also remove queues that hold messages (with their messages). Without it they are kept: a queue keeps work for the next run of its job, which is what queues are for')
            [CompletionResult]::new('--include-state', '--include-state', [CompletionResultType]::ParameterName, 'Also remove System V semaphore sets with a nonzero value. Without it they are kept: the kernel creates every value 0, so a nonzero one was set on purpose (a mutex at 1 that jobs share), and a set made again starts at 0')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Really remove (without it, only the plan is printed)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Really remove (without it, only the plan is printed)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print typed JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--complete-view', '--complete-view', [CompletionResultType]::ParameterName, 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host''s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ipcctl;metrics' {
            [CompletionResult]::new('--textfile', '--textfile', [CompletionResultType]::ParameterName, 'Write to FILE atomically (a temporary file renamed over it), as the node_exporter textfile collector wants, instead of stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never')
            [CompletionResult]::new('--ns', '--ns', [CompletionResultType]::ParameterName, 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root')
            [CompletionResult]::new('--clock-tolerance', '--clock-tolerance', [CompletionResultType]::ParameterName, 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d')
            [CompletionResult]::new('--settle', '--settle', [CompletionResultType]::ParameterName, 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch''s torch_shm_manager). From 0s to 7d')
            [CompletionResult]::new('--min-idle', '--min-idle', [CompletionResultType]::ParameterName, 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence')
            [CompletionResult]::new('--ftok-paths', '--ftok-paths', [CompletionResultType]::ParameterName, 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, ''A'')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat''ed once per command; `--ftok-paths ''''` checks none')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The recorder''s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Every IPC namespace on the host, with a `namespace` label. Needs root')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Every IPC namespace on the host, with a `namespace` label. Needs root')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print typed JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--complete-view', '--complete-view', [CompletionResultType]::ParameterName, 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host''s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ipcctl;doctor' {
            [CompletionResult]::new('--threshold', '--threshold', [CompletionResultType]::ParameterName, 'Exit 1 when a limit is used above this percentage (0 to 100)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never')
            [CompletionResult]::new('--ns', '--ns', [CompletionResultType]::ParameterName, 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root')
            [CompletionResult]::new('--clock-tolerance', '--clock-tolerance', [CompletionResultType]::ParameterName, 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d')
            [CompletionResult]::new('--settle', '--settle', [CompletionResultType]::ParameterName, 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch''s torch_shm_manager). From 0s to 7d')
            [CompletionResult]::new('--min-idle', '--min-idle', [CompletionResultType]::ParameterName, 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence')
            [CompletionResult]::new('--ftok-paths', '--ftok-paths', [CompletionResultType]::ParameterName, 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, ''A'')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat''ed once per command; `--ftok-paths ''''` checks none')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The recorder''s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Check every IPC namespace on the host (each has its own System V and mq limits)')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Check every IPC namespace on the host (each has its own System V and mq limits)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print typed JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--complete-view', '--complete-view', [CompletionResultType]::ParameterName, 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host''s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ipcctl;top' {
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between refreshes')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Stop after N refreshes (default: until q or Ctrl-C)')
            [CompletionResult]::new('--iterations', '--iterations', [CompletionResultType]::ParameterName, 'Stop after N refreshes (default: until q or Ctrl-C)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never')
            [CompletionResult]::new('--ns', '--ns', [CompletionResultType]::ParameterName, 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root')
            [CompletionResult]::new('--clock-tolerance', '--clock-tolerance', [CompletionResultType]::ParameterName, 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d')
            [CompletionResult]::new('--settle', '--settle', [CompletionResultType]::ParameterName, 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch''s torch_shm_manager). From 0s to 7d')
            [CompletionResult]::new('--min-idle', '--min-idle', [CompletionResultType]::ParameterName, 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence')
            [CompletionResult]::new('--ftok-paths', '--ftok-paths', [CompletionResultType]::ParameterName, 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, ''A'')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat''ed once per command; `--ftok-paths ''''` checks none')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The recorder''s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print typed JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--complete-view', '--complete-view', [CompletionResultType]::ParameterName, 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host''s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ipcctl;bench' {
            [CompletionResult]::new('--sizes', '--sizes', [CompletionResultType]::ParameterName, 'Message sizes, comma separated, 1 byte to 64M (accepts 4K, 1M) [default: 64,4096,65536]. A mechanism that cannot carry a size says so and skips it')
            [CompletionResult]::new('--placement', '--placement', [CompletionResultType]::ParameterName, 'Where the two processes run: both pinned to one CPU, pinned to two CPUs, both placements, or left to the scheduler')
            [CompletionResult]::new('--iterations', '--iterations', [CompletionResultType]::ParameterName, 'Round trips (and streamed messages) per measurement [default: 10000, each phase stopping after 0.25 s]')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Measure each phase for DUR instead of a number of iterations (e.g. 2s, 500ms; at most 1h)')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Paced (open-loop) mode: send N requests per second on a fixed schedule and measure each latency from its intended send time, so a stall counts against every request it delayed (coordinated omission corrected). 1/s to 10000000/s')
            [CompletionResult]::new('--plot', '--plot', [CompletionResultType]::ParameterName, 'Draw the latency percentiles per point and throughput against size into an SVG file')
            [CompletionResult]::new('--save', '--save', [CompletionResultType]::ParameterName, 'Save the run (results, machine header, parameters and round-trip quartiles) as JSON')
            [CompletionResult]::new('--compare', '--compare', [CompletionResultType]::ParameterName, 'Compare each point with a run saved by --save: print the ratio and mark changes beyond the run-to-run noise (p25-p75 ranges apart and p50s 1.5x apart; throughput 1.5x apart). With --json, prints {"results": [...], "comparison": [...]}')
            [CompletionResult]::new('--warmup', '--warmup', [CompletionResultType]::ParameterName, 'Round trips before each measurement, not recorded [default: a tenth of the iterations, at most 1000]')
            [CompletionResult]::new('--same-machine', '--same-machine', [CompletionResultType]::ParameterName, '--choose: do both processes run on this machine?')
            [CompletionResult]::new('--high-throughput', '--high-throughput', [CompletionResultType]::ParameterName, '--choose: do they move a lot of data (high throughput)?')
            [CompletionResult]::new('--boundaries', '--boundaries', [CompletionResultType]::ParameterName, '--choose: must each receive return one whole message (message boundaries)?')
            [CompletionResult]::new('--one-way', '--one-way', [CompletionResultType]::ParameterName, '--choose: does data flow one way only?')
            [CompletionResult]::new('--related', '--related', [CompletionResultType]::ParameterName, '--choose: are the processes related (one forks the other)?')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Use the results of a run saved by --save instead of measuring (for --summary and --choose, or to print a saved run again)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never')
            [CompletionResult]::new('--ns', '--ns', [CompletionResultType]::ParameterName, 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root')
            [CompletionResult]::new('--clock-tolerance', '--clock-tolerance', [CompletionResultType]::ParameterName, 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d')
            [CompletionResult]::new('--settle', '--settle', [CompletionResultType]::ParameterName, 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch''s torch_shm_manager). From 0s to 7d')
            [CompletionResult]::new('--min-idle', '--min-idle', [CompletionResultType]::ParameterName, 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence')
            [CompletionResult]::new('--ftok-paths', '--ftok-paths', [CompletionResultType]::ParameterName, 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, ''A'')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat''ed once per command; `--ftok-paths ''''` checks none')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The recorder''s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error')
            [CompletionResult]::new('--histogram', '--histogram', [CompletionResultType]::ParameterName, 'Print a text histogram of the round trips of each point')
            [CompletionResult]::new('--markdown', '--markdown', [CompletionResultType]::ParameterName, 'Print a Markdown table (for pasting into docs)')
            [CompletionResult]::new('--summary', '--summary', [CompletionResultType]::ParameterName, 'Print only the summary (a default run prints it after the table): per size and placement, the ranking by p50 round trip and by streaming throughput, next to the textbook ranking, and where and why this machine differs. With --json, {"results": [...], "summary": {...}}')
            [CompletionResult]::new('--choose', '--choose', [CompletionResultType]::ParameterName, 'Answer "which mechanism should I use?": walk the textbook decision tree (the questions below, asked on a terminal when not given), measure the mechanisms that fit (unless named or --from), and print the textbook''s choice with its trade-offs, this machine''s size limits and what measured best. With --json, {"results", "choice", "limits"}')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print typed JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--complete-view', '--complete-view', [CompletionResultType]::ParameterName, 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host''s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ipcctl;key' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never')
            [CompletionResult]::new('--ns', '--ns', [CompletionResultType]::ParameterName, 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root')
            [CompletionResult]::new('--clock-tolerance', '--clock-tolerance', [CompletionResultType]::ParameterName, 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d')
            [CompletionResult]::new('--settle', '--settle', [CompletionResultType]::ParameterName, 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch''s torch_shm_manager). From 0s to 7d')
            [CompletionResult]::new('--min-idle', '--min-idle', [CompletionResultType]::ParameterName, 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence')
            [CompletionResult]::new('--ftok-paths', '--ftok-paths', [CompletionResultType]::ParameterName, 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, ''A'')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat''ed once per command; `--ftok-paths ''''` checks none')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The recorder''s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print typed JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--complete-view', '--complete-view', [CompletionResultType]::ParameterName, 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host''s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ipcctl;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never')
            [CompletionResult]::new('--ns', '--ns', [CompletionResultType]::ParameterName, 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root')
            [CompletionResult]::new('--clock-tolerance', '--clock-tolerance', [CompletionResultType]::ParameterName, 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d')
            [CompletionResult]::new('--settle', '--settle', [CompletionResultType]::ParameterName, 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch''s torch_shm_manager). From 0s to 7d')
            [CompletionResult]::new('--min-idle', '--min-idle', [CompletionResultType]::ParameterName, 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence')
            [CompletionResult]::new('--ftok-paths', '--ftok-paths', [CompletionResultType]::ParameterName, 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, ''A'')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat''ed once per command; `--ftok-paths ''''` checks none')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The recorder''s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print typed JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--complete-view', '--complete-view', [CompletionResultType]::ParameterName, 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host''s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ipcctl;man' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never')
            [CompletionResult]::new('--ns', '--ns', [CompletionResultType]::ParameterName, 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root')
            [CompletionResult]::new('--clock-tolerance', '--clock-tolerance', [CompletionResultType]::ParameterName, 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d')
            [CompletionResult]::new('--settle', '--settle', [CompletionResultType]::ParameterName, 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch''s torch_shm_manager). From 0s to 7d')
            [CompletionResult]::new('--min-idle', '--min-idle', [CompletionResultType]::ParameterName, 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence')
            [CompletionResult]::new('--ftok-paths', '--ftok-paths', [CompletionResultType]::ParameterName, 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, ''A'')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat''ed once per command; `--ftok-paths ''''` checks none')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The recorder''s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print typed JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--complete-view', '--complete-view', [CompletionResultType]::ParameterName, 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host''s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ipcctl;record' {
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Forget removed objects, exits and gaps older than this')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'How often /proc/sysvipc is read for System V objects (from 100ms to 1h)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never')
            [CompletionResult]::new('--ns', '--ns', [CompletionResultType]::ParameterName, 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root')
            [CompletionResult]::new('--clock-tolerance', '--clock-tolerance', [CompletionResultType]::ParameterName, 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d')
            [CompletionResult]::new('--settle', '--settle', [CompletionResultType]::ParameterName, 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch''s torch_shm_manager). From 0s to 7d')
            [CompletionResult]::new('--min-idle', '--min-idle', [CompletionResultType]::ParameterName, 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence')
            [CompletionResult]::new('--ftok-paths', '--ftok-paths', [CompletionResultType]::ParameterName, 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, ''A'')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat''ed once per command; `--ftok-paths ''''` checks none')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The recorder''s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Also watch the /dev/shm and mqueue mounts of every mount namespace it can reach (containers), found again every 10 polls. System V objects are recorded for the recorder''s own IPC namespace only')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Also watch the /dev/shm and mqueue mounts of every mount namespace it can reach (containers), found again every 10 polls. System V objects are recorded for the recorder''s own IPC namespace only')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print typed JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--complete-view', '--complete-view', [CompletionResultType]::ParameterName, 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host''s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ipcctl;history' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never')
            [CompletionResult]::new('--ns', '--ns', [CompletionResultType]::ParameterName, 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root')
            [CompletionResult]::new('--clock-tolerance', '--clock-tolerance', [CompletionResultType]::ParameterName, 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d')
            [CompletionResult]::new('--settle', '--settle', [CompletionResultType]::ParameterName, 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch''s torch_shm_manager). From 0s to 7d')
            [CompletionResult]::new('--min-idle', '--min-idle', [CompletionResultType]::ParameterName, 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence')
            [CompletionResult]::new('--ftok-paths', '--ftok-paths', [CompletionResultType]::ParameterName, 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, ''A'')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat''ed once per command; `--ftok-paths ''''` checks none')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The recorder''s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print typed JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object''s application was known (the APP column)')
            [CompletionResult]::new('--complete-view', '--complete-view', [CompletionResultType]::ParameterName, 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host''s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ipcctl;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List IPC objects of the given kinds (default: all six) in one table')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show everything known about one object')
            [CompletionResult]::new('limits', 'limits', [CompletionResultType]::ParameterValue, 'Kernel IPC limits with current use (System V, POSIX mq, /dev/shm, RLIMIT_MSGQUEUE)')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an IPC object and print its reference')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Send one message to a System V (msg) or POSIX (pmq) queue')
            [CompletionResult]::new('recv', 'recv', [CompletionResultType]::ParameterValue, 'Receive (or peek at) messages from a msg or pmq queue')
            [CompletionResult]::new('read', 'read', [CompletionResultType]::ParameterValue, 'Read bytes of a shm or pshm segment')
            [CompletionResult]::new('write', 'write', [CompletionResultType]::ParameterValue, 'Write bytes into a shm or pshm segment')
            [CompletionResult]::new('sem', 'sem', [CompletionResultType]::ParameterValue, 'Operate on a System V semaphore set (sem) or a POSIX named semaphore (psem)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove objects; refuses objects held by live processes unless --force')
            [CompletionResult]::new('orphans', 'orphans', [CompletionResultType]::ParameterValue, 'Objects no live process holds, with the evidence for each')
            [CompletionResult]::new('clean', 'clean', [CompletionResultType]::ParameterValue, 'Remove orphaned objects (a dry run that prints the plan unless --yes)')
            [CompletionResult]::new('metrics', 'metrics', [CompletionResultType]::ParameterValue, 'Print metrics in the Prometheus text format (node_exporter textfile collector)')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Explain IPC resource exhaustion: each limit, its use, the top consumers and a verdict')
            [CompletionResult]::new('top', 'top', [CompletionResultType]::ParameterValue, 'A live, refreshing view of objects per owner and kind, with what was created and destroyed since the start and in the last interval (a leak shows as a steady rate)')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Measure IPC latency and throughput of each mechanism on this machine')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'Print the System V key ftok(3) makes from PATH and PROJ, as glibc computes it')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions to stdout')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write man pages (one per subcommand) into DIR')
            [CompletionResult]::new('record', 'record', [CompletionResultType]::ParameterValue, 'Record who creates every IPC object (pid, command, user, unit or container) and how that process ends, in the journal (--journal), until stopped. POSIX objects through fanotify, System V by reading /proc/sysvipc, exits through the proc connector. Needs CAP_SYS_ADMIN (fanotify) and CAP_NET_ADMIN (exit codes); runs in the foreground (contrib/systemd/ipcctl-record.service runs it as a service)')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Print what the recorder journaled (created, removed, renamed, creator exited, gaps), newest last; with REF, only that object''s events')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ipcctl;help;list' {
            break
        }
        'ipcctl;help;show' {
            break
        }
        'ipcctl;help;limits' {
            break
        }
        'ipcctl;help;create' {
            break
        }
        'ipcctl;help;send' {
            break
        }
        'ipcctl;help;recv' {
            break
        }
        'ipcctl;help;read' {
            break
        }
        'ipcctl;help;write' {
            break
        }
        'ipcctl;help;sem' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print the value(s)')
            [CompletionResult]::new('post', 'post', [CompletionResultType]::ParameterValue, 'Increment (V)')
            [CompletionResult]::new('wait', 'wait', [CompletionResultType]::ParameterValue, 'Decrement (P), waiting while the value is 0')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set values: one value with --index, or all with a comma-separated list (sem only)')
            break
        }
        'ipcctl;help;sem;get' {
            break
        }
        'ipcctl;help;sem;post' {
            break
        }
        'ipcctl;help;sem;wait' {
            break
        }
        'ipcctl;help;sem;set' {
            break
        }
        'ipcctl;help;rm' {
            break
        }
        'ipcctl;help;orphans' {
            break
        }
        'ipcctl;help;clean' {
            break
        }
        'ipcctl;help;metrics' {
            break
        }
        'ipcctl;help;doctor' {
            break
        }
        'ipcctl;help;top' {
            break
        }
        'ipcctl;help;bench' {
            break
        }
        'ipcctl;help;key' {
            break
        }
        'ipcctl;help;completions' {
            break
        }
        'ipcctl;help;man' {
            break
        }
        'ipcctl;help;record' {
            break
        }
        'ipcctl;help;history' {
            break
        }
        'ipcctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
