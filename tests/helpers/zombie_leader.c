/* A process whose main thread exits (pthread_exit) while a worker thread lives on: the
 * leader becomes a zombie, its /proc/PID/ns/ links and root read ENOENT, and only
 * /proc/PID/task/TID shows where the process lives. Prints "ready PID" first. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *worker(void *arg) {
    (void)arg;
    sleep(600);
    return NULL;
}

int main(void) {
    pthread_t t;
    if (pthread_create(&t, NULL, worker, NULL) != 0)
        return 1;
    printf("ready %d\n", (int)getpid());
    fflush(stdout);
    pthread_exit(NULL);
}
