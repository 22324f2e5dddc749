/* Holders that only a per-thread scan finds (issue 18, cases 5 and 6). Compiled at test time
 * with `cc` (tests/it/proof.rs). Run as root: the objects are created with effective uid and
 * gid OWNER (so they are owned and created by OWNER, mode 0600) and the process then returns
 * to root, so no task of OWNER is left alive and only the holding decides the verdict.
 *
 * usage: threads MODE OWNER SHMKEY MSGKEY SEMKEY PMQ PSHM PSEM
 *   zombie  a worker thread creates all six kinds: it attaches the SysV segment, maps the
 *           POSIX segment and the named semaphore, keeps the POSIX queue open and blocks in
 *           msgrcv on the SysV queue; a second worker blocks in semop on the SysV set. The
 *           main thread then calls pthread_exit: the leader becomes a zombie.
 *   files   a worker thread calls unshare(CLONE_FILES), then opens (creates) the POSIX
 *           segment and the POSIX queue and keeps both fds, mapping nothing; the main thread
 *           never has them. SHMKEY, MSGKEY, SEMKEY and PSEM are ignored ("-").
 * Prints "ready shm=ID msg=ID sem=ID tid=TID" (ids of created SysV objects, the worker's tid)
 * once everything is made; exits 1 on error. KEY is hex (0x...), names have no leading slash.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static char **args;
static pthread_barrier_t made, back;
static int shm_id = -1, msg_id = -1, sem_id = -1;
static pid_t worker_tid;

static void die(const char *what) {
    fprintf(stderr, "threads: %s: %s\n", what, strerror(errno));
    exit(1);
}

static char *slash(const char *name) {
    static __thread char buf[512];
    snprintf(buf, sizeof buf, "/%s", name);
    return buf;
}

static mqd_t open_queue(void) {
    struct mq_attr a = {0};
    a.mq_maxmsg = 4;
    a.mq_msgsize = 64;
    mqd_t q = mq_open(slash(args[6]), O_CREAT | O_EXCL | O_RDWR, 0600, &a);
    if (q == (mqd_t)-1) die("mq_open");
    return q;
}

static void *zombie_worker(void *unused) {
    (void)unused;
    worker_tid = (pid_t)syscall(SYS_gettid);
    shm_id = shmget((key_t)strtoul(args[3], NULL, 16), 4096, IPC_CREAT | IPC_EXCL | 0600);
    if (shm_id < 0) die("shmget");
    if (shmat(shm_id, NULL, 0) == (void *)-1) die("shmat");
    msg_id = msgget((key_t)strtoul(args[4], NULL, 16), IPC_CREAT | IPC_EXCL | 0600);
    if (msg_id < 0) die("msgget");
    sem_id = semget((key_t)strtoul(args[5], NULL, 16), 1, IPC_CREAT | IPC_EXCL | 0600);
    if (sem_id < 0) die("semget");
    (void)open_queue(); /* kept open */
    int fd = shm_open(slash(args[7]), O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd < 0) die("shm_open");
    if (ftruncate(fd, 4096) != 0) die("ftruncate");
    if (mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED) die("mmap");
    close(fd);
    if (sem_open(slash(args[8]), O_CREAT | O_EXCL, 0600, 1) == SEM_FAILED) die("sem_open");
    pthread_barrier_wait(&made);
    pthread_barrier_wait(&back);
    /* Type 2 never arrives. Root now (CAP_IPC_OWNER): a retry after a signal is allowed. */
    struct { long mtype; char text[64]; } m;
    for (;;)
        if (msgrcv(msg_id, &m, sizeof m.text, 2, 0) < 0 && errno != EINTR) die("msgrcv");
    return NULL;
}

static void *sem_worker(void *unused) {
    (void)unused;
    pthread_barrier_wait(&back);
    struct sembuf b = {0, -1, 0}; /* the value is 0: blocks */
    for (;;)
        if (semop(sem_id, &b, 1) < 0 && errno != EINTR) die("semop");
    return NULL;
}

static void *files_worker(void *unused) {
    (void)unused;
    worker_tid = (pid_t)syscall(SYS_gettid);
    if (unshare(CLONE_FILES) != 0) die("unshare(CLONE_FILES)");
    (void)open_queue(); /* kept open, in this thread's own fd table */
    int fd = shm_open(slash(args[7]), O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd < 0) die("shm_open");
    if (ftruncate(fd, 4096) != 0) die("ftruncate");
    pthread_barrier_wait(&made);
    pthread_barrier_wait(&back);
    for (;;) pause();
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 9) {
        fprintf(stderr, "usage: threads zombie|files OWNER SHMKEY MSGKEY SEMKEY PMQ PSHM PSEM\n");
        return 2;
    }
    args = argv;
    int zombie = strcmp(argv[1], "zombie") == 0;
    if (!zombie && strcmp(argv[1], "files") != 0) {
        fprintf(stderr, "threads: unknown mode %s\n", argv[1]);
        return 2;
    }
    uid_t owner = (uid_t)atoi(argv[2]);
    umask(0);
    /* glibc applies set*id to every thread of the process. */
    if (setegid(owner) != 0 || seteuid(owner) != 0) die("seteuid(OWNER)");
    pthread_barrier_init(&made, NULL, 2);
    pthread_barrier_init(&back, NULL, zombie ? 3 : 2);
    pthread_t t;
    if (pthread_create(&t, NULL, zombie ? zombie_worker : files_worker, NULL) != 0) die("pthread_create");
    if (zombie && pthread_create(&t, NULL, sem_worker, NULL) != 0) die("pthread_create");
    pthread_barrier_wait(&made);
    if (seteuid(0) != 0 || setegid(0) != 0) die("seteuid(0)");
    printf("ready shm=%d msg=%d sem=%d tid=%d\n", shm_id, msg_id, sem_id, (int)worker_tid);
    fflush(stdout);
    pthread_barrier_wait(&back);
    if (zombie) pthread_exit(NULL);
    for (;;) pause();
}
