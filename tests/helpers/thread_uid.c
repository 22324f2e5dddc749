/* A process whose threads hold different credentials (issue 18, attacker pass).
 *
 *   thread_uid OWNER OTHER NAME
 *
 * A worker thread switches to uid/gid OWNER with raw setresuid/setresgid (per-thread
 * credentials), creates /dev/shm/NAME (mode 0600) and closes it: it will reopen it by name
 * and keeps no descriptor or mapping. The main thread then switches to OTHER. /proc/PID/status
 * shows OTHER; only /proc/PID/task/TID/status shows OWNER. Prints "ready tid=TID" and waits.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static pthread_barrier_t made;
static unsigned owner;
static const char *name;
static pid_t worker_tid;

static void die(const char *what) { perror(what); exit(1); }

static void *worker(void *arg) {
    (void)arg;
    if (syscall(SYS_setresgid, owner, owner, owner) || syscall(SYS_setresuid, owner, owner, owner))
        die("worker setresuid");
    char path[512];
    snprintf(path, sizeof path, "/dev/shm/%s", name);
    int fd = open(path, O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd < 0) die("create");
    if (write(fd, "precious", 8) != 8) die("write");
    close(fd);
    worker_tid = (pid_t)syscall(SYS_gettid);
    pthread_barrier_wait(&made);
    for (;;) pause();
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: thread_uid OWNER OTHER NAME\n"); return 2; }
    owner = (unsigned)atoi(argv[1]);
    unsigned other = (unsigned)atoi(argv[2]);
    name = argv[3];
    umask(0);
    if (syscall(SYS_setgroups, 0, NULL)) die("setgroups");
    pthread_barrier_init(&made, NULL, 2);
    pthread_t t;
    if (pthread_create(&t, NULL, worker, NULL)) die("pthread_create");
    pthread_barrier_wait(&made);
    if (syscall(SYS_setresgid, other, other, other) || syscall(SYS_setresuid, other, other, other))
        die("main setresuid");
    printf("ready tid=%d\n", worker_tid);
    fflush(stdout);
    for (;;) pause();
}
