/* A process whose main thread leaves the IPC namespace while a worker thread stays and waits
 * in msgrcv on a queue of the original namespace (issue 18, attacker pass 2).
 *
 *   ipc_thread MSQID
 *
 * Prints "ready tid=TID" once the worker is about to block and the main thread has
 * unshared its IPC namespace, then waits.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/msg.h>
#include <sys/syscall.h>
#include <unistd.h>

static int msqid;
static volatile pid_t worker_tid;

static void *worker(void *arg) {
    (void)arg;
    worker_tid = (pid_t)syscall(SYS_gettid);
    struct { long type; char text[64]; } m;
    for (;;)
        if (msgrcv(msqid, &m, sizeof m.text, 999, 0) < 0) { perror("msgrcv"); exit(1); }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: ipc_thread MSQID\n"); return 2; }
    msqid = atoi(argv[1]);
    pthread_t t;
    if (pthread_create(&t, NULL, worker, NULL)) { perror("pthread_create"); return 1; }
    while (!worker_tid) usleep(1000);
    if (unshare(CLONE_NEWIPC)) { perror("unshare"); return 1; }
    printf("ready tid=%d\n", (int)worker_tid);
    fflush(stdout);
    for (;;) pause();
}
