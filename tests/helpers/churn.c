/* Create and remove POSIX shared memory objects at a steady rate, for the recorder's
 * overflow test and scripts/bench-record.sh. Compiled at test time with `cc`.
 *
 * usage: churn PREFIX COUNT RATE
 *   creates /PREFIX-<n> (shm_open O_CREAT|O_EXCL, 0600) and unlinks it at once, COUNT times,
 *   RATE objects per second (0: as fast as possible). Prints "done COUNT SECONDS" at the end;
 *   exits 1 on an error.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: churn PREFIX COUNT RATE\n");
        return 2;
    }
    long count = atol(argv[2]);
    double rate = atof(argv[3]);
    double start = now();
    char name[256];
    for (long i = 0; i < count; i++) {
        if (rate > 0) {
            double due = start + i / rate;
            double t = now();
            if (due > t) {
                struct timespec d = {(time_t)(due - t), (long)((due - t - (time_t)(due - t)) * 1e9)};
                nanosleep(&d, NULL);
            }
        }
        snprintf(name, sizeof name, "/%s-%ld", argv[1], i);
        int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600);
        if (fd < 0) {
            perror(name);
            return 1;
        }
        close(fd);
        if (shm_unlink(name) != 0) {
            perror(name);
            return 1;
        }
    }
    printf("done %ld %.3f\n", count, now() - start);
    return 0;
}
