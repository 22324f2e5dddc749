/*
 * Minimal C ping-pong: the reference `ipcctl bench` is held against (scripts/bench-vs-c.sh).
 *
 * Each mechanism does the same syscalls and copies as ipcctl's (src/bench/mech/): a round
 * trip is a SIZE-byte request and a SIZE-byte reply; shared-memory mechanisms copy the payload
 * into and out of a ring of slots and use the same protocol (head, tail and waiters words;
 * src/bench/mech/shm.rs), pshm-sem a ring guarded by counting semaphores. The client takes
 * one CLOCK_MONOTONIC timestamp per round trip, back to back, into a preallocated array, and
 * prints the p50 and minimum in nanoseconds.
 *
 * With STREAM_COUNT, it then streams like ipcctl: a warm-up stream of max(1, warm-up / 10)
 * messages, then STREAM_COUNT messages one way, the last one acknowledged by a reply, timed
 * from the first send to the acknowledgement; prints stream_bytes_per_s.
 *
 * usage: pingpong MECH SIZE ITERATIONS CLIENT_CPU SERVER_CPU [STREAM_COUNT]
 *        (CPU -1: not pinned)
 * build: gcc -O2 -o pingpong pingpong.c -lrt -pthread
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <mqueue.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define HDR 48
#define LINE 64
#define CONS_WAITING 1u
#define PROD_WAITING 2u
#define RING_BYTES (4u << 20)
#define RING_MAX_SLOTS 8

static size_t SIZE;

typedef struct end end_t;
struct end {
	int (*send)(end_t *);
	int (*recv)(end_t *);
	unsigned char *buf; /* the SIZE-byte payload */
	int r, w;           /* fds or mq descriptors */
	/* msg */
	int msqid;
	long rtype, wtype;
	long *mb; /* mtype, then payload */
	/* shared-memory rings: base of each ring, own counts */
	unsigned char *txr, *rxr;
	uint32_t txn, rxn;
	/* pshm-sem: slot base per direction */
	unsigned char *txd, *rxd;
	int mode; /* 0 futex, 1 spin, 2 signal */
	pid_t peer;
	sigset_t set;
	/* pshm-sem */
	sem_t *txf, *txe, *rxf, *rxe;
	/* mailbox */
	unsigned char *msg;
	char cached[HDR];
	mqd_t reply;
};

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static inline uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- byte streams: pipe, fifo, unix-stream, tcp ---- */
static int fd_send(end_t *e)
{
	size_t off = 0;
	while (off < SIZE) {
		ssize_t n = write(e->w, e->buf + off, SIZE - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		off += (size_t)n;
	}
	return 0;
}

static int fd_recv(end_t *e)
{
	size_t off = 0;
	while (off < SIZE) {
		ssize_t n = read(e->r, e->buf + off, SIZE - off);
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			return -1;
		}
		off += (size_t)n;
	}
	return 0;
}

/* ---- datagrams ---- */
static int dg_send(end_t *e) { return send(e->w, e->buf, SIZE, 0) == (ssize_t)SIZE ? 0 : -1; }
static int dg_recv(end_t *e) { return recv(e->r, e->buf, SIZE, 0) == (ssize_t)SIZE ? 0 : -1; }

/* ---- POSIX mq ---- */
static int mq_s(end_t *e) { return mq_send(e->w, (char *)e->buf, SIZE, 0); }
static int mq_r(end_t *e)
{
	return mq_receive(e->r, (char *)e->buf, SIZE, NULL) == (ssize_t)SIZE ? 0 : -1;
}

/* ---- mailbox: the request carries the reply queue's name ---- */
static int mb_client_send(end_t *e) { return mq_send(e->w, (char *)e->msg, HDR + SIZE, 0); }
static int mb_client_recv(end_t *e)
{
	return mq_receive(e->r, (char *)e->buf, SIZE, NULL) == (ssize_t)SIZE ? 0 : -1;
}
static int mb_server_recv(end_t *e)
{
	if (mq_receive(e->r, (char *)e->msg, HDR + SIZE, NULL) != (ssize_t)(HDR + SIZE))
		return -1;
	if (e->reply == (mqd_t)-1 || memcmp(e->cached, e->msg, HDR) != 0) {
		memcpy(e->cached, e->msg, HDR);
		e->reply = mq_open(e->cached, O_WRONLY);
		if (e->reply == (mqd_t)-1)
			return -1;
	}
	return 0;
}
static int mb_server_send(end_t *e) { return mq_send(e->reply, (char *)e->buf, SIZE, 0); }

