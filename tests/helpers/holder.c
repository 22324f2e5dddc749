/* A process that creates and holds IPC objects for the orphan tests, then waits to be
 * killed. Compiled at test time with `cc` (tests/it/orphans.rs); single-threaded (but for
 * msgwait's waiter thread), so no fork-in-a-threaded-harness hazards.
 *
 * usage: holder OP ARG [OP ARG ...] [exit]
 *   shm KEY      create a 4 KiB segment and stay attached
 *   shmrm KEY    create, attach, then IPC_RMID (removed while attached)
 *   shmtouch ID  attach to an existing segment and detach again
 *   msg KEY      create a queue and send one message
 *   sem KEY      create a set of 2 and semop +1 on semaphore 0
 *   semop ID     semop +1 on semaphore 0 of an existing set
 *   pmq NAME     create a 4 x 64 B queue and keep it open
 *   pmqul NAME   as pmq, then mq_unlink it (unlinked but still open)
 *   pshm NAME    create a 4 KiB object, map it, close the fd
 *   pshmul NAME  as pshm, then shm_unlink it (unlinked but still mapped)
 *   psem NAME    sem_open(O_CREAT) and keep it
 *   msgwait ID   a second thread blocks in msgrcv(ID, type 2) (the main thread only waits)
 *   mapfile PATH create or open PATH (any path: an alias of /dev/shm), size 4 KiB, map it,
 *                close the fd
 *   openfile PATH create or open PATH and keep the fd open (not mapped)
 *   mode OCTAL   objects created after this get mode OCTAL (default 0600; the umask is cleared)
 *   exit         exit instead of waiting (after printing the ids)
 * Prints one line "ready K=V ..." (ids of created SysV objects) when done; exits 1 on error.
 * KEY is hex (0x...), NAME has no leading slash.
 */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <pthread.h>
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
#include <unistd.h>

static int mode = 0600;

static void die(const char *what, const char *arg) {
    fprintf(stderr, "holder: %s %s: %s\n", what, arg, strerror(errno));
    exit(1);
}

static char *slash(const char *name) {
    static char buf[512];
    snprintf(buf, sizeof buf, "/%s", name);
    return buf;
}

static void *msg_waiter(void *arg) {
    struct { long mtype; char text[64]; } m;
    /* Type 2 never arrives: the thread stays blocked in msgrcv. */
    msgrcv((int)(long)arg, &m, sizeof m.text, 2, 0);
    return NULL;
}

int main(int argc, char **argv) {
    char out[4096] = "ready";
    int stay = 1;
    for (int i = 1; i < argc; i++) {
        const char *op = argv[i];
        if (strcmp(op, "exit") == 0) {
            stay = 0;
            continue;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "holder: %s needs an argument\n", op);
            return 2;
        }
        const char *arg = argv[++i];
        char kv[128] = "";
        if (strcmp(op, "shm") == 0 || strcmp(op, "shmrm") == 0) {
            key_t key = (key_t)strtoul(arg, NULL, 16);
            int id = shmget(key, 4096, IPC_CREAT | IPC_EXCL | mode);
            if (id < 0) die("shmget", arg);
            void *p = shmat(id, NULL, 0);
            if (p == (void *)-1) die("shmat", arg);
            memset(p, 1, 16);
            if (strcmp(op, "shmrm") == 0 && shmctl(id, IPC_RMID, NULL) != 0) die("IPC_RMID", arg);
            snprintf(kv, sizeof kv, " %s=%d", op, id);
        } else if (strcmp(op, "mode") == 0) {
            mode = (int)strtol(arg, NULL, 8);
            umask(0);
        } else if (strcmp(op, "shmtouch") == 0) {
            void *p = shmat(atoi(arg), NULL, 0);
            if (p == (void *)-1) die("shmat", arg);
            if (shmdt(p) != 0) die("shmdt", arg);
        } else if (strcmp(op, "msg") == 0) {
            key_t key = (key_t)strtoul(arg, NULL, 16);
            int id = msgget(key, IPC_CREAT | IPC_EXCL | mode);
            if (id < 0) die("msgget", arg);
            struct { long mtype; char text[8]; } m = {1, "hello"};
            if (msgsnd(id, &m, 5, IPC_NOWAIT) != 0) die("msgsnd", arg);
            snprintf(kv, sizeof kv, " msg=%d", id);
        } else if (strcmp(op, "sem") == 0 || strcmp(op, "semop") == 0) {
            int id;
            if (strcmp(op, "sem") == 0) {
                key_t key = (key_t)strtoul(arg, NULL, 16);
                id = semget(key, 2, IPC_CREAT | IPC_EXCL | mode);
                if (id < 0) die("semget", arg);
                snprintf(kv, sizeof kv, " sem=%d", id);
            } else {
                id = atoi(arg);
            }
            struct sembuf b = {0, 1, 0};
            if (semop(id, &b, 1) != 0) die("semop", arg);
        } else if (strcmp(op, "pmq") == 0 || strcmp(op, "pmqul") == 0) {
            struct mq_attr a = {0};
            a.mq_maxmsg = 4;
            a.mq_msgsize = 64;
            if (mq_open(slash(arg), O_CREAT | O_EXCL | O_RDWR, mode, &a) == (mqd_t)-1) die("mq_open", arg);
            if (strcmp(op, "pmqul") == 0 && mq_unlink(slash(arg)) != 0) die("mq_unlink", arg);
        } else if (strcmp(op, "pshm") == 0 || strcmp(op, "pshmul") == 0) {
            int fd = shm_open(slash(arg), O_CREAT | O_EXCL | O_RDWR, mode);
            if (fd < 0) die("shm_open", arg);
            if (ftruncate(fd, 4096) != 0) die("ftruncate", arg);
            void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
            if (p == MAP_FAILED) die("mmap", arg);
            memset(p, 1, 16);
            close(fd);
            if (strcmp(op, "pshmul") == 0 && shm_unlink(slash(arg)) != 0) die("shm_unlink", arg);
        } else if (strcmp(op, "msgwait") == 0) {
            pthread_t t;
            if (pthread_create(&t, NULL, msg_waiter, (void *)(long)atoi(arg)) != 0) die("pthread_create", arg);
        } else if (strcmp(op, "mapfile") == 0 || strcmp(op, "openfile") == 0) {
            int fd = open(arg, O_CREAT | O_RDWR, 0600);
            if (fd < 0) die("open", arg);
            if (ftruncate(fd, 4096) != 0) die("ftruncate", arg);
            if (strcmp(op, "mapfile") == 0) {
                void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
                if (p == MAP_FAILED) die("mmap", arg);
                close(fd);
            }
        } else if (strcmp(op, "psem") == 0) {
            if (sem_open(slash(arg), O_CREAT | O_EXCL, mode, 1) == SEM_FAILED) die("sem_open", arg);
        } else {
            fprintf(stderr, "holder: unknown op %s\n", op);
            return 2;
        }
        strncat(out, kv, sizeof out - strlen(out) - 1);
    }
    printf("%s\n", out);
    fflush(stdout);
    if (stay)
        for (;;) pause();
    return 0;
}
