/*
 * Bench-only LD_PRELOAD shim (never shipped): every raw socket the program opens gets a 64 MiB
 * receive buffer (SO_RCVBUFFORCE, which root may set beyond net.core.rmem_max), so that PortSentry
 * 1.2 loses no packet of a burst and can be compared with ours hit for hit. Compiled by
 * bench/rcvbuf-shim.ts at bench time:  cc -shared -fPIC -O2 -o rcvbuf-shim.so rcvbuf-shim.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <sys/socket.h>

int socket(int domain, int type, int protocol) {
  static int (*real)(int, int, int);
  if (real == 0) real = (int (*)(int, int, int))dlsym(RTLD_NEXT, "socket");
  int fd = real(domain, type, protocol);
  if (fd >= 0 && (type & 0xf) == SOCK_RAW) {
    int size = 64 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size);
  }
  return fd;
}