/* ---- SysV msg ---- */
static int msg_send(end_t *e)
{
	e->mb[0] = e->wtype;
	return msgsnd(e->msqid, e->mb, SIZE, 0);
}
static int msg_recv(end_t *e)
{
	return msgrcv(e->msqid, e->mb, SIZE, e->rtype, 0) == (ssize_t)SIZE ? 0 : -1;
}

/* ---- shared-memory rings: futex, spin, signal ---- */
static size_t round_line(size_t n) { return (n + LINE - 1) / LINE * LINE; }
/* the largest power of two (1..RING_MAX_SLOTS) that fits: n % slots survives the wrap */
static uint32_t ring_slots(void)
{
	size_t k = RING_BYTES / round_line(SIZE), p = 1;
	while (p * 2 <= k && p * 2 <= RING_MAX_SLOTS)
		p *= 2;
	return (uint32_t)p;
}
static size_t ring_len(void) { return 3 * LINE + ring_slots() * round_line(SIZE); }
#define HEAD(r) ((_Atomic uint32_t *)(r))
#define TAIL(r) ((_Atomic uint32_t *)((r) + LINE))
#define WAITERS(r) ((_Atomic uint32_t *)((r) + 2 * LINE))
#define SLOT(r, n) ((r) + 3 * LINE + ((n) % ring_slots()) * round_line(SIZE))

static void sleep_on(end_t *e, _Atomic uint32_t *w, uint32_t v)
{
	if (e->mode == 0)
		syscall(SYS_futex, w, FUTEX_WAIT, v, NULL, NULL, 0);
	else
		sigwaitinfo(&e->set, NULL);
}

static void wake(end_t *e, _Atomic uint32_t *w, _Atomic uint32_t *waiters, uint32_t bit)
{
	if (e->mode == 1 || !(atomic_load(waiters) & bit))
		return;
	atomic_fetch_and(waiters, ~bit);
	if (e->mode == 0)
		syscall(SYS_futex, w, FUTEX_WAKE, 1, NULL, NULL, 0);
	else
		kill(e->peer, SIGUSR1);
}

static int slot_send(end_t *e)
{
	unsigned char *r = e->txr;
	uint32_t h = e->txn, k = ring_slots();
	for (;;) {
		uint32_t t = atomic_load_explicit(TAIL(r), memory_order_acquire);
		if (h - t < k)
			break;
		if (e->mode == 1) {
			__builtin_ia32_pause();
			continue;
		}
		atomic_fetch_or(WAITERS(r), PROD_WAITING);
		t = atomic_load(TAIL(r));
		if (h - t < k) {
			atomic_fetch_and(WAITERS(r), ~PROD_WAITING);
			break;
		}
		sleep_on(e, TAIL(r), t);
	}
	memcpy(SLOT(r, h), e->buf, SIZE);
	atomic_store(HEAD(r), h + 1);
	e->txn = h + 1;
	wake(e, HEAD(r), WAITERS(r), CONS_WAITING);
	return 0;
}

static int slot_recv(end_t *e)
{
	unsigned char *r = e->rxr;
	uint32_t t = e->rxn;
	for (;;) {
		uint32_t h = atomic_load_explicit(HEAD(r), memory_order_acquire);
		if (h != t)
			break;
		if (e->mode == 1) {
			__builtin_ia32_pause();
			continue;
		}
		atomic_fetch_or(WAITERS(r), CONS_WAITING);
		h = atomic_load(HEAD(r));
		if (h != t) {
			atomic_fetch_and(WAITERS(r), ~CONS_WAITING);
			break;
		}
		sleep_on(e, HEAD(r), h);
	}
	memcpy(e->buf, SLOT(r, t), SIZE);
	atomic_store(TAIL(r), t + 1);
	e->rxn = t + 1;
	wake(e, TAIL(r), WAITERS(r), PROD_WAITING);
	return 0;
}

/* ---- pshm + named semaphores: a ring per direction ---- */
static int sem_send(end_t *e)
{
	while (sem_wait(e->txe) < 0)
		if (errno != EINTR)
			return -1;
	memcpy(e->txd + (e->txn % ring_slots()) * round_line(SIZE), e->buf, SIZE);
	e->txn++;
	return sem_post(e->txf);
}

