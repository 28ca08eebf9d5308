/*
 * The few system calls Node does not expose, kept as small as possible:
 *  - bindPort: socket()+bind() on INADDR_ANY *without* SO_REUSEADDR, then listen(5) for TCP,
 *    exactly as 1.2's BindSocket does (libuv always sets SO_REUSEADDR, which would let us bind
 *    ports that 1.2 cannot, e.g. ports with connections in TIME_WAIT).
 *  - sendDatagram: one syslog datagram to a unix socket, never blocking (a stalled syslog
 *    reader must not freeze the daemon); falls back to a stream socket as glibc does.
 *  - bindDatagram / recvDatagram: the receiving side, used by the test harness to capture
 *    what is sent to /dev/log.
 *  - tuneNetlinkSocket: libpcap's NFLOG socket gets a receive buffer past net.core.rmem_max and
 *    NETLINK_NO_ENOBUFS, so that a burst only drops packets (counted by the kernel) instead of
 *    making the socket report ENOBUFS, on which cap aborts the process.
 */
#define _GNU_SOURCE
#include <node_api.h>
#include <errno.h>
#include <stdbool.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define CHECK(call) do { if ((call) != napi_ok) { napi_throw_error(env, NULL, #call " failed"); return NULL; } } while (0)

static napi_value make_int(napi_env env, int v) {
  napi_value out;
  napi_create_int32(env, v, &out);
  return out;
}

static int get_string(napi_env env, napi_value v, char *buf, size_t len) {
  size_t got = 0;
  if (napi_get_value_string_utf8(env, v, buf, len, &got) != napi_ok) return -1;
  return (int)got;
}

/* bindPort(kind: "tcp"|"udp", port: number, keepOpen: boolean) -> fd, 0 when closed after probing, or -errno */
static napi_value bind_port(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  char kind[8];
  int32_t port = 0;
  bool keep = false;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 3 || get_string(env, argv[0], kind, sizeof kind) < 0) {
    napi_throw_type_error(env, NULL, "bindPort(kind, port, keepOpen) expects a string, a number and a boolean");
    return NULL;
  }
  CHECK(napi_get_value_int32(env, argv[1], &port));
  CHECK(napi_get_value_bool(env, argv[2], &keep));
  int tcp = strcmp(kind, "tcp") == 0;
  int fd = socket(AF_INET, (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0);
  if (fd < 0) return make_int(env, -(errno + 10000)); /* SOCKET_FAILED in src/native/index.ts */
  struct sockaddr_in sa;
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_ANY);
  sa.sin_port = htons((uint16_t)port);
  if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
    int e = errno;
    close(fd);
    return make_int(env, -e);
  }
  if (tcp) listen(fd, 5);
  if (!keep) {
    close(fd);
    return make_int(env, 0);
  }
  return make_int(env, fd);
}

static int fill_sun(struct sockaddr_un *sun, const char *path) {
  memset(sun, 0, sizeof *sun);
  sun->sun_family = AF_UNIX;
  if (strlen(path) >= sizeof sun->sun_path) return -ENAMETOOLONG;
  strcpy(sun->sun_path, path);
  return 0;
}

/* sendDatagram(path: string, data: Buffer) -> 0 or -errno; never blocks */
static napi_value send_datagram(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  char path[256];
  void *data = NULL;
  size_t len = 0;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 2 || get_string(env, argv[0], path, sizeof path) < 0 ||
      napi_get_buffer_info(env, argv[1], &data, &len) != napi_ok) {
    napi_throw_type_error(env, NULL, "sendDatagram(path, data) expects a string and a Buffer");
    return NULL;
  }
  struct sockaddr_un sun;
  int r = fill_sun(&sun, path);
  if (r < 0) return make_int(env, r);
  int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return make_int(env, -errno);
  if (connect(fd, (struct sockaddr *)&sun, sizeof sun) < 0) {
    int e = errno;
    close(fd);
    if (e != EPROTOTYPE) return make_int(env, -e);
    /* glibc's syslog retries a stream socket, and sends the terminating NUL with it */
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return make_int(env, -errno);
    if (connect(fd, (struct sockaddr *)&sun, sizeof sun) < 0) {
      e = errno;
      close(fd);
      return make_int(env, -e);
    }
    char *copy = malloc(len + 1);
    if (!copy) { close(fd); return make_int(env, -ENOMEM); }
    memcpy(copy, data, len);
    copy[len] = '\0';
    ssize_t n = send(fd, copy, len + 1, MSG_DONTWAIT | MSG_NOSIGNAL);
    e = errno;
    free(copy);
    close(fd);
    return make_int(env, n < 0 ? -e : 0);
  }
  ssize_t n = send(fd, data, len, MSG_DONTWAIT | MSG_NOSIGNAL);
  int e = errno;
  close(fd);
  return make_int(env, n < 0 ? -e : 0);
}

