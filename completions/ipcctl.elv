
use builtin;
use str;

set edit:completion:arg-completer[ipcctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'ipcctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'ipcctl'= {
            cand --color 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never'
            cand --ns 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root'
            cand --clock-tolerance 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d'
            cand --profiles 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence'
            cand --json 'Print typed JSON instead of a table'
            cand -q 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand --quiet 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand -v 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand --verbose 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List IPC objects of the given kinds (default: all six) in one table'
            cand ls 'List IPC objects of the given kinds (default: all six) in one table'
            cand show 'Show everything known about one object'
            cand limits 'Kernel IPC limits with current use (System V, POSIX mq, /dev/shm, RLIMIT_MSGQUEUE)'
            cand create 'Create an IPC object and print its reference'
            cand send 'Send one message to a System V (msg) or POSIX (pmq) queue'
            cand recv 'Receive (or peek at) messages from a msg or pmq queue'
            cand read 'Read bytes of a shm or pshm segment'
            cand write 'Write bytes into a shm or pshm segment'
            cand sem 'Operate on a System V semaphore set (sem) or a POSIX named semaphore (psem)'
            cand rm 'Remove objects; refuses objects held by live processes unless --force'
            cand orphans 'Objects no live process holds, with the evidence for each'
            cand clean 'Remove orphaned objects (a dry run that prints the plan unless --yes)'
            cand metrics 'Print metrics in the Prometheus text format (node_exporter textfile collector)'
            cand doctor 'Explain IPC resource exhaustion: each limit, its use, the top consumers and a verdict'
            cand top 'A live, refreshing view of objects per owner and kind, with what was created and destroyed since the start and in the last interval (a leak shows as a steady rate)'
            cand bench 'Measure IPC latency and throughput of each mechanism on this machine'
            cand completions 'Print shell completions to stdout'
            cand man 'Write man pages (one per subcommand) into DIR'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ipcctl;list'= {
            cand --owner 'Only objects owned by USER (name or numeric uid)'
            cand --older-than 'Only objects whose ctime is older than DUR (e.g. 90s, 2h, 3days)'
            cand --name 'Only POSIX objects whose name matches GLOB (without the leading ''/'')'
            cand --key 'Only System V objects with this key (hex, e.g. 0x0000abcd)'
            cand --app 'Only objects that an application profile names APP (the APP column, e.g. pytorch)'
            cand -o 'Columns to print, comma separated: ns, kind, ref, id, key, name, owner, group, perms, size, use, holders, cpid, lpid, lrpid, cuid, cgid, age, ctime, atime, dtime, stime, rtime, otime, mtime, state, why, app'
            cand --output 'Columns to print, comma separated: ns, kind, ref, id, key, name, owner, group, perms, size, use, holders, cpid, lpid, lrpid, cuid, cgid, age, ctime, atime, dtime, stime, rtime, otime, mtime, state, why, app'
            cand --sort 'Sort by this column (same names as -o); `-COL` sorts descending (`--sort -size`)'
            cand --color 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never'
            cand --ns 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root'
            cand --clock-tolerance 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d'
            cand --profiles 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence'
            cand --unused 'Only objects nobody uses (no holder, nattch 0)'
            cand --no-headings 'Do not print the header line'
            cand --bytes 'Print sizes in bytes instead of human units'
            cand --orphans 'Classify each object (in-use, orphan, ...) and add a STATE column'
            cand -A 'Every IPC namespace on the host (containers), with a NAMESPACE column. Needs root'
            cand --all-namespaces 'Every IPC namespace on the host (containers), with a NAMESPACE column. Needs root'
            cand --json 'Print typed JSON instead of a table'
            cand -q 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand --quiet 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand -v 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand --verbose 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ipcctl;ls'= {
            cand --owner 'Only objects owned by USER (name or numeric uid)'
            cand --older-than 'Only objects whose ctime is older than DUR (e.g. 90s, 2h, 3days)'
            cand --name 'Only POSIX objects whose name matches GLOB (without the leading ''/'')'
            cand --key 'Only System V objects with this key (hex, e.g. 0x0000abcd)'
            cand --app 'Only objects that an application profile names APP (the APP column, e.g. pytorch)'
            cand -o 'Columns to print, comma separated: ns, kind, ref, id, key, name, owner, group, perms, size, use, holders, cpid, lpid, lrpid, cuid, cgid, age, ctime, atime, dtime, stime, rtime, otime, mtime, state, why, app'
            cand --output 'Columns to print, comma separated: ns, kind, ref, id, key, name, owner, group, perms, size, use, holders, cpid, lpid, lrpid, cuid, cgid, age, ctime, atime, dtime, stime, rtime, otime, mtime, state, why, app'
            cand --sort 'Sort by this column (same names as -o); `-COL` sorts descending (`--sort -size`)'
            cand --color 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never'
            cand --ns 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root'
            cand --clock-tolerance 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d'
            cand --profiles 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence'
            cand --unused 'Only objects nobody uses (no holder, nattch 0)'
            cand --no-headings 'Do not print the header line'
            cand --bytes 'Print sizes in bytes instead of human units'
            cand --orphans 'Classify each object (in-use, orphan, ...) and add a STATE column'
            cand -A 'Every IPC namespace on the host (containers), with a NAMESPACE column. Needs root'
            cand --all-namespaces 'Every IPC namespace on the host (containers), with a NAMESPACE column. Needs root'
            cand --json 'Print typed JSON instead of a table'
            cand -q 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand --quiet 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand -v 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand --verbose 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ipcctl;show'= {
            cand --color 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never'
            cand --ns 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root'
            cand --clock-tolerance 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d'
            cand --profiles 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence'
            cand --bytes 'Print sizes in bytes instead of human units'
            cand --json 'Print typed JSON instead of a table'
            cand -q 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand --quiet 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand -v 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand --verbose 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ipcctl;limits'= {
            cand --color 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never'
            cand --ns 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root'
            cand --clock-tolerance 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d'
            cand --profiles 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence'
            cand --json 'Print typed JSON instead of a table'
            cand -q 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand --quiet 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand -v 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand --verbose 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ipcctl;create'= {
            cand --key 'System V key (hex); default: a fresh random key, created exclusively'
            cand --mode 'Permission bits in octal (the umask is not applied)'
            cand --size 'Size of a shm or pshm segment (accepts 4K, 1M, 1G)'
            cand --nsems 'Number of semaphores in a sem set (default: as many as --values, else 1)'
            cand --values 'Initial values of a sem set, comma separated, one per semaphore (default: all 0)'
            cand --value 'Initial value of a psem'
            cand --max-messages 'Maximum messages of a pmq (default: /proc/sys/fs/mqueue/msg_default; checked against msg_max and RLIMIT_MSGQUEUE before creating)'
            cand --message-size 'Maximum message size of a pmq in bytes (default: msgsize_default; checked against msgsize_max)'
            cand --max-bytes 'Maximum bytes on a msg queue (msg_qbytes)'
            cand --color 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never'
            cand --ns 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root'
            cand --clock-tolerance 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d'
            cand --profiles 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence'
            cand --exist-ok 'Succeed (and print its reference) when the object already exists; it is left as it is'
            cand --json 'Print typed JSON instead of a table'
            cand -q 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand --quiet 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand -v 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand --verbose 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ipcctl;send'= {
            cand --file 'Read the message from FILE'
            cand --type 'Message type (msg); must be > 0'
            cand --priority 'Message priority (pmq), 0..32767; higher priorities are received first'
            cand --timeout 'Give up after DUR when the queue is full'
            cand --color 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never'
            cand --ns 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root'
            cand --clock-tolerance 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d'
            cand --profiles 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence'
            cand --nowait 'Fail at once when the queue is full'
            cand --json 'Print typed JSON instead of a table'
            cand -q 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand --quiet 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand -v 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand --verbose 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ipcctl;recv'= {
            cand --type 'Message type (msg): 0 = first message, N > 0 = first of type N, N < 0 = first of the lowest type <= |N|'
            cand --count 'Number of messages to receive'
            cand --timeout 'Give up after DUR (for all --count messages) when the queue is empty'
            cand --delimiter 'Write STR after each message body (\n, \t, \0 and \\ are understood). Default: a newline on a terminal (unless the body ends with one), nothing in a pipe or file, so binary bodies stay byte-exact'
            cand --color 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never'
            cand --ns 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root'
            cand --clock-tolerance 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d'
            cand --profiles 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence'
            cand --nowait 'Fail at once when the queue is empty'
            cand --peek 'Read without removing (msg only; needs MSG_COPY, i.e. CONFIG_CHECKPOINT_RESTORE, and is refused where the kernel lacks it; POSIX queues have no peek)'
            cand -0 'End each message body with a NUL byte (for `xargs -0`); short for --delimiter ''\0'''
            cand --null 'End each message body with a NUL byte (for `xargs -0`); short for --delimiter ''\0'''
            cand --json 'Print typed JSON instead of a table'
            cand -q 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand --quiet 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand -v 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand --verbose 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ipcctl;read'= {
            cand --offset 'Byte offset to start at (accepts 4K, 1M)'
            cand --length 'Number of bytes (default: to the end; accepts 4K, 1M)'
            cand --color 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never'
            cand --ns 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root'
            cand --clock-tolerance 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d'
            cand --profiles 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence'
            cand --hex 'Print a hexdump (offset, hex bytes, ASCII) instead of raw bytes'
            cand --json 'Print typed JSON instead of a table'
            cand -q 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand --quiet 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand -v 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand --verbose 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ipcctl;write'= {
            cand --file 'Read the bytes from FILE'
            cand --offset 'Byte offset to start at (accepts 4K, 1M)'
            cand --color 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never'
            cand --ns 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root'
            cand --clock-tolerance 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d'
            cand --profiles 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence'
            cand --json 'Print typed JSON instead of a table'
            cand -q 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand --quiet 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand -v 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand --verbose 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ipcctl;sem'= {
            cand --color 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never'
            cand --ns 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root'
            cand --clock-tolerance 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d'
            cand --profiles 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence'
            cand --json 'Print typed JSON instead of a table'
            cand -q 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand --quiet 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand -v 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand --verbose 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand get 'Print the value(s)'
            cand post 'Increment (V)'
            cand wait 'Decrement (P), waiting while the value is 0'
            cand set 'Set values: one value with --index, or all with a comma-separated list (sem only)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ipcctl;sem;get'= {
            cand --index 'Semaphore index in a sem set'
            cand --color 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never'
            cand --ns 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root'
            cand --clock-tolerance 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d'
            cand --profiles 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence'
            cand --json 'Print typed JSON instead of a table'
            cand -q 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand --quiet 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand -v 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand --verbose 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ipcctl;sem;post'= {
            cand --index 'Semaphore index in a sem set'
            cand --color 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never'
            cand --ns 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root'
            cand --clock-tolerance 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d'
            cand --profiles 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence'
            cand --json 'Print typed JSON instead of a table'
            cand -q 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand --quiet 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand -v 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand --verbose 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ipcctl;sem;wait'= {
            cand --index 'Semaphore index in a sem set'
            cand --timeout 'Give up after DUR'
            cand --color 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never'
            cand --ns 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root'
            cand --clock-tolerance 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d'
            cand --profiles 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence'
            cand --nowait 'Fail at once when the value is 0'
            cand --json 'Print typed JSON instead of a table'
            cand -q 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand --quiet 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand -v 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand --verbose 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ipcctl;sem;set'= {
            cand --index 'Semaphore index in a sem set'
            cand --color 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never'
            cand --ns 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root'
            cand --clock-tolerance 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d'
            cand --profiles 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence'
            cand --json 'Print typed JSON instead of a table'
            cand -q 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand --quiet 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand -v 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand --verbose 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ipcctl;sem;help'= {
            cand get 'Print the value(s)'
            cand post 'Increment (V)'
            cand wait 'Decrement (P), waiting while the value is 0'
            cand set 'Set values: one value with --index, or all with a comma-separated list (sem only)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ipcctl;sem;help;get'= {
        }
        &'ipcctl;sem;help;post'= {
        }
        &'ipcctl;sem;help;wait'= {
        }
        &'ipcctl;sem;help;set'= {
        }
        &'ipcctl;sem;help;help'= {
        }
        &'ipcctl;rm'= {
            cand --owner 'Only objects owned by USER (name or numeric uid)'
            cand --older-than 'Only objects whose ctime is older than DUR (e.g. 90s, 2h, 3days)'
            cand --name 'Only POSIX objects whose name matches GLOB (without the leading ''/'')'
            cand --key 'Only System V objects with this key (hex, e.g. 0x0000abcd)'
            cand --app 'Only objects that an application profile names APP (the APP column, e.g. pytorch)'
            cand --color 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never'
            cand --ns 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root'
            cand --clock-tolerance 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d'
            cand --profiles 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence'
            cand --all 'Remove every object of the given kinds that matches the filters'
            cand --unused 'Only objects nobody uses (no holder, nattch 0)'
            cand -n 'Print what would be removed, remove nothing'
            cand --dry-run 'Print what would be removed, remove nothing'
            cand -f 'Remove even objects that live processes hold (only that: --all without a filter also needs --yes)'
            cand --force 'Remove even objects that live processes hold (only that: --all without a filter also needs --yes)'
            cand -y 'With --all and no filter: yes, every object of the kinds'
            cand --yes 'With --all and no filter: yes, every object of the kinds'
            cand --json 'Print typed JSON instead of a table'
            cand -q 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand --quiet 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand -v 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand --verbose 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ipcctl;orphans'= {
            cand --owner 'Only objects owned by USER (name or numeric uid)'
            cand --older-than 'Only objects whose ctime is older than DUR (e.g. 90s, 2h, 3days)'
            cand --name 'Only POSIX objects whose name matches GLOB (without the leading ''/'')'
            cand --key 'Only System V objects with this key (hex, e.g. 0x0000abcd)'
            cand --app 'Only objects that an application profile names APP (the APP column, e.g. pytorch)'
            cand -o 'Columns to print, comma separated: ns, kind, ref, id, key, name, owner, group, perms, size, use, holders, cpid, lpid, lrpid, cuid, cgid, age, ctime, atime, dtime, stime, rtime, otime, mtime, state, why, app'
            cand --output 'Columns to print, comma separated: ns, kind, ref, id, key, name, owner, group, perms, size, use, holders, cpid, lpid, lrpid, cuid, cgid, age, ctime, atime, dtime, stime, rtime, otime, mtime, state, why, app'
            cand --sort 'Sort by this column (same names as -o); `-COL` sorts descending (`--sort -size`)'
            cand --color 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never'
            cand --ns 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root'
            cand --clock-tolerance 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d'
            cand --profiles 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence'
            cand --unused 'Only objects nobody uses (no holder, nattch 0)'
            cand --no-headings 'Do not print the header line'
            cand --bytes 'Print sizes in bytes instead of human units'
            cand --check 'Exit 1 when orphans exist (for monitoring)'
            cand --all 'Also list in-use objects (by default only orphan, likely-orphan, unknown, unlinked-mapped, marked-for-deletion)'
            cand -A 'Every IPC namespace on the host (containers), with a NAMESPACE column. Needs root'
            cand --all-namespaces 'Every IPC namespace on the host (containers), with a NAMESPACE column. Needs root'
            cand --json 'Print typed JSON instead of a table'
            cand -q 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand --quiet 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand -v 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand --verbose 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ipcctl;clean'= {
            cand --owner 'Only objects owned by USER (name or numeric uid)'
            cand --older-than 'Only objects whose ctime is older than DUR (e.g. 90s, 2h, 3days)'
            cand --name 'Only POSIX objects whose name matches GLOB (without the leading ''/'')'
            cand --key 'Only System V objects with this key (hex, e.g. 0x0000abcd)'
            cand --app 'Only objects that an application profile names APP (the APP column, e.g. pytorch)'
            cand --color 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never'
            cand --ns 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root'
            cand --clock-tolerance 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d'
            cand --profiles 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence'
            cand --unused 'Only objects nobody uses (no holder, nattch 0)'
            cand --include-likely 'Also remove likely-orphans'
            cand -y 'Really remove (without it, only the plan is printed)'
            cand --yes 'Really remove (without it, only the plan is printed)'
            cand --json 'Print typed JSON instead of a table'
            cand -q 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand --quiet 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand -v 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand --verbose 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ipcctl;metrics'= {
            cand --textfile 'Write to FILE atomically (a temporary file renamed over it), as the node_exporter textfile collector wants, instead of stdout'
            cand --color 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never'
            cand --ns 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root'
            cand --clock-tolerance 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d'
            cand --profiles 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence'
            cand -A 'Every IPC namespace on the host, with a `namespace` label. Needs root'
            cand --all-namespaces 'Every IPC namespace on the host, with a `namespace` label. Needs root'
            cand --json 'Print typed JSON instead of a table'
            cand -q 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand --quiet 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand -v 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand --verbose 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ipcctl;doctor'= {
            cand --threshold 'Exit 1 when a limit is used above this percentage (0 to 100)'
            cand --color 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never'
            cand --ns 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root'
            cand --clock-tolerance 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d'
            cand --profiles 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence'
            cand -A 'Check every IPC namespace on the host (each has its own System V and mq limits)'
            cand --all-namespaces 'Check every IPC namespace on the host (each has its own System V and mq limits)'
            cand --json 'Print typed JSON instead of a table'
            cand -q 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand --quiet 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand -v 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand --verbose 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ipcctl;top'= {
            cand --interval 'Time between refreshes'
            cand -n 'Stop after N refreshes (default: until q or Ctrl-C)'
            cand --iterations 'Stop after N refreshes (default: until q or Ctrl-C)'
            cand --color 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never'
            cand --ns 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root'
            cand --clock-tolerance 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d'
            cand --profiles 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence'
            cand --json 'Print typed JSON instead of a table'
            cand -q 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand --quiet 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand -v 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand --verbose 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ipcctl;bench'= {
            cand --sizes 'Message sizes, comma separated, 1 byte to 64M (accepts 4K, 1M) [default: 64,4096,65536]. A mechanism that cannot carry a size says so and skips it'
            cand --placement 'Where the two processes run: both pinned to one CPU, pinned to two CPUs, both placements, or left to the scheduler'
            cand --iterations 'Round trips (and streamed messages) per measurement [default: 10000, each phase stopping after 0.25 s]'
            cand --duration 'Measure each phase for DUR instead of a number of iterations (e.g. 2s, 500ms; at most 1h)'
            cand --rate 'Paced (open-loop) mode: send N requests per second on a fixed schedule and measure each latency from its intended send time, so a stall counts against every request it delayed (coordinated omission corrected). 1/s to 10000000/s'
            cand --plot 'Draw the latency percentiles per point and throughput against size into an SVG file'
            cand --save 'Save the run (results, machine header, parameters and round-trip quartiles) as JSON'
            cand --compare 'Compare each point with a run saved by --save: print the ratio and mark changes beyond the run-to-run noise (p25-p75 ranges apart and p50s 1.5x apart; throughput 1.5x apart). With --json, prints {"results": [...], "comparison": [...]}'
            cand --warmup 'Round trips before each measurement, not recorded [default: a tenth of the iterations, at most 1000]'
            cand --color 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never'
            cand --ns 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root'
            cand --clock-tolerance 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d'
            cand --profiles 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence'
            cand --histogram 'Print a text histogram of the round trips of each point'
            cand --markdown 'Print a Markdown table (for pasting into docs)'
            cand --json 'Print typed JSON instead of a table'
            cand -q 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand --quiet 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand -v 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand --verbose 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ipcctl;completions'= {
            cand --color 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never'
            cand --ns 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root'
            cand --clock-tolerance 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d'
            cand --profiles 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence'
            cand --json 'Print typed JSON instead of a table'
            cand -q 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand --quiet 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand -v 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand --verbose 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ipcctl;man'= {
            cand --color 'When to use colour: auto (only on a terminal, and not when NO_COLOR is set), always, never'
            cand --ns 'Operate in the IPC namespace of process PID (a container''s, say): its System V objects, POSIX queues and limits, and the POSIX shm/semaphores of its /dev/shm (read through /proc/PID/root). Needs root'
            cand --clock-tolerance 'How long after an object''s last activity a process may seem to have started and still count as the pid recorded on it (not a reused pid). Process start times move with every step of the wall clock, so this covers clock steps. From 0s to 7d'
            cand --profiles 'Also read application profiles (DIR/*.toml), over /etc/ipcctl/profiles.d and the built-in ones; an app defined there replaces the one of the same name. They fill the APP column (-o app) and sharpen orphan evidence'
            cand --json 'Print typed JSON instead of a table'
            cand -q 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand --quiet 'Print no warnings, notes or progress on stderr, only errors (data still goes to stdout); `orphans --check -q` prints nothing: the exit code is the answer'
            cand -v 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand --verbose 'Print more detail where there is more to say: each message''s header (recv, on stderr), what send and write did, the machine and parameters of a bench run'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ipcctl;help'= {
            cand list 'List IPC objects of the given kinds (default: all six) in one table'
            cand show 'Show everything known about one object'
            cand limits 'Kernel IPC limits with current use (System V, POSIX mq, /dev/shm, RLIMIT_MSGQUEUE)'
            cand create 'Create an IPC object and print its reference'
            cand send 'Send one message to a System V (msg) or POSIX (pmq) queue'
            cand recv 'Receive (or peek at) messages from a msg or pmq queue'
            cand read 'Read bytes of a shm or pshm segment'
            cand write 'Write bytes into a shm or pshm segment'
            cand sem 'Operate on a System V semaphore set (sem) or a POSIX named semaphore (psem)'
            cand rm 'Remove objects; refuses objects held by live processes unless --force'
            cand orphans 'Objects no live process holds, with the evidence for each'
            cand clean 'Remove orphaned objects (a dry run that prints the plan unless --yes)'
            cand metrics 'Print metrics in the Prometheus text format (node_exporter textfile collector)'
            cand doctor 'Explain IPC resource exhaustion: each limit, its use, the top consumers and a verdict'
            cand top 'A live, refreshing view of objects per owner and kind, with what was created and destroyed since the start and in the last interval (a leak shows as a steady rate)'
            cand bench 'Measure IPC latency and throughput of each mechanism on this machine'
            cand completions 'Print shell completions to stdout'
            cand man 'Write man pages (one per subcommand) into DIR'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ipcctl;help;list'= {
        }
        &'ipcctl;help;show'= {
        }
        &'ipcctl;help;limits'= {
        }
        &'ipcctl;help;create'= {
        }
        &'ipcctl;help;send'= {
        }
        &'ipcctl;help;recv'= {
        }
        &'ipcctl;help;read'= {
        }
        &'ipcctl;help;write'= {
        }
        &'ipcctl;help;sem'= {
            cand get 'Print the value(s)'
            cand post 'Increment (V)'
            cand wait 'Decrement (P), waiting while the value is 0'
            cand set 'Set values: one value with --index, or all with a comma-separated list (sem only)'
        }
        &'ipcctl;help;sem;get'= {
        }
        &'ipcctl;help;sem;post'= {
        }
        &'ipcctl;help;sem;wait'= {
        }
        &'ipcctl;help;sem;set'= {
        }
        &'ipcctl;help;rm'= {
        }
        &'ipcctl;help;orphans'= {
        }
        &'ipcctl;help;clean'= {
        }
        &'ipcctl;help;metrics'= {
        }
        &'ipcctl;help;doctor'= {
        }
        &'ipcctl;help;top'= {
        }
        &'ipcctl;help;bench'= {
        }
        &'ipcctl;help;completions'= {
        }
        &'ipcctl;help;man'= {
        }
        &'ipcctl;help;help'= {
        }
    ]
    $completions[$command]
}