static int sem_recv(end_t *e)
{
	while (sem_wait(e->rxf) < 0)
		if (errno != EINTR)
			return -1;
	memcpy(e->buf, e->rxd + (e->rxn % ring_slots()) * round_line(SIZE), SIZE);
	e->rxn++;
	return sem_post(e->rxe);
}

/* ---- setup ---- */

static char *uname_(void)
{
	static int n;
	char *s = malloc(64);
	snprintf(s, 64, "/ipcctl-ref-%d-%d", getpid(), n++);
	return s;
}

static void stream_ends(end_t *c, end_t *s, int cr, int cw, int sr, int sw)
{
	c->r = cr, c->w = cw, s->r = sr, s->w = sw;
	c->send = s->send = fd_send;
	c->recv = s->recv = fd_recv;
}

static void fifo_pair(const char *path, int *r, int *w)
{
	if (mkfifo(path, 0600) < 0)
		die("mkfifo");
	*r = open(path, O_RDONLY | O_NONBLOCK);
	*w = open(path, O_WRONLY);
	if (*r < 0 || *w < 0)
		die("open fifo");
	fcntl(*r, F_SETFL, 0);
	unlink(path);
}

static mqd_t mq_make(const char *name, size_t msgsize, int flags)
{
	struct mq_attr a = {.mq_maxmsg = 4, .mq_msgsize = (long)msgsize};
	mqd_t q = mq_open(name, O_CREAT | O_EXCL | flags, 0600, &a);
	if (q == (mqd_t)-1)
		die("mq_open");
	return q;
}

static unsigned char *shared(const char *mech, size_t len)
{
	void *p;
	if (!strcmp(mech, "shm-futex") || !strcmp(mech, "shm-spin")) {
		int id = shmget(IPC_PRIVATE, len, IPC_CREAT | 0600);
		p = shmat(id, NULL, 0);
		shmctl(id, IPC_RMID, NULL);
		if (p == (void *)-1)
			die("shmat");
	} else if (!strcmp(mech, "mmap-file")) {
		char dir[] = "/tmp/ipcctl-ref-XXXXXX";
		if (!mkdtemp(dir))
			die("mkdtemp");
		char path[64];
		snprintf(path, sizeof path, "%s/buffer", dir);
		int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
		if (fd < 0 || ftruncate(fd, (off_t)len) < 0)
			die("file");
		p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		unlink(path);
		rmdir(dir);
		close(fd);
	} else if (!strcmp(mech, "pshm-sem")) {
		char *name = uname_();
		int fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
		shm_unlink(name);
		if (fd < 0 || ftruncate(fd, (off_t)len) < 0)
			die("shm_open");
		p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		close(fd);
	} else {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	}
	if (p == MAP_FAILED)
		die("mmap");
	return p;
}

static sem_t *named_sem(unsigned v)
{
	char *name = uname_();
	sem_t *s = sem_open(name, O_CREAT | O_EXCL, 0600, v);
	if (s == SEM_FAILED)
		die("sem_open");
	sem_unlink(name);
	return s;
}

