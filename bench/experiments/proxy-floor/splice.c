// TCP pass-through with splice(2), one thread per direction: the floor of any process in the middle (no TLS work).
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>
static int upport;
struct pair { int from, to; };
static void *pump(void *p) {
  struct pair *x = p; int pp[2]; pipe(pp); fcntl(pp[1], F_SETPIPE_SZ, 1 << 20);
  for (;;) {
    ssize_t n = splice(x->from, NULL, pp[1], NULL, 1 << 20, SPLICE_F_MOVE);
    if (n <= 0) break;
    while (n > 0) { ssize_t m = splice(pp[0], NULL, x->to, NULL, n, SPLICE_F_MOVE); if (m <= 0) goto out; n -= m; }
  }
out: shutdown(x->to, SHUT_WR); return NULL;
}
static void *conn(void *p) {
  int c = (int)(long)p, one = 1;
  int u = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(upport) };
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  if (connect(u, (void *)&a, sizeof a) < 0) { close(c); return NULL; }
  setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); setsockopt(u, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  struct pair a1 = { c, u }, a2 = { u, c }; pthread_t t; pthread_create(&t, NULL, pump, &a1); pump(&a2);
  pthread_join(t, NULL); close(c); close(u); return NULL;
}
int main(int argc, char **argv) {
  upport = atoi(argv[1]);
  int s = socket(AF_INET, SOCK_STREAM, 0), one = 1; setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = { .sin_family = AF_INET }; inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  bind(s, (void *)&a, sizeof a); listen(s, 16);
  socklen_t l = sizeof a; getsockname(s, (void *)&a, &l); printf("%d\n", ntohs(a.sin_port)); fflush(stdout);
  for (;;) { int c = accept(s, NULL, NULL); if (c < 0) continue; pthread_t t; pthread_create(&t, NULL, conn, (void *)(long)c); pthread_detach(t); }
}
