# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_ipcctl_global_optspecs
    string join \n json color= q/quiet v/verbose ns= clock-tolerance= settle= min-idle= complete-view profiles= ftok-paths= journal= h/help V/version
end

function __fish_ipcctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_ipcctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_ipcctl_using_subcommand
    set -l cmd (__fish_ipcctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c ipcctl -n "__fish_ipcctl_needs_command" -l color -d 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ipcctl -n "__fish_ipcctl_needs_command" -l ns -d 'Operate in the IPC namespace of process PID (a container\'s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root' -r
complete -c ipcctl -n "__fish_ipcctl_needs_command" -l clock-tolerance -d 'How long after an object\'s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_needs_command" -l settle -d 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch\'s torch_shm_manager). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_needs_command" -l min-idle -d 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_needs_command" -l profiles -d 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence' -r -F
complete -c ipcctl -n "__fish_ipcctl_needs_command" -l ftok-paths -d 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, \'A\')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat\'ed once per command; `--ftok-paths \'\'` checks none' -r -F
complete -c ipcctl -n "__fish_ipcctl_needs_command" -l journal -d 'The recorder\'s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error' -r -F
complete -c ipcctl -n "__fish_ipcctl_needs_command" -l json -d 'Print typed JSON instead of a table'
complete -c ipcctl -n "__fish_ipcctl_needs_command" -s q -l quiet -d 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
complete -c ipcctl -n "__fish_ipcctl_needs_command" -s v -l verbose -d 'Print more detail where there is more to say: each message\'s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object\'s application was known (the APP column)'
complete -c ipcctl -n "__fish_ipcctl_needs_command" -l complete-view -d 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host\'s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`'
complete -c ipcctl -n "__fish_ipcctl_needs_command" -s h -l help -d 'Print help'
complete -c ipcctl -n "__fish_ipcctl_needs_command" -s V -l version -d 'Print version'
complete -c ipcctl -n "__fish_ipcctl_needs_command" -f -a "list" -d 'List IPC objects of the given kinds (default: all six) in one table'
complete -c ipcctl -n "__fish_ipcctl_needs_command" -f -a "ls" -d 'List IPC objects of the given kinds (default: all six) in one table'
complete -c ipcctl -n "__fish_ipcctl_needs_command" -f -a "show" -d 'Show everything known about one object'
complete -c ipcctl -n "__fish_ipcctl_needs_command" -f -a "limits" -d 'Kernel IPC limits with current use (System V, POSIX mq, /dev/shm, RLIMIT_MSGQUEUE)'
complete -c ipcctl -n "__fish_ipcctl_needs_command" -f -a "create" -d 'Create an IPC object and print its reference'
complete -c ipcctl -n "__fish_ipcctl_needs_command" -f -a "send" -d 'Send one message to a System V (msg) or POSIX (pmq) queue'
complete -c ipcctl -n "__fish_ipcctl_needs_command" -f -a "recv" -d 'Receive (or peek at) messages from a msg or pmq queue'
complete -c ipcctl -n "__fish_ipcctl_needs_command" -f -a "read" -d 'Read bytes of a shm or pshm segment'
complete -c ipcctl -n "__fish_ipcctl_needs_command" -f -a "write" -d 'Write bytes into a shm or pshm segment'
complete -c ipcctl -n "__fish_ipcctl_needs_command" -f -a "sem" -d 'Operate on a System V semaphore set (sem) or a POSIX named semaphore (psem)'
complete -c ipcctl -n "__fish_ipcctl_needs_command" -f -a "rm" -d 'Remove objects; refuses objects held by live processes unless --force'
complete -c ipcctl -n "__fish_ipcctl_needs_command" -f -a "orphans" -d 'Objects no live process holds, with the evidence for each'
complete -c ipcctl -n "__fish_ipcctl_needs_command" -f -a "clean" -d 'Remove orphaned objects (a dry run that prints the plan unless --yes)'
complete -c ipcctl -n "__fish_ipcctl_needs_command" -f -a "metrics" -d 'Print metrics in the Prometheus text format (node_exporter textfile collector)'
complete -c ipcctl -n "__fish_ipcctl_needs_command" -f -a "doctor" -d 'Explain IPC resource exhaustion: each limit, its use, the top consumers and a verdict'
complete -c ipcctl -n "__fish_ipcctl_needs_command" -f -a "top" -d 'A live, refreshing view of objects per owner and kind, with what was created and destroyed since the start and in the last interval (a leak shows as a steady rate)'
complete -c ipcctl -n "__fish_ipcctl_needs_command" -f -a "bench" -d 'Measure IPC latency and throughput of each mechanism on this machine'
complete -c ipcctl -n "__fish_ipcctl_needs_command" -f -a "key" -d 'Print the System V key ftok(3) makes from PATH and PROJ, as glibc computes it'
complete -c ipcctl -n "__fish_ipcctl_needs_command" -f -a "completions" -d 'Print shell completions to stdout'
complete -c ipcctl -n "__fish_ipcctl_needs_command" -f -a "man" -d 'Write man pages (one per subcommand) into DIR'
complete -c ipcctl -n "__fish_ipcctl_needs_command" -f -a "record" -d 'Record who creates every IPC object (pid, command, user, unit or container) and how that process ends, in the journal (--journal), until stopped. POSIX objects through fanotify, System V by reading /proc/sysvipc, exits through the proc connector. Needs CAP_SYS_ADMIN (fanotify) and CAP_NET_ADMIN (exit codes); runs in the foreground (contrib/systemd/ipcctl-record.service runs it as a service)'
complete -c ipcctl -n "__fish_ipcctl_needs_command" -f -a "history" -d 'Print what the recorder journaled (created, removed, renamed, creator exited, gaps), newest last; with REF, only that object\'s events'
complete -c ipcctl -n "__fish_ipcctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand list" -l owner -d 'Only objects owned by USER (name or numeric uid)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand list" -l older-than -d 'Only objects created more than DUR ago (e.g. 90s, 2h, 3days): a POSIX file\'s birth time, else the earliest time recorded on the object (ctime alone moves with IPC_SET, SETVAL and writes). A queue a daily job uses is "old"; see --idle-for' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand list" -l idle-for -d 'Only objects nobody has used for DUR: the last send or receive (msg), attach or detach (shm), semop (sem), modification (POSIX; a queue\'s last send or receive), or, never used, the creation. Use it, not --older-than, to find leaks' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand list" -l name -d 'Only POSIX objects whose name matches GLOB (without the leading \'/\')' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand list" -l key -d 'Only System V objects with this key (hex, e.g. 0x0000abcd)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand list" -l ftok -d 'Only System V objects whose key is ftok(PATH, PROJ) (e.g. /tmp:A)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand list" -l app -d 'Only objects that an application profile names APP (the APP column, e.g. pytorch)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand list" -s o -l output -d 'Columns to print, comma separated: ns, kind, ref, id, key, name, owner, group, perms, size, use, holders, cpid, lpid, lrpid, cuid, cgid, age, ctime, atime, dtime, stime, rtime, otime, mtime, state, why, app, ftok, creator, unit, container (the last three from the recorder\'s journal, `ipcctl record`)' -r -f -a "ns\t''
kind\t''
ref\t''
id\t''
key\t''
name\t''
owner\t''
group\t''
perms\t''
size\t''
use\t''
holders\t''
cpid\t''
lpid\t''
lrpid\t''
cuid\t''
cgid\t''
age\t''
ctime\t''
atime\t''
dtime\t''
stime\t''
rtime\t''
otime\t''
mtime\t''
state\t''
why\t''
app\t''
ftok\t''
creator\t''
unit\t''
container\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand list" -l sort -d 'Sort by this column (same names as -o); `-COL` sorts descending (`--sort -size`)' -r -f -a "ns\t''
kind\t''
ref\t''
id\t''
key\t''
name\t''
owner\t''
group\t''
perms\t''
size\t''
use\t''
holders\t''
cpid\t''
lpid\t''
lrpid\t''
cuid\t''
cgid\t''
age\t''
ctime\t''
atime\t''
dtime\t''
stime\t''
rtime\t''
otime\t''
mtime\t''
state\t''
why\t''
app\t''
ftok\t''
creator\t''
unit\t''
container\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand list" -l color -d 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand list" -l ns -d 'Operate in the IPC namespace of process PID (a container\'s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand list" -l clock-tolerance -d 'How long after an object\'s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand list" -l settle -d 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch\'s torch_shm_manager). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand list" -l min-idle -d 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand list" -l profiles -d 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand list" -l ftok-paths -d 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, \'A\')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat\'ed once per command; `--ftok-paths \'\'` checks none' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand list" -l journal -d 'The recorder\'s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand list" -l unused -d 'Only objects nobody uses (no holder, nattch 0)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand list" -l no-headings -d 'Do not print the header line'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand list" -l bytes -d 'Print sizes in bytes instead of human units'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand list" -l orphans -d 'Classify each object (in-use, orphan, ...) and add a STATE column'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand list" -s A -l all-namespaces -d 'Every IPC namespace on the host (containers), with a NAMESPACE column. Needs root'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand list" -l json -d 'Print typed JSON instead of a table'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand list" -s q -l quiet -d 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand list" -s v -l verbose -d 'Print more detail where there is more to say: each message\'s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object\'s application was known (the APP column)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand list" -l complete-view -d 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host\'s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand list" -s V -l version -d 'Print version'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand ls" -l owner -d 'Only objects owned by USER (name or numeric uid)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand ls" -l older-than -d 'Only objects created more than DUR ago (e.g. 90s, 2h, 3days): a POSIX file\'s birth time, else the earliest time recorded on the object (ctime alone moves with IPC_SET, SETVAL and writes). A queue a daily job uses is "old"; see --idle-for' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand ls" -l idle-for -d 'Only objects nobody has used for DUR: the last send or receive (msg), attach or detach (shm), semop (sem), modification (POSIX; a queue\'s last send or receive), or, never used, the creation. Use it, not --older-than, to find leaks' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand ls" -l name -d 'Only POSIX objects whose name matches GLOB (without the leading \'/\')' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand ls" -l key -d 'Only System V objects with this key (hex, e.g. 0x0000abcd)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand ls" -l ftok -d 'Only System V objects whose key is ftok(PATH, PROJ) (e.g. /tmp:A)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand ls" -l app -d 'Only objects that an application profile names APP (the APP column, e.g. pytorch)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand ls" -s o -l output -d 'Columns to print, comma separated: ns, kind, ref, id, key, name, owner, group, perms, size, use, holders, cpid, lpid, lrpid, cuid, cgid, age, ctime, atime, dtime, stime, rtime, otime, mtime, state, why, app, ftok, creator, unit, container (the last three from the recorder\'s journal, `ipcctl record`)' -r -f -a "ns\t''
kind\t''
ref\t''
id\t''
key\t''
name\t''
owner\t''
group\t''
perms\t''
size\t''
use\t''
holders\t''
cpid\t''
lpid\t''
lrpid\t''
cuid\t''
cgid\t''
age\t''
ctime\t''
atime\t''
dtime\t''
stime\t''
rtime\t''
otime\t''
mtime\t''
state\t''
why\t''
app\t''
ftok\t''
creator\t''
unit\t''
container\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand ls" -l sort -d 'Sort by this column (same names as -o); `-COL` sorts descending (`--sort -size`)' -r -f -a "ns\t''
kind\t''
ref\t''
id\t''
key\t''
name\t''
owner\t''
group\t''
perms\t''
size\t''
use\t''
holders\t''
cpid\t''
lpid\t''
lrpid\t''
cuid\t''
cgid\t''
age\t''
ctime\t''
atime\t''
dtime\t''
stime\t''
rtime\t''
otime\t''
mtime\t''
state\t''
why\t''
app\t''
ftok\t''
creator\t''
unit\t''
container\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand ls" -l color -d 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand ls" -l ns -d 'Operate in the IPC namespace of process PID (a container\'s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand ls" -l clock-tolerance -d 'How long after an object\'s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand ls" -l settle -d 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch\'s torch_shm_manager). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand ls" -l min-idle -d 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand ls" -l profiles -d 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand ls" -l ftok-paths -d 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, \'A\')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat\'ed once per command; `--ftok-paths \'\'` checks none' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand ls" -l journal -d 'The recorder\'s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand ls" -l unused -d 'Only objects nobody uses (no holder, nattch 0)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand ls" -l no-headings -d 'Do not print the header line'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand ls" -l bytes -d 'Print sizes in bytes instead of human units'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand ls" -l orphans -d 'Classify each object (in-use, orphan, ...) and add a STATE column'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand ls" -s A -l all-namespaces -d 'Every IPC namespace on the host (containers), with a NAMESPACE column. Needs root'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand ls" -l json -d 'Print typed JSON instead of a table'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand ls" -s q -l quiet -d 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand ls" -s v -l verbose -d 'Print more detail where there is more to say: each message\'s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object\'s application was known (the APP column)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand ls" -l complete-view -d 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host\'s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand ls" -s V -l version -d 'Print version'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand show" -l color -d 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand show" -l ns -d 'Operate in the IPC namespace of process PID (a container\'s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand show" -l clock-tolerance -d 'How long after an object\'s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand show" -l settle -d 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch\'s torch_shm_manager). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand show" -l min-idle -d 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand show" -l profiles -d 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand show" -l ftok-paths -d 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, \'A\')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat\'ed once per command; `--ftok-paths \'\'` checks none' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand show" -l journal -d 'The recorder\'s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand show" -l bytes -d 'Print sizes in bytes instead of human units'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand show" -l queued-bytes -d 'pmq: also show the bytes queued and the notify pid, read from the queue\'s file in the mqueue fs. Costs the queue\'s access and change times: the kernel sets both to now on every read, so it then looks freshly used (to --older-than, --idle-for and orphans)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand show" -l json -d 'Print typed JSON instead of a table'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand show" -s q -l quiet -d 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand show" -s v -l verbose -d 'Print more detail where there is more to say: each message\'s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object\'s application was known (the APP column)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand show" -l complete-view -d 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host\'s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand show" -s h -l help -d 'Print help'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand show" -s V -l version -d 'Print version'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand limits" -l color -d 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand limits" -l ns -d 'Operate in the IPC namespace of process PID (a container\'s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand limits" -l clock-tolerance -d 'How long after an object\'s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand limits" -l settle -d 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch\'s torch_shm_manager). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand limits" -l min-idle -d 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand limits" -l profiles -d 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand limits" -l ftok-paths -d 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, \'A\')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat\'ed once per command; `--ftok-paths \'\'` checks none' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand limits" -l journal -d 'The recorder\'s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand limits" -l json -d 'Print typed JSON instead of a table'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand limits" -s q -l quiet -d 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand limits" -s v -l verbose -d 'Print more detail where there is more to say: each message\'s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object\'s application was known (the APP column)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand limits" -l complete-view -d 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host\'s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand limits" -s h -l help -d 'Print help'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand limits" -s V -l version -d 'Print version'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand create" -l key -d 'System V key (hex); default: a fresh random key, created exclusively' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand create" -l ftok -d 'System V key made by ftok(3) from an existing PATH and project id PROJ (65 or A), as a C program\'s `ftok(PATH, PROJ)` makes it' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand create" -l mode -d 'Permission bits in octal (the umask is not applied)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand create" -l size -d 'Size of a shm or pshm segment (accepts 4K, 1M, 1G)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand create" -l nsems -d 'Number of semaphores in a sem set (default: as many as --values, else 1)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand create" -l values -d 'Initial values of a sem set, comma separated, one per semaphore (default: all 0)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand create" -l value -d 'Initial value of a psem' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand create" -l max-messages -d 'Maximum messages of a pmq (default: /proc/sys/fs/mqueue/msg_default; checked against msg_max and RLIMIT_MSGQUEUE before creating)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand create" -l message-size -d 'Maximum message size of a pmq (accepts 64, 4K, 1M; default: msgsize_default; checked against msgsize_max)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand create" -l max-bytes -d 'Maximum bytes on a msg queue (msg_qbytes; accepts 16K, 1M)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand create" -l color -d 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand create" -l ns -d 'Operate in the IPC namespace of process PID (a container\'s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand create" -l clock-tolerance -d 'How long after an object\'s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand create" -l settle -d 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch\'s torch_shm_manager). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand create" -l min-idle -d 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand create" -l profiles -d 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand create" -l ftok-paths -d 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, \'A\')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat\'ed once per command; `--ftok-paths \'\'` checks none' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand create" -l journal -d 'The recorder\'s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand create" -l exist-ok -d 'Succeed (and print its reference) when the object already exists; it is left as it is'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand create" -l json -d 'Print typed JSON instead of a table'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand create" -s q -l quiet -d 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand create" -s v -l verbose -d 'Print more detail where there is more to say: each message\'s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object\'s application was known (the APP column)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand create" -l complete-view -d 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host\'s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand create" -s V -l version -d 'Print version'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand send" -l file -d 'Read the message from FILE' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand send" -l type -d 'Message type (msg); must be > 0' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand send" -l priority -d 'Message priority (pmq), 0..32767; higher priorities are received first' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand send" -l timeout -d 'Give up after DUR when the queue is full' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand send" -l color -d 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand send" -l ns -d 'Operate in the IPC namespace of process PID (a container\'s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand send" -l clock-tolerance -d 'How long after an object\'s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand send" -l settle -d 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch\'s torch_shm_manager). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand send" -l min-idle -d 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand send" -l profiles -d 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand send" -l ftok-paths -d 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, \'A\')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat\'ed once per command; `--ftok-paths \'\'` checks none' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand send" -l journal -d 'The recorder\'s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand send" -l empty -d 'Send an empty message (stdin is not read). Without it, an empty stdin (an empty pipe, a hung-up terminal) is refused rather than sent'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand send" -l nowait -d 'Fail at once when the queue is full'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand send" -l json -d 'Print typed JSON instead of a table'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand send" -s q -l quiet -d 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand send" -s v -l verbose -d 'Print more detail where there is more to say: each message\'s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object\'s application was known (the APP column)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand send" -l complete-view -d 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host\'s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand send" -s h -l help -d 'Print help'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand send" -s V -l version -d 'Print version'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand recv" -l type -d 'Message type (msg): 0 = first message, N > 0 = first of type N, N < 0 = first of the lowest type <= |N|' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand recv" -l count -d 'Number of messages to receive' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand recv" -l timeout -d 'Give up after DUR (for all --count messages) when the queue is empty' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand recv" -l delimiter -d 'Write STR after each message body (\\n, \\t, \\0 and \\\\ are understood). Default: a newline on a terminal (unless the body ends with one), nothing in a pipe or file, so binary bodies stay byte-exact' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand recv" -l color -d 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand recv" -l ns -d 'Operate in the IPC namespace of process PID (a container\'s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand recv" -l clock-tolerance -d 'How long after an object\'s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand recv" -l settle -d 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch\'s torch_shm_manager). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand recv" -l min-idle -d 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand recv" -l profiles -d 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand recv" -l ftok-paths -d 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, \'A\')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat\'ed once per command; `--ftok-paths \'\'` checks none' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand recv" -l journal -d 'The recorder\'s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand recv" -l nowait -d 'Fail at once when the queue is empty'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand recv" -l peek -d 'Read without removing (msg only; needs MSG_COPY, i.e. CONFIG_CHECKPOINT_RESTORE, and is refused where the kernel lacks it; POSIX queues have no peek)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand recv" -s 0 -l null -d 'End each message body with a NUL byte (for `xargs -0`); short for --delimiter \'\\0\''
complete -c ipcctl -n "__fish_ipcctl_using_subcommand recv" -l json -d 'Print typed JSON instead of a table'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand recv" -s q -l quiet -d 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand recv" -s v -l verbose -d 'Print more detail where there is more to say: each message\'s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object\'s application was known (the APP column)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand recv" -l complete-view -d 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host\'s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand recv" -s h -l help -d 'Print help'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand recv" -s V -l version -d 'Print version'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand read" -l offset -d 'Byte offset to start at (accepts 4K, 1M)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand read" -l length -d 'Number of bytes (default: to the end; accepts 4K, 1M)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand read" -l color -d 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand read" -l ns -d 'Operate in the IPC namespace of process PID (a container\'s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand read" -l clock-tolerance -d 'How long after an object\'s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand read" -l settle -d 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch\'s torch_shm_manager). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand read" -l min-idle -d 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand read" -l profiles -d 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand read" -l ftok-paths -d 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, \'A\')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat\'ed once per command; `--ftok-paths \'\'` checks none' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand read" -l journal -d 'The recorder\'s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand read" -l hex -d 'Print a hexdump (offset, hex bytes, ASCII) instead of raw bytes'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand read" -l json -d 'Print typed JSON instead of a table'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand read" -s q -l quiet -d 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand read" -s v -l verbose -d 'Print more detail where there is more to say: each message\'s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object\'s application was known (the APP column)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand read" -l complete-view -d 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host\'s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand read" -s h -l help -d 'Print help'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand read" -s V -l version -d 'Print version'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand write" -l file -d 'Read the bytes from FILE' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand write" -l offset -d 'Byte offset to start at (accepts 4K, 1M)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand write" -l color -d 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand write" -l ns -d 'Operate in the IPC namespace of process PID (a container\'s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand write" -l clock-tolerance -d 'How long after an object\'s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand write" -l settle -d 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch\'s torch_shm_manager). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand write" -l min-idle -d 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand write" -l profiles -d 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand write" -l ftok-paths -d 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, \'A\')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat\'ed once per command; `--ftok-paths \'\'` checks none' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand write" -l journal -d 'The recorder\'s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand write" -l json -d 'Print typed JSON instead of a table'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand write" -s q -l quiet -d 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand write" -s v -l verbose -d 'Print more detail where there is more to say: each message\'s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object\'s application was known (the APP column)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand write" -l complete-view -d 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host\'s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand write" -s h -l help -d 'Print help'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand write" -s V -l version -d 'Print version'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and not __fish_seen_subcommand_from get post wait set help" -l color -d 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and not __fish_seen_subcommand_from get post wait set help" -l ns -d 'Operate in the IPC namespace of process PID (a container\'s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and not __fish_seen_subcommand_from get post wait set help" -l clock-tolerance -d 'How long after an object\'s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and not __fish_seen_subcommand_from get post wait set help" -l settle -d 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch\'s torch_shm_manager). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and not __fish_seen_subcommand_from get post wait set help" -l min-idle -d 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and not __fish_seen_subcommand_from get post wait set help" -l profiles -d 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and not __fish_seen_subcommand_from get post wait set help" -l ftok-paths -d 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, \'A\')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat\'ed once per command; `--ftok-paths \'\'` checks none' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and not __fish_seen_subcommand_from get post wait set help" -l journal -d 'The recorder\'s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and not __fish_seen_subcommand_from get post wait set help" -l json -d 'Print typed JSON instead of a table'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and not __fish_seen_subcommand_from get post wait set help" -s q -l quiet -d 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and not __fish_seen_subcommand_from get post wait set help" -s v -l verbose -d 'Print more detail where there is more to say: each message\'s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object\'s application was known (the APP column)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and not __fish_seen_subcommand_from get post wait set help" -l complete-view -d 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host\'s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and not __fish_seen_subcommand_from get post wait set help" -s h -l help -d 'Print help'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and not __fish_seen_subcommand_from get post wait set help" -s V -l version -d 'Print version'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and not __fish_seen_subcommand_from get post wait set help" -a "get" -d 'Print the value(s)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and not __fish_seen_subcommand_from get post wait set help" -a "post" -d 'Increment (V)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and not __fish_seen_subcommand_from get post wait set help" -a "wait" -d 'Decrement (P), waiting while the value is 0'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and not __fish_seen_subcommand_from get post wait set help" -a "set" -d 'Set values: one value with --index, or all with a comma-separated list (sem only)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and not __fish_seen_subcommand_from get post wait set help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from get" -l index -d 'Semaphore index in a sem set' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from get" -l color -d 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from get" -l ns -d 'Operate in the IPC namespace of process PID (a container\'s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from get" -l clock-tolerance -d 'How long after an object\'s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from get" -l settle -d 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch\'s torch_shm_manager). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from get" -l min-idle -d 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from get" -l profiles -d 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from get" -l ftok-paths -d 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, \'A\')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat\'ed once per command; `--ftok-paths \'\'` checks none' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from get" -l journal -d 'The recorder\'s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from get" -l json -d 'Print typed JSON instead of a table'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from get" -s v -l verbose -d 'Print more detail where there is more to say: each message\'s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object\'s application was known (the APP column)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from get" -l complete-view -d 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host\'s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from post" -l index -d 'Semaphore index in a sem set' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from post" -l color -d 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from post" -l ns -d 'Operate in the IPC namespace of process PID (a container\'s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from post" -l clock-tolerance -d 'How long after an object\'s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from post" -l settle -d 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch\'s torch_shm_manager). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from post" -l min-idle -d 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from post" -l profiles -d 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from post" -l ftok-paths -d 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, \'A\')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat\'ed once per command; `--ftok-paths \'\'` checks none' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from post" -l journal -d 'The recorder\'s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from post" -l json -d 'Print typed JSON instead of a table'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from post" -s q -l quiet -d 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from post" -s v -l verbose -d 'Print more detail where there is more to say: each message\'s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object\'s application was known (the APP column)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from post" -l complete-view -d 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host\'s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from post" -s h -l help -d 'Print help'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from post" -s V -l version -d 'Print version'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from wait" -l index -d 'Semaphore index in a sem set' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from wait" -l timeout -d 'Give up after DUR' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from wait" -l color -d 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from wait" -l ns -d 'Operate in the IPC namespace of process PID (a container\'s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from wait" -l clock-tolerance -d 'How long after an object\'s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from wait" -l settle -d 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch\'s torch_shm_manager). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from wait" -l min-idle -d 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from wait" -l profiles -d 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from wait" -l ftok-paths -d 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, \'A\')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat\'ed once per command; `--ftok-paths \'\'` checks none' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from wait" -l journal -d 'The recorder\'s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from wait" -l nowait -d 'Fail at once when the value is 0'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from wait" -l json -d 'Print typed JSON instead of a table'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from wait" -s q -l quiet -d 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from wait" -s v -l verbose -d 'Print more detail where there is more to say: each message\'s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object\'s application was known (the APP column)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from wait" -l complete-view -d 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host\'s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from wait" -s h -l help -d 'Print help'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from wait" -s V -l version -d 'Print version'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from set" -l index -d 'Semaphore index in a sem set' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from set" -l color -d 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from set" -l ns -d 'Operate in the IPC namespace of process PID (a container\'s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from set" -l clock-tolerance -d 'How long after an object\'s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from set" -l settle -d 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch\'s torch_shm_manager). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from set" -l min-idle -d 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from set" -l profiles -d 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from set" -l ftok-paths -d 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, \'A\')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat\'ed once per command; `--ftok-paths \'\'` checks none' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from set" -l journal -d 'The recorder\'s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from set" -l json -d 'Print typed JSON instead of a table'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from set" -s v -l verbose -d 'Print more detail where there is more to say: each message\'s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object\'s application was known (the APP column)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from set" -l complete-view -d 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host\'s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from help" -f -a "get" -d 'Print the value(s)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from help" -f -a "post" -d 'Increment (V)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from help" -f -a "wait" -d 'Decrement (P), waiting while the value is 0'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from help" -f -a "set" -d 'Set values: one value with --index, or all with a comma-separated list (sem only)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand sem; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand rm" -l owner -d 'Only objects owned by USER (name or numeric uid)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand rm" -l older-than -d 'Only objects created more than DUR ago (e.g. 90s, 2h, 3days): a POSIX file\'s birth time, else the earliest time recorded on the object (ctime alone moves with IPC_SET, SETVAL and writes). A queue a daily job uses is "old"; see --idle-for' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand rm" -l idle-for -d 'Only objects nobody has used for DUR: the last send or receive (msg), attach or detach (shm), semop (sem), modification (POSIX; a queue\'s last send or receive), or, never used, the creation. Use it, not --older-than, to find leaks' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand rm" -l name -d 'Only POSIX objects whose name matches GLOB (without the leading \'/\')' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand rm" -l key -d 'Only System V objects with this key (hex, e.g. 0x0000abcd)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand rm" -l ftok -d 'Only System V objects whose key is ftok(PATH, PROJ) (e.g. /tmp:A)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand rm" -l app -d 'Only objects that an application profile names APP (the APP column, e.g. pytorch)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand rm" -l color -d 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand rm" -l ns -d 'Operate in the IPC namespace of process PID (a container\'s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand rm" -l clock-tolerance -d 'How long after an object\'s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand rm" -l settle -d 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch\'s torch_shm_manager). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand rm" -l min-idle -d 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand rm" -l profiles -d 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand rm" -l ftok-paths -d 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, \'A\')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat\'ed once per command; `--ftok-paths \'\'` checks none' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand rm" -l journal -d 'The recorder\'s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand rm" -l all -d 'Remove every object of the given kinds that matches the filters'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand rm" -l unused -d 'Only objects nobody uses (no holder, nattch 0)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand rm" -s n -l dry-run -d 'Print what would be removed, remove nothing'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand rm" -s f -l force -d 'Remove even objects that live processes hold (only that: --all without a filter also needs --yes)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand rm" -s y -l yes -d 'With --all and no filter: yes, every object of the kinds'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand rm" -l json -d 'Print typed JSON instead of a table'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand rm" -s q -l quiet -d 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand rm" -s v -l verbose -d 'Print more detail where there is more to say: each message\'s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object\'s application was known (the APP column)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand rm" -l complete-view -d 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host\'s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand rm" -s h -l help -d 'Print help'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand rm" -s V -l version -d 'Print version'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand orphans" -l owner -d 'Only objects owned by USER (name or numeric uid)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand orphans" -l older-than -d 'Only objects created more than DUR ago (e.g. 90s, 2h, 3days): a POSIX file\'s birth time, else the earliest time recorded on the object (ctime alone moves with IPC_SET, SETVAL and writes). A queue a daily job uses is "old"; see --idle-for' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand orphans" -l idle-for -d 'Only objects nobody has used for DUR: the last send or receive (msg), attach or detach (shm), semop (sem), modification (POSIX; a queue\'s last send or receive), or, never used, the creation. Use it, not --older-than, to find leaks' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand orphans" -l name -d 'Only POSIX objects whose name matches GLOB (without the leading \'/\')' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand orphans" -l key -d 'Only System V objects with this key (hex, e.g. 0x0000abcd)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand orphans" -l ftok -d 'Only System V objects whose key is ftok(PATH, PROJ) (e.g. /tmp:A)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand orphans" -l app -d 'Only objects that an application profile names APP (the APP column, e.g. pytorch)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand orphans" -s o -l output -d 'Columns to print, comma separated: ns, kind, ref, id, key, name, owner, group, perms, size, use, holders, cpid, lpid, lrpid, cuid, cgid, age, ctime, atime, dtime, stime, rtime, otime, mtime, state, why, app, ftok, creator, unit, container (the last three from the recorder\'s journal, `ipcctl record`)' -r -f -a "ns\t''
kind\t''
ref\t''
id\t''
key\t''
name\t''
owner\t''
group\t''
perms\t''
size\t''
use\t''
holders\t''
cpid\t''
lpid\t''
lrpid\t''
cuid\t''
cgid\t''
age\t''
ctime\t''
atime\t''
dtime\t''
stime\t''
rtime\t''
otime\t''
mtime\t''
state\t''
why\t''
app\t''
ftok\t''
creator\t''
unit\t''
container\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand orphans" -l sort -d 'Sort by this column (same names as -o); `-COL` sorts descending (`--sort -size`)' -r -f -a "ns\t''
kind\t''
ref\t''
id\t''
key\t''
name\t''
owner\t''
group\t''
perms\t''
size\t''
use\t''
holders\t''
cpid\t''
lpid\t''
lrpid\t''
cuid\t''
cgid\t''
age\t''
ctime\t''
atime\t''
dtime\t''
stime\t''
rtime\t''
otime\t''
mtime\t''
state\t''
why\t''
app\t''
ftok\t''
creator\t''
unit\t''
container\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand orphans" -l color -d 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand orphans" -l ns -d 'Operate in the IPC namespace of process PID (a container\'s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand orphans" -l clock-tolerance -d 'How long after an object\'s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand orphans" -l settle -d 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch\'s torch_shm_manager). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand orphans" -l min-idle -d 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand orphans" -l profiles -d 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand orphans" -l ftok-paths -d 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, \'A\')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat\'ed once per command; `--ftok-paths \'\'` checks none' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand orphans" -l journal -d 'The recorder\'s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand orphans" -l unused -d 'Only objects nobody uses (no holder, nattch 0)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand orphans" -l no-headings -d 'Do not print the header line'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand orphans" -l bytes -d 'Print sizes in bytes instead of human units'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand orphans" -l check -d 'Exit 1 when orphans exist (for monitoring)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand orphans" -l all -d 'Also list in-use objects (by default only orphan, likely-orphan, unknown, unlinked-mapped, marked-for-deletion)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand orphans" -s A -l all-namespaces -d 'Every IPC namespace on the host (containers), with a NAMESPACE column. Needs root'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand orphans" -l json -d 'Print typed JSON instead of a table'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand orphans" -s q -l quiet -d 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand orphans" -s v -l verbose -d 'Print more detail where there is more to say: each message\'s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object\'s application was known (the APP column)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand orphans" -l complete-view -d 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host\'s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand orphans" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand orphans" -s V -l version -d 'Print version'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand clean" -l owner -d 'Only objects owned by USER (name or numeric uid)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand clean" -l older-than -d 'Only objects created more than DUR ago (e.g. 90s, 2h, 3days): a POSIX file\'s birth time, else the earliest time recorded on the object (ctime alone moves with IPC_SET, SETVAL and writes). A queue a daily job uses is "old"; see --idle-for' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand clean" -l idle-for -d 'Only objects nobody has used for DUR: the last send or receive (msg), attach or detach (shm), semop (sem), modification (POSIX; a queue\'s last send or receive), or, never used, the creation. Use it, not --older-than, to find leaks' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand clean" -l name -d 'Only POSIX objects whose name matches GLOB (without the leading \'/\')' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand clean" -l key -d 'Only System V objects with this key (hex, e.g. 0x0000abcd)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand clean" -l ftok -d 'Only System V objects whose key is ftok(PATH, PROJ) (e.g. /tmp:A)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand clean" -l app -d 'Only objects that an application profile names APP (the APP column, e.g. pytorch)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand clean" -l color -d 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand clean" -l ns -d 'Operate in the IPC namespace of process PID (a container\'s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand clean" -l clock-tolerance -d 'How long after an object\'s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand clean" -l settle -d 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch\'s torch_shm_manager). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand clean" -l min-idle -d 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand clean" -l profiles -d 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand clean" -l ftok-paths -d 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, \'A\')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat\'ed once per command; `--ftok-paths \'\'` checks none' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand clean" -l journal -d 'The recorder\'s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand clean" -l unused -d 'Only objects nobody uses (no holder, nattch 0)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand clean" -l include-likely -d 'Also remove likely-orphans'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand clean" -l include-queued -d 'Also remove queues that hold messages (with their messages). Without it they are kept: a queue keeps work for the next run of its job, which is what queues are for'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand clean" -l include-state -d 'Also remove System V semaphore sets with a nonzero value. Without it they are kept: the kernel creates every value 0, so a nonzero one was set on purpose (a mutex at 1 that jobs share), and a set made again starts at 0'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand clean" -s y -l yes -d 'Really remove (without it, only the plan is printed)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand clean" -l json -d 'Print typed JSON instead of a table'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand clean" -s q -l quiet -d 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand clean" -s v -l verbose -d 'Print more detail where there is more to say: each message\'s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object\'s application was known (the APP column)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand clean" -l complete-view -d 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host\'s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand clean" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand clean" -s V -l version -d 'Print version'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand metrics" -l textfile -d 'Write to FILE atomically (a temporary file renamed over it), as the node_exporter textfile collector wants, instead of stdout' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand metrics" -l color -d 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand metrics" -l ns -d 'Operate in the IPC namespace of process PID (a container\'s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand metrics" -l clock-tolerance -d 'How long after an object\'s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand metrics" -l settle -d 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch\'s torch_shm_manager). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand metrics" -l min-idle -d 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand metrics" -l profiles -d 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand metrics" -l ftok-paths -d 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, \'A\')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat\'ed once per command; `--ftok-paths \'\'` checks none' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand metrics" -l journal -d 'The recorder\'s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand metrics" -s A -l all-namespaces -d 'Every IPC namespace on the host, with a `namespace` label. Needs root'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand metrics" -l json -d 'Print typed JSON instead of a table'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand metrics" -s q -l quiet -d 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand metrics" -s v -l verbose -d 'Print more detail where there is more to say: each message\'s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object\'s application was known (the APP column)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand metrics" -l complete-view -d 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host\'s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand metrics" -s h -l help -d 'Print help'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand metrics" -s V -l version -d 'Print version'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand doctor" -l threshold -d 'Exit 1 when a limit is used above this percentage (0 to 100)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand doctor" -l color -d 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand doctor" -l ns -d 'Operate in the IPC namespace of process PID (a container\'s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand doctor" -l clock-tolerance -d 'How long after an object\'s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand doctor" -l settle -d 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch\'s torch_shm_manager). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand doctor" -l min-idle -d 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand doctor" -l profiles -d 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand doctor" -l ftok-paths -d 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, \'A\')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat\'ed once per command; `--ftok-paths \'\'` checks none' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand doctor" -l journal -d 'The recorder\'s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand doctor" -s A -l all-namespaces -d 'Check every IPC namespace on the host (each has its own System V and mq limits)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand doctor" -l json -d 'Print typed JSON instead of a table'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand doctor" -s q -l quiet -d 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand doctor" -s v -l verbose -d 'Print more detail where there is more to say: each message\'s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object\'s application was known (the APP column)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand doctor" -l complete-view -d 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host\'s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand top" -l interval -d 'Time between refreshes' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand top" -s n -l iterations -d 'Stop after N refreshes (default: until q or Ctrl-C)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand top" -l color -d 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand top" -l ns -d 'Operate in the IPC namespace of process PID (a container\'s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand top" -l clock-tolerance -d 'How long after an object\'s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand top" -l settle -d 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch\'s torch_shm_manager). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand top" -l min-idle -d 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand top" -l profiles -d 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand top" -l ftok-paths -d 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, \'A\')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat\'ed once per command; `--ftok-paths \'\'` checks none' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand top" -l journal -d 'The recorder\'s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand top" -l json -d 'Print typed JSON instead of a table'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand top" -s q -l quiet -d 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand top" -s v -l verbose -d 'Print more detail where there is more to say: each message\'s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object\'s application was known (the APP column)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand top" -l complete-view -d 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host\'s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand top" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand top" -s V -l version -d 'Print version'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -l sizes -d 'Message sizes, comma separated, 1 byte to 64M (accepts 4K, 1M) [default: 64,4096,65536]. A mechanism that cannot carry a size says so and skips it' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -l placement -d 'Where the two processes run: both pinned to one CPU, pinned to two CPUs, both placements, or left to the scheduler' -r -f -a "same-core\t'Both processes pinned to the same CPU'
cross-core\t'The processes pinned to two different CPUs'
both\t'Same-core, then cross-core'
unpinned\t'Not pinned (results mixing both placements are flagged as bimodal)'"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -l iterations -d 'Round trips (and streamed messages) per measurement [default: 10000, each phase stopping after 0.25 s]' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -l duration -d 'Measure each phase for DUR instead of a number of iterations (e.g. 2s, 500ms; at most 1h)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -l rate -d 'Paced (open-loop) mode: send N requests per second on a fixed schedule and measure each latency from its intended send time, so a stall counts against every request it delayed (coordinated omission corrected). 1/s to 10000000/s' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -l plot -d 'Draw the latency percentiles per point and throughput against size into an SVG file' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -l save -d 'Save the run (results, machine header, parameters and round-trip quartiles) as JSON' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -l compare -d 'Compare each point with a run saved by --save: print the ratio and mark changes beyond the run-to-run noise (p25-p75 ranges apart and p50s 1.5x apart; throughput 1.5x apart). With --json, prints {"results": [...], "comparison": [...]}' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -l warmup -d 'Round trips before each measurement, not recorded [default: a tenth of the iterations, at most 1000]' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -l same-machine -d '--choose: do both processes run on this machine?' -r -f -a "yes\t''
no\t''
either\t'Does not matter'"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -l high-throughput -d '--choose: do they move a lot of data (high throughput)?' -r -f -a "yes\t''
no\t''
either\t'Does not matter'"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -l boundaries -d '--choose: must each receive return one whole message (message boundaries)?' -r -f -a "yes\t''
no\t''
either\t'Does not matter'"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -l one-way -d '--choose: does data flow one way only?' -r -f -a "yes\t''
no\t''
either\t'Does not matter'"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -l related -d '--choose: are the processes related (one forks the other)?' -r -f -a "yes\t''
no\t''
either\t'Does not matter'"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -l from -d 'Use the results of a run saved by --save instead of measuring (for --summary and --choose, or to print a saved run again)' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -l color -d 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -l ns -d 'Operate in the IPC namespace of process PID (a container\'s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -l clock-tolerance -d 'How long after an object\'s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -l settle -d 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch\'s torch_shm_manager). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -l min-idle -d 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -l profiles -d 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -l ftok-paths -d 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, \'A\')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat\'ed once per command; `--ftok-paths \'\'` checks none' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -l journal -d 'The recorder\'s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -l histogram -d 'Print a text histogram of the round trips of each point'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -l markdown -d 'Print a Markdown table (for pasting into docs)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -l summary -d 'Print only the summary (a default run prints it after the table): per size and placement, the ranking by p50 round trip and by streaming throughput, next to the textbook ranking, and where and why this machine differs. With --json, {"results": [...], "summary": {...}}'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -l choose -d 'Answer "which mechanism should I use?": walk the textbook decision tree (the questions below, asked on a terminal when not given), measure the mechanisms that fit (unless named or --from), and print the textbook\'s choice with its trade-offs, this machine\'s size limits and what measured best. With --json, {"results", "choice", "limits"}'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -l json -d 'Print typed JSON instead of a table'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -s q -l quiet -d 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -s v -l verbose -d 'Print more detail where there is more to say: each message\'s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object\'s application was known (the APP column)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -l complete-view -d 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host\'s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand bench" -s V -l version -d 'Print version'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand key" -l color -d 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand key" -l ns -d 'Operate in the IPC namespace of process PID (a container\'s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand key" -l clock-tolerance -d 'How long after an object\'s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand key" -l settle -d 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch\'s torch_shm_manager). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand key" -l min-idle -d 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand key" -l profiles -d 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand key" -l ftok-paths -d 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, \'A\')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat\'ed once per command; `--ftok-paths \'\'` checks none' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand key" -l journal -d 'The recorder\'s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand key" -l json -d 'Print typed JSON instead of a table'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand key" -s q -l quiet -d 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand key" -s v -l verbose -d 'Print more detail where there is more to say: each message\'s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object\'s application was known (the APP column)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand key" -l complete-view -d 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host\'s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand key" -s h -l help -d 'Print help'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand key" -s V -l version -d 'Print version'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand completions" -l color -d 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand completions" -l ns -d 'Operate in the IPC namespace of process PID (a container\'s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand completions" -l clock-tolerance -d 'How long after an object\'s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand completions" -l settle -d 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch\'s torch_shm_manager). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand completions" -l min-idle -d 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand completions" -l profiles -d 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand completions" -l ftok-paths -d 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, \'A\')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat\'ed once per command; `--ftok-paths \'\'` checks none' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand completions" -l journal -d 'The recorder\'s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand completions" -l json -d 'Print typed JSON instead of a table'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand completions" -s q -l quiet -d 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand completions" -s v -l verbose -d 'Print more detail where there is more to say: each message\'s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object\'s application was known (the APP column)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand completions" -l complete-view -d 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host\'s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand completions" -s h -l help -d 'Print help'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand completions" -s V -l version -d 'Print version'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand man" -l color -d 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand man" -l ns -d 'Operate in the IPC namespace of process PID (a container\'s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand man" -l clock-tolerance -d 'How long after an object\'s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand man" -l settle -d 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch\'s torch_shm_manager). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand man" -l min-idle -d 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand man" -l profiles -d 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand man" -l ftok-paths -d 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, \'A\')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat\'ed once per command; `--ftok-paths \'\'` checks none' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand man" -l journal -d 'The recorder\'s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand man" -l json -d 'Print typed JSON instead of a table'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand man" -s q -l quiet -d 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand man" -s v -l verbose -d 'Print more detail where there is more to say: each message\'s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object\'s application was known (the APP column)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand man" -l complete-view -d 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host\'s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand man" -s h -l help -d 'Print help'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand man" -s V -l version -d 'Print version'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand record" -l keep -d 'Forget removed objects, exits and gaps older than this' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand record" -l interval -d 'How often /proc/sysvipc is read for System V objects (from 100ms to 1h)' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand record" -l color -d 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand record" -l ns -d 'Operate in the IPC namespace of process PID (a container\'s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand record" -l clock-tolerance -d 'How long after an object\'s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand record" -l settle -d 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch\'s torch_shm_manager). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand record" -l min-idle -d 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand record" -l profiles -d 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand record" -l ftok-paths -d 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, \'A\')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat\'ed once per command; `--ftok-paths \'\'` checks none' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand record" -l journal -d 'The recorder\'s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand record" -s A -l all-namespaces -d 'Also watch the /dev/shm and mqueue mounts of every mount namespace it can reach (containers), found again every 10 polls. System V objects are recorded for the recorder\'s own IPC namespace only'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand record" -l json -d 'Print typed JSON instead of a table'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand record" -s q -l quiet -d 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand record" -s v -l verbose -d 'Print more detail where there is more to say: each message\'s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object\'s application was known (the APP column)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand record" -l complete-view -d 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host\'s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand record" -s h -l help -d 'Print help'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand record" -s V -l version -d 'Print version'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand history" -l color -d 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ipcctl -n "__fish_ipcctl_using_subcommand history" -l ns -d 'Operate in the IPC namespace of process PID (a container\'s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand history" -l clock-tolerance -d 'How long after an object\'s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand history" -l settle -d 'Judge objects younger than this, or changed or active within it, as `unknown` (`unsettled`) instead of orphaned: applications clean up after their own dead processes within seconds (PyTorch\'s torch_shm_manager). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand history" -l min-idle -d 'How long an object must have been idle to be a `likely-orphan` (the verdict when every premise but "nobody left who could open it" holds). From 0s to 7d' -r
complete -c ipcctl -n "__fish_ipcctl_using_subcommand history" -l profiles -d 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand history" -l ftok-paths -d 'Files and directories whose ftok(3) keys name the origin of listed System V keys (`ftok(/tmp, \'A\')` in `show` and the FTOK column), comma separated [default: /tmp,/var/tmp,$HOME]. Each is stat\'ed once per command; `--ftok-paths \'\'` checks none' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand history" -l journal -d 'The recorder\'s journal (`ipcctl record`): list, show and the orphan verdict read the recorded creator of each object from it; record writes it. A missing or unreadable journal is a note, never an error' -r -F
complete -c ipcctl -n "__fish_ipcctl_using_subcommand history" -l json -d 'Print typed JSON instead of a table'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand history" -s q -l quiet -d 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand history" -s v -l verbose -d 'Print more detail where there is more to say: each message\'s header (recv, on stderr), what send and write did, the machine and parameters of a bench run, how an object\'s application was known (the APP column)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand history" -l complete-view -d 'State that this PID namespace holds every task that can reach the objects (a container or node agent that shares the host\'s /dev/shm or IPC namespace but not its PID namespace cannot see their users otherwise). Without it, ipcctl in a nested PID namespace judges nothing `orphan`'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand history" -s h -l help -d 'Print help'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand history" -s V -l version -d 'Print version'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand help; and not __fish_seen_subcommand_from list show limits create send recv read write sem rm orphans clean metrics doctor top bench key completions man record history help" -f -a "list" -d 'List IPC objects of the given kinds (default: all six) in one table'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand help; and not __fish_seen_subcommand_from list show limits create send recv read write sem rm orphans clean metrics doctor top bench key completions man record history help" -f -a "show" -d 'Show everything known about one object'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand help; and not __fish_seen_subcommand_from list show limits create send recv read write sem rm orphans clean metrics doctor top bench key completions man record history help" -f -a "limits" -d 'Kernel IPC limits with current use (System V, POSIX mq, /dev/shm, RLIMIT_MSGQUEUE)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand help; and not __fish_seen_subcommand_from list show limits create send recv read write sem rm orphans clean metrics doctor top bench key completions man record history help" -f -a "create" -d 'Create an IPC object and print its reference'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand help; and not __fish_seen_subcommand_from list show limits create send recv read write sem rm orphans clean metrics doctor top bench key completions man record history help" -f -a "send" -d 'Send one message to a System V (msg) or POSIX (pmq) queue'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand help; and not __fish_seen_subcommand_from list show limits create send recv read write sem rm orphans clean metrics doctor top bench key completions man record history help" -f -a "recv" -d 'Receive (or peek at) messages from a msg or pmq queue'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand help; and not __fish_seen_subcommand_from list show limits create send recv read write sem rm orphans clean metrics doctor top bench key completions man record history help" -f -a "read" -d 'Read bytes of a shm or pshm segment'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand help; and not __fish_seen_subcommand_from list show limits create send recv read write sem rm orphans clean metrics doctor top bench key completions man record history help" -f -a "write" -d 'Write bytes into a shm or pshm segment'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand help; and not __fish_seen_subcommand_from list show limits create send recv read write sem rm orphans clean metrics doctor top bench key completions man record history help" -f -a "sem" -d 'Operate on a System V semaphore set (sem) or a POSIX named semaphore (psem)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand help; and not __fish_seen_subcommand_from list show limits create send recv read write sem rm orphans clean metrics doctor top bench key completions man record history help" -f -a "rm" -d 'Remove objects; refuses objects held by live processes unless --force'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand help; and not __fish_seen_subcommand_from list show limits create send recv read write sem rm orphans clean metrics doctor top bench key completions man record history help" -f -a "orphans" -d 'Objects no live process holds, with the evidence for each'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand help; and not __fish_seen_subcommand_from list show limits create send recv read write sem rm orphans clean metrics doctor top bench key completions man record history help" -f -a "clean" -d 'Remove orphaned objects (a dry run that prints the plan unless --yes)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand help; and not __fish_seen_subcommand_from list show limits create send recv read write sem rm orphans clean metrics doctor top bench key completions man record history help" -f -a "metrics" -d 'Print metrics in the Prometheus text format (node_exporter textfile collector)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand help; and not __fish_seen_subcommand_from list show limits create send recv read write sem rm orphans clean metrics doctor top bench key completions man record history help" -f -a "doctor" -d 'Explain IPC resource exhaustion: each limit, its use, the top consumers and a verdict'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand help; and not __fish_seen_subcommand_from list show limits create send recv read write sem rm orphans clean metrics doctor top bench key completions man record history help" -f -a "top" -d 'A live, refreshing view of objects per owner and kind, with what was created and destroyed since the start and in the last interval (a leak shows as a steady rate)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand help; and not __fish_seen_subcommand_from list show limits create send recv read write sem rm orphans clean metrics doctor top bench key completions man record history help" -f -a "bench" -d 'Measure IPC latency and throughput of each mechanism on this machine'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand help; and not __fish_seen_subcommand_from list show limits create send recv read write sem rm orphans clean metrics doctor top bench key completions man record history help" -f -a "key" -d 'Print the System V key ftok(3) makes from PATH and PROJ, as glibc computes it'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand help; and not __fish_seen_subcommand_from list show limits create send recv read write sem rm orphans clean metrics doctor top bench key completions man record history help" -f -a "completions" -d 'Print shell completions to stdout'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand help; and not __fish_seen_subcommand_from list show limits create send recv read write sem rm orphans clean metrics doctor top bench key completions man record history help" -f -a "man" -d 'Write man pages (one per subcommand) into DIR'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand help; and not __fish_seen_subcommand_from list show limits create send recv read write sem rm orphans clean metrics doctor top bench key completions man record history help" -f -a "record" -d 'Record who creates every IPC object (pid, command, user, unit or container) and how that process ends, in the journal (--journal), until stopped. POSIX objects through fanotify, System V by reading /proc/sysvipc, exits through the proc connector. Needs CAP_SYS_ADMIN (fanotify) and CAP_NET_ADMIN (exit codes); runs in the foreground (contrib/systemd/ipcctl-record.service runs it as a service)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand help; and not __fish_seen_subcommand_from list show limits create send recv read write sem rm orphans clean metrics doctor top bench key completions man record history help" -f -a "history" -d 'Print what the recorder journaled (created, removed, renamed, creator exited, gaps), newest last; with REF, only that object\'s events'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand help; and not __fish_seen_subcommand_from list show limits create send recv read write sem rm orphans clean metrics doctor top bench key completions man record history help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand help; and __fish_seen_subcommand_from sem" -f -a "get" -d 'Print the value(s)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand help; and __fish_seen_subcommand_from sem" -f -a "post" -d 'Increment (V)'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand help; and __fish_seen_subcommand_from sem" -f -a "wait" -d 'Decrement (P), waiting while the value is 0'
complete -c ipcctl -n "__fish_ipcctl_using_subcommand help; and __fish_seen_subcommand_from sem" -f -a "set" -d 'Set values: one value with --index, or all with a comma-separated list (sem only)'

# Live references (KIND:IDENT) for REF arguments, from `ipcctl __complete`.
complete -c ipcctl -n "__fish_seen_subcommand_from show rm send recv read write sem" -f -a "(ipcctl __complete refs --fish --for (commandline -opc)[2] (commandline -ct) 2>/dev/null)"
