/* Fill a new private System V queue with N empty messages of type 1 and one of type 5 with
 * body "last" at the end; print its id. The queue's byte limit is the namespace's msgmnb,
 * which the test raises first (a user can, in an IPC namespace of their own).
 *
 *   fill_queue N
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: fill_queue N\n"); return 2; }
    long n = atol(argv[1]);
    int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    if (id < 0) { perror("msgget"); return 1; }
    struct { long type; char text[8]; } m = { 1, "" };
    for (long i = 0; i < n; i++)
        if (msgsnd(id, &m, 0, IPC_NOWAIT)) { perror("msgsnd"); return 1; }
    m.type = 5;
    memcpy(m.text, "last", 4);
    if (msgsnd(id, &m, 4, IPC_NOWAIT)) { perror("msgsnd last"); return 1; }
    printf("%d\n", id);
    return 0;
}