static void setup(const char *m, end_t *c, end_t *s)
{
	c->buf = calloc(1, SIZE);
	s->buf = calloc(1, SIZE);
	c->reply = s->reply = (mqd_t)-1;
	if (!strcmp(m, "pipe")) {
		int a[2], b[2];
		if (pipe(a) < 0 || pipe(b) < 0)
			die("pipe");
		stream_ends(c, s, b[0], a[1], a[0], b[1]);
	} else if (!strcmp(m, "fifo")) {
		char dir[] = "/tmp/ipcctl-ref-XXXXXX", p1[64], p2[64];
		int ar, aw, br, bw;
		if (!mkdtemp(dir))
			die("mkdtemp");
		snprintf(p1, sizeof p1, "%s/request", dir);
		snprintf(p2, sizeof p2, "%s/reply", dir);
		fifo_pair(p1, &ar, &aw);
		fifo_pair(p2, &br, &bw);
		rmdir(dir);
		stream_ends(c, s, br, aw, ar, bw);
	} else if (!strcmp(m, "unix-stream") || !strcmp(m, "unix-dgram")) {
		int sv[2];
		int dgram = !strcmp(m, "unix-dgram");
		if (socketpair(AF_UNIX, dgram ? SOCK_DGRAM : SOCK_STREAM, 0, sv) < 0)
			die("socketpair");
		stream_ends(c, s, sv[0], sv[0], sv[1], sv[1]);
		if (dgram) {
			c->send = s->send = dg_send;
			c->recv = s->recv = dg_recv;
		}
	} else if (!strcmp(m, "tcp")) {
		struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
		socklen_t len = sizeof a;
		int one = 1;
		int l = socket(AF_INET, SOCK_STREAM, 0);
		if (bind(l, (void *)&a, sizeof a) < 0 || listen(l, 1) < 0 ||
		    getsockname(l, (void *)&a, &len) < 0)
			die("listen");
		int x = socket(AF_INET, SOCK_STREAM, 0);
		if (connect(x, (void *)&a, sizeof a) < 0)
			die("connect");
		int y = accept(l, NULL, NULL);
		setsockopt(x, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		setsockopt(y, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		close(l);
		stream_ends(c, s, x, x, y, y);
	} else if (!strcmp(m, "pmq")) {
		char *n1 = uname_(), *n2 = uname_();
		mqd_t ar = mq_make(n1, SIZE, O_RDONLY), aw = mq_open(n1, O_WRONLY);
		mqd_t br = mq_make(n2, SIZE, O_RDONLY), bw = mq_open(n2, O_WRONLY);
		mq_unlink(n1);
		mq_unlink(n2);
		c->r = br, c->w = aw, s->r = ar, s->w = bw;
		c->send = s->send = mq_s;
		c->recv = s->recv = mq_r;
	} else if (!strcmp(m, "mailbox")) {
		char *n1 = uname_(), *n2 = uname_();
		mqd_t ar = mq_make(n1, HDR + SIZE, O_RDONLY), aw = mq_open(n1, O_WRONLY);
		mq_unlink(n1);
		mqd_t br = mq_make(n2, SIZE, O_RDONLY); /* unlinked at exit */
		c->msg = calloc(1, HDR + SIZE);
		s->msg = calloc(1, HDR + SIZE);
		strcpy((char *)c->msg, n2);
		c->buf = c->msg + HDR;
		s->buf = s->msg + HDR;
		c->r = br, c->w = aw, s->r = ar;
		c->send = mb_client_send;
		c->recv = mb_client_recv;
		s->send = mb_server_send;
		s->recv = mb_server_recv;
		c->cached[0] = 0;
		strcpy(c->cached, n2); /* the client remembers its name to unlink it */
	} else if (!strcmp(m, "msg")) {
		int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
		if (id < 0)
			die("msgget");
		c->msqid = s->msqid = id;
		c->mb = calloc(1, sizeof(long) + SIZE + 8);
		s->mb = calloc(1, sizeof(long) + SIZE + 8);
		c->buf = (unsigned char *)(c->mb + 1);
		s->buf = (unsigned char *)(s->mb + 1);
		c->rtype = 2, c->wtype = 1, s->rtype = 1, s->wtype = 2;
		c->send = s->send = msg_send;
		c->recv = s->recv = msg_recv;
	} else if (!strcmp(m, "pshm-sem")) {
		size_t ring = ring_slots() * round_line(SIZE);
		unsigned char *base = shared(m, 2 * ring);
		unsigned k = ring_slots();
		sem_t *af = named_sem(0), *ae = named_sem(k), *bf = named_sem(0), *be = named_sem(k);
		c->txf = af, c->txe = ae, c->rxf = bf, c->rxe = be, c->txd = base, c->rxd = base + ring;
		s->txf = bf, s->txe = be, s->rxf = af, s->rxe = ae, s->txd = base + ring, s->rxd = base;
		c->send = s->send = sem_send;
		c->recv = s->recv = sem_recv;
	} else if (!strcmp(m, "shm-futex") || !strcmp(m, "shm-spin") || !strcmp(m, "mmap-file") ||
		   !strcmp(m, "signal")) {
		unsigned char *base = shared(m, 2 * ring_len());
		c->txr = base, c->rxr = base + ring_len();
		s->txr = base + ring_len(), s->rxr = base;
		int mode = !strcmp(m, "shm-spin") ? 1 : !strcmp(m, "signal") ? 2 : 0;
		c->mode = s->mode = mode;
		if (mode == 2) {
			sigemptyset(&c->set);
			sigaddset(&c->set, SIGUSR1);
			s->set = c->set;
			sigprocmask(SIG_BLOCK, &c->set, NULL);
		}
		c->send = s->send = slot_send;
		c->recv = s->recv = slot_recv;
	} else {
		fprintf(stderr, "unknown mechanism %s\n", m);
		exit(2);
	}
}

static void pin(int cpu)
{
	if (cpu < 0)
		return;
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof set, &set) < 0)
		die("sched_setaffinity");
}

