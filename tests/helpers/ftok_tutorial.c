/* The System V tutorials' pattern: a key from ftok(PATH, PROJ), then msgget/shmget/semget on
 * it. The tests compare what this prints with what ipcctl computes.
 *
 *   ftok_tutorial key PATH PROJ      print "0x%08x" of ftok(PATH, PROJ) (PROJ: a number, or
 *                                     one non-digit character used as its code, like 'A')
 *   ftok_tutorial create PATH PROJ   msgget, shmget (4096 B) and semget (1) on that key with
 *                                     IPC_CREAT | IPC_EXCL | 0600; print "key msgid shmid semid"
 *   ftok_tutorial collide DIR        create DIR/a, then create and unlink files in DIR until one
 *                                     gets an inode with the same low 16 bits (a fresh tmpfs
 *                                     numbers inodes in order), keep it as DIR/b; print both
 *                                     inodes and ftok(DIR/a, 'A') and ftok(DIR/b, 'A')
 */
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

static int proj_of(const char *s) {
    if (strlen(s) == 1 && !isdigit((unsigned char)s[0])) return (unsigned char)s[0];
    return atoi(s);
}

static key_t key_of(const char *path, int proj) {
    key_t k = ftok(path, proj);
    if (k == -1) { perror("ftok"); exit(1); }
    return k;
}

static ino_t make(const char *path) {
    int fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0600);
    if (fd < 0) { perror(path); exit(1); }
    struct stat st;
    if (fstat(fd, &st)) { perror("fstat"); exit(1); }
    close(fd);
    return st.st_ino;
}

int main(int argc, char **argv) {
    if (argc == 4 && !strcmp(argv[1], "key")) {
        printf("0x%08x\n", (unsigned)key_of(argv[2], proj_of(argv[3])));
        return 0;
    }
    if (argc == 4 && !strcmp(argv[1], "create")) {
        key_t k = key_of(argv[2], proj_of(argv[3]));
        int m = msgget(k, IPC_CREAT | IPC_EXCL | 0600);
        if (m < 0) { perror("msgget"); return 1; }
        int s = shmget(k, 4096, IPC_CREAT | IPC_EXCL | 0600);
        if (s < 0) { perror("shmget"); msgctl(m, IPC_RMID, 0); return 1; }
        int e = semget(k, 1, IPC_CREAT | IPC_EXCL | 0600);
        if (e < 0) { perror("semget"); msgctl(m, IPC_RMID, 0); shmctl(s, IPC_RMID, 0); return 1; }
        printf("0x%08x %d %d %d\n", (unsigned)k, m, s, e);
        return 0;
    }
    if (argc == 3 && !strcmp(argv[1], "collide")) {
        char a[4096], b[4096], t[4096];
        snprintf(a, sizeof a, "%s/a", argv[2]);
        snprintf(b, sizeof b, "%s/b", argv[2]);
        snprintf(t, sizeof t, "%s/t", argv[2]);
        ino_t ia = make(a);
        for (long i = 0; i < 300000; i++) {
            ino_t it = make(t);
            if (it != ia && (it & 0xffff) == (ia & 0xffff)) {
                if (rename(t, b)) { perror("rename"); return 1; }
                printf("%lu %lu 0x%08x 0x%08x\n", (unsigned long)ia, (unsigned long)it,
                       (unsigned)key_of(a, 'A'), (unsigned)key_of(b, 'A'));
                return 0;
            }
            if (unlink(t)) { perror("unlink"); return 1; }
        }
        fprintf(stderr, "no colliding inode after 300000 files\n");
        return 1;
    }
    fprintf(stderr, "usage: ftok_tutorial key|create PATH PROJ | collide DIR\n");
    return 2;
}