/* bindDatagram(path: string) -> fd or -errno (non-blocking receiving socket) */
static napi_value bind_datagram(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  char path[256];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 1 || get_string(env, argv[0], path, sizeof path) < 0) {
    napi_throw_type_error(env, NULL, "bindDatagram(path) expects a string");
    return NULL;
  }
  struct sockaddr_un sun;
  int r = fill_sun(&sun, path);
  if (r < 0) return make_int(env, r);
  int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return make_int(env, -errno);
  unlink(path);
  if (bind(fd, (struct sockaddr *)&sun, sizeof sun) < 0) {
    int e = errno;
    close(fd);
    return make_int(env, -e);
  }
  return make_int(env, fd);
}

/* two int32 arguments, as recvDatagram and tuneNetlinkSocket take; false (with a TypeError thrown) otherwise */
static bool get_two_ints(napi_env env, napi_callback_info info, const char *usage, int32_t *a, int32_t *b) {
  size_t argc = 2;
  napi_value argv[2];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2 ||
      napi_get_value_int32(env, argv[0], a) != napi_ok || napi_get_value_int32(env, argv[1], b) != napi_ok) {
    napi_throw_type_error(env, NULL, usage);
    return false;
  }
  return true;
}

/* recvDatagram(fd: number, timeoutMs: number) -> Buffer, or null when nothing arrived in time */
static napi_value recv_datagram(napi_env env, napi_callback_info info) {
  int32_t fd = -1, timeout = 0;
  if (!get_two_ints(env, info, "recvDatagram(fd, timeoutMs) expects two numbers", &fd, &timeout)) return NULL;
  struct pollfd p = { .fd = fd, .events = POLLIN };
  if (poll(&p, 1, timeout) <= 0) {
    napi_value nul;
    napi_get_null(env, &nul);
    return nul;
  }
  static char buf[65536];
  ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
  if (n < 0) {
    napi_value nul;
    napi_get_null(env, &nul);
    return nul;
  }
  napi_value out;
  void *dst;
  CHECK(napi_create_buffer_copy(env, (size_t)n, buf, &dst, &out));
  return out;
}

/* closeFd(fd: number) -> 0 or -errno */
static napi_value close_fd(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t fd = -1;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 1) {
    napi_throw_type_error(env, NULL, "closeFd(fd) expects a number");
    return NULL;
  }
  CHECK(napi_get_value_int32(env, argv[0], &fd));
  return make_int(env, close(fd) < 0 ? -errno : 0);
}

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif
#ifndef NETLINK_NO_ENOBUFS
#define NETLINK_NO_ENOBUFS 5
#endif

/* tuneNetlinkSocket(fd: number, bytes: number) -> 0 or -errno */
static napi_value tune_netlink_socket(napi_env env, napi_callback_info info) {
  int32_t fd = -1, bytes = 0;
  if (!get_two_ints(env, info, "tuneNetlinkSocket(fd, bytes) expects two numbers", &fd, &bytes)) return NULL;
  int one = 1;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof bytes) < 0) return make_int(env, -errno);
  if (setsockopt(fd, SOL_NETLINK, NETLINK_NO_ENOBUFS, &one, sizeof one) < 0) return make_int(env, -errno);
  return make_int(env, 0);
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    { "bindPort", NULL, bind_port, NULL, NULL, NULL, napi_default, NULL },
    { "sendDatagram", NULL, send_datagram, NULL, NULL, NULL, napi_default, NULL },
    { "bindDatagram", NULL, bind_datagram, NULL, NULL, NULL, napi_default, NULL },
    { "recvDatagram", NULL, recv_datagram, NULL, NULL, NULL, napi_default, NULL },
    { "closeFd", NULL, close_fd, NULL, NULL, NULL, napi_default, NULL },
    { "tuneNetlinkSocket", NULL, tune_netlink_socket, NULL, NULL, NULL, napi_default, NULL },
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