static int cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc != 6 && argc != 7) {
		fprintf(stderr, "usage: %s MECH SIZE ITERATIONS CLIENT_CPU SERVER_CPU [STREAM_COUNT]\n",
			argv[0]);
		return 2;
	}
	long stream = argc == 7 ? atol(argv[6]) : 0;
	long swarm = 0;
	const char *mech = argv[1];
	SIZE = strtoul(argv[2], NULL, 0);
	long iters = atol(argv[3]);
	long warm = iters / 10 < 1 ? 1 : iters / 10 > 1000 ? 1000 : iters / 10;
	int ccpu = atoi(argv[4]), scpu = atoi(argv[5]);
	end_t c = {0}, s = {0};
	if (SIZE < 1 || iters < 1 || stream < 0)
		return 2;
	if (stream > 0)
		swarm = warm / 10 < 1 ? 1 : warm / 10;
	setup(mech, &c, &s);
	pin(ccpu);
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		pin(scpu);
		s.peer = parent;
		for (long i = 0; i < warm + iters; i++)
			if (s.recv(&s) < 0 || s.send(&s) < 0)
				_exit(1);
		/* the warm-up stream, then the measured one; each acknowledged by one reply */
		for (int phase = 0; phase < 2 && stream > 0; phase++) {
			long n = phase == 0 ? swarm : stream;
			for (long i = 0; i < n; i++)
				if (s.recv(&s) < 0)
					_exit(1);
			if (s.send(&s) < 0)
				_exit(1);
		}
		_exit(0);
	}
	c.peer = pid;
	uint64_t *samples = malloc(sizeof(uint64_t) * (size_t)iters);
	for (long i = 0; i < warm; i++) {
		c.buf[SIZE - 1] = (unsigned char)i;
		c.buf[0] = 1;
		if (c.send(&c) < 0 || c.recv(&c) < 0)
			die("warm-up");
	}
	uint64_t t0 = now_ns();
	for (long i = 0; i < iters; i++) {
		c.buf[SIZE - 1] = (unsigned char)i;
		c.buf[0] = 1;
		if (c.send(&c) < 0 || c.recv(&c) < 0)
			die("round trip");
		uint64_t t1 = now_ns();
		samples[i] = t1 - t0;
		t0 = t1;
	}
	uint64_t stream_ns = 0;
	for (int phase = 0; phase < 2 && stream > 0; phase++) {
		long n = phase == 0 ? swarm : stream;
		uint64_t s0 = now_ns();
		for (long i = 0; i < n; i++) {
			c.buf[SIZE - 1] = (unsigned char)i;
			c.buf[0] = 2;
			if (c.send(&c) < 0)
				die("stream");
		}
		if (c.recv(&c) < 0)
			die("stream ack");
		stream_ns = now_ns() - s0;
	}
	int st;
	waitpid(pid, &st, 0);
	if (!strcmp(mech, "msg"))
		msgctl(c.msqid, IPC_RMID, NULL);
	if (!strcmp(mech, "mailbox"))
		mq_unlink(c.cached);
	qsort(samples, (size_t)iters, sizeof *samples, cmp);
	/* nearest rank, as ipcctl: the smallest sample with at least 50% at or below it */
	size_t rank = ((size_t)iters + 1) / 2;
	printf("%s %zu p50_ns=%llu min_ns=%llu", mech, SIZE, (unsigned long long)samples[rank - 1],
	       (unsigned long long)samples[0]);
	if (stream > 0)
		printf(" stream_bytes_per_s=%.0f", (double)stream * (double)SIZE * 1e9 / (double)stream_ns);
	printf("\n");
	return 0;
}
