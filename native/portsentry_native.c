/*
 * The few system calls Node does not expose, kept as small as possible:
 *  - bindPort: socket()+bind() on INADDR_ANY *without* SO_REUSEADDR, then listen() for TCP,
 *    as 1.2's BindSocket does (libuv always sets SO_REUSEADDR, which would let us bind
 *    ports that 1.2 cannot, e.g. ports with connections in TIME_WAIT).
 *  - sendDatagram: one syslog datagram to a unix socket, never blocking (a stalled syslog
 *    reader must not freeze the daemon), on a socket kept connected as glibc keeps it; falls
 *    back to a stream socket as glibc does.
 *  - bindDatagram / recvDatagram: the receiving side, used by the test harness to capture
 *    what is sent to /dev/log.
 *  - watchAccept / writeAndClose: classic TCP mode accepts its connections itself, because the
 *    source address must come from accept(2), as 1.2 takes it: libuv accepts without asking for
 *    it, and getpeername(2) fails on a connection that was reset while it waited in the queue.
 *  - nftRun: one nft script through libnftables (dlopen'd, so the addon builds without its headers),
 *    in this process and network namespace: the stealth modes install their rule at start, and an
 *    nft process started from Node costs about 20 ms there, a quarter of the time to "now active";
 *    the periodic check that the rule is still there lists the table the same way (an nft process
 *    every 10 s loaded child_process and execa into the daemon: 13 MB more resident memory).
 *    nftAvailable says whether the library loads, without running a script.
 *  - newSession / detachStdio: setsid(2), and /dev/null on descriptors 0-2, for the daemon that
 *    bin/portsentry's bash line starts (a daemon spawned by Node gets both from libuv); Node has no
 *    dup2().
 *  - defaultSignal: SIG_DFL for one signal. Node catches SIGUSR1 to open its inspector (a debugger
 *    on 127.0.0.1:9229 that runs any code it is sent, as root in the daemon) and ignores SIGXFSZ;
 *    1.2 leaves both at their default action, which ends the process. Node has no option to turn
 *    its SIGUSR1 handler off before version 22.14 (--disable-sigusr1).
 *  - spawnShell: a response command (/bin/sh -c COMMAND) started by vfork+execve and watched
 *    through a pidfd on Node's event loop. Node's spawn forks the whole daemon through libuv
 *    (about 16 ms a command here, where 1.2's system() costs 8.9); vfork copies nothing. The child
 *    is set up as system()'s is in 1.2 (SIGHUP, SIGPIPE, SIGALRM and glibc's signals 32 and 33
 *    ignored, the rest at their default action, none blocked) and as Node's spawn did it before (a session and process
 *    group of its own, stdio on /dev/null, no other descriptor of ours). A command is waited for
 *    up to 20 ms in the call, as system() waits (most are over by then, and that spares the event
 *    loop a watch, a timer and a callback: 0.3 ms of the daemon's CPU a command, BENCHMARKS.md);
 *    one still running is watched, and its time limit is a libuv timer that kills its group.
 *  - setReceiveBuffer: -udp's bound sockets get their receive buffer with SO_RCVBUFFORCE, so that
 *    a burst waits in the kernel whatever net.core.rmem_max is (Node's setRecvBufferSize is capped there).
 *  - bindPort6 / watchAccept6 (ENABLE_IPV6, issue 14): the same as bindPort and watchAccept on an
 *    AF_INET6 socket with IPV6_V6ONLY=1 on in6addr_any, so that the IPv4 sockets beside it stay
 *    exactly 1.2's; kept in functions of their own, apart from the IPv4 ones.
 *  - tuneNetlinkSocket: libpcap's NFLOG socket gets a receive buffer past net.core.rmem_max and
 *    NETLINK_NO_ENOBUFS, so that a burst only drops packets (counted by the kernel) instead of
 *    making the socket report ENOBUFS, on which cap aborts the process.
 *  - fileKey / openAppend / writeText: the file accesses of each hit (the ignore and blocked files'
 *    stat, the lines appended to the blocked and history files) without Node's fs layers and its
 *    BigIntStats: they cost the daemon 0.1 ms a hit, and three times that after a response command
 *    (BENCHMARKS.md, issue 13).
 *  - releaseStartupPages: madvise(MADV_DONTNEED) on the pages of the Node executable that only the
 *    start-up used, once the mode runs: the idle daemon's RSS falls from 48 to 22 MB (BENCHMARKS.md).
 */
#define _GNU_SOURCE
#include <node_api.h>
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

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

/*
 * bindPort(kind: "tcp"|"udp", port: number, keepOpen: boolean, backlog?: number) -> fd, 0 when
 * closed after probing, or -errno; a TCP socket listens with 1.2's backlog of 5 unless told another
 */
static napi_value bind_port(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
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
  int32_t backlog = 5;
  napi_valuetype type = napi_undefined;
  if (argc >= 4 && napi_typeof(env, argv[3], &type) == napi_ok && type == napi_number)
    CHECK(napi_get_value_int32(env, argv[3], &backlog));
  int tcp = strcmp(kind, "tcp") == 0;
  int fd = socket(AF_INET, (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0);
  if (fd < 0) return make_int(env, -(errno + 10000)); /* SOCKET_FAILED in src/system/native.ts */
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
  if (tcp) listen(fd, backlog);
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

static int kept_fd = -1;
static char kept_path[256];

/*
 * A JS string's latin1 bytes (one byte a character, as Buffer.from(text, 'latin1') has them), into
 * buf when they fit, else into memory of their own that the caller frees (the result is not buf
 * then); *len gets their number. NULL when the value is no string, or without memory.
 */
static char *get_latin1(napi_env env, napi_value v, char *buf, size_t size, size_t *len) {
  size_t got = 0;
  if (napi_get_value_string_latin1(env, v, NULL, 0, len) != napi_ok) return NULL;
  char *out = *len + 1 > size ? malloc(*len + 1) : buf;
  if (out != NULL) napi_get_value_string_latin1(env, v, out, *len + 1, &got);
  return out;
}

/* sendDatagram(path: string, data: Buffer | string) -> 0 or -errno; never blocks */
static napi_value send_kept(napi_env env, const char *path, const void *data, size_t len);

static napi_value send_datagram(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  char path[256];
  void *data = NULL;
  size_t len = 0;
  napi_valuetype type = napi_undefined;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 2 || get_string(env, argv[0], path, sizeof path) < 0 || napi_typeof(env, argv[1], &type) != napi_ok ||
      (type != napi_string && napi_get_buffer_info(env, argv[1], &data, &len) != napi_ok)) {
    napi_throw_type_error(env, NULL, "sendDatagram(path, data) expects a string and a Buffer or a string");
    return NULL;
  }
  if (type != napi_string) return send_kept(env, path, data, len);
  /* a string is sent as its latin1 bytes */
  char text[2048];
  char *bytes = get_latin1(env, argv[1], text, sizeof text, &len);
  if (bytes == NULL) return make_int(env, -ENOMEM);
  napi_value result = send_kept(env, path, bytes, len);
  if (bytes != text) free(bytes);
  return result;
}

/* the datagram to the socket at path, on the socket kept connected (see sendDatagram) */
static napi_value send_kept(napi_env env, const char *path, const void *data, size_t len) {
  /* the socket stays connected between calls, as glibc's syslog() keeps it (one send instead of
   * socket+connect+send+close); on any error but EAGAIN it is closed and connected once again,
   * so a syslog daemon that was restarted gets the datagram, as with glibc */
  if (kept_fd >= 0 && strcmp(kept_path, path) == 0) {
    if (send(kept_fd, data, len, MSG_DONTWAIT | MSG_NOSIGNAL) >= 0) return make_int(env, 0);
    if (errno == EAGAIN) return make_int(env, -EAGAIN);
  }
  if (kept_fd >= 0) {
    close(kept_fd);
    kept_fd = -1;
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
  if (n < 0 && e != EAGAIN) {
    close(fd);
    return make_int(env, -e);
  }
  kept_fd = fd;
  snprintf(kept_path, sizeof kept_path, "%s", path);
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

/*
 * setReceiveBuffer(fd: number, bytes: number) -> the buffer the kernel then gives (SO_RCVBUF as read
 * back), or -errno: SO_RCVBUFFORCE (root, past net.core.rmem_max), else SO_RCVBUF (capped there)
 */
static napi_value set_receive_buffer(napi_env env, napi_callback_info info) {
  int32_t fd = -1, bytes = 0;
  if (!get_two_ints(env, info, "setReceiveBuffer(fd, bytes) expects two numbers", &fd, &bytes)) return NULL;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof bytes) < 0 &&
      setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes) < 0)
    return make_int(env, -errno);
  int got = 0;
  socklen_t len = sizeof got;
  if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &got, &len) < 0) return make_int(env, -errno);
  return make_int(env, got);
}

/* One listening socket watched on Node's event loop; lives as long as the process. */
typedef struct {
  uv_poll_t poll;
  uv_timer_t pause;
  napi_env env;
  napi_ref callback;
  napi_async_context context;
  int fd;
} accept_watch;

/* callback(fd, address) for an accepted connection, callback(-errno, null) for a failed accept() */
static void deliver(accept_watch *w, int fd, const char *address) {
  napi_env env = w->env;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  napi_value cb, recv, argv[2], result;
  napi_get_reference_value(env, w->callback, &cb);
  napi_get_global(env, &recv); /* napi_make_callback wants an object as `this` */
  napi_create_int32(env, fd, &argv[0]);
  if (address != NULL) napi_create_string_latin1(env, address, NAPI_AUTO_LENGTH, &argv[1]);
  else napi_get_null(env, &argv[1]);
  if (napi_make_callback(env, w->context, recv, cb, 2, argv, &result) == napi_pending_exception) {
    napi_value error;
    napi_get_and_clear_last_exception(env, &error);
    napi_fatal_exception(env, error);
  }
  napi_close_handle_scope(env, scope);
}

static void accept_ready(uv_poll_t *handle, int status, int events);

static void accept_resume(uv_timer_t *timer) {
  accept_watch *w = (accept_watch *)timer->data;
  uv_poll_start(&w->poll, UV_READABLE, accept_ready);
}

/* up to 64 connections per wake-up, so that a flood cannot starve the rest of the loop */
static void accept_ready(uv_poll_t *handle, int status, int events) {
  (void)events;
  accept_watch *w = (accept_watch *)handle->data;
  if (status < 0) return;
  for (int i = 0; i < 64; i++) {
    struct sockaddr_in client;
    socklen_t length = sizeof client;
    int fd = accept4(w->fd, (struct sockaddr *)&client, &length, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd >= 0) {
      char address[INET_ADDRSTRLEN] = "";
      inet_ntop(AF_INET, &client.sin_addr, address, sizeof address);
      deliver(w, fd, address);
      continue;
    }
    int e = errno;
    if (e == EAGAIN || e == EWOULDBLOCK) return;
    if (e == EINTR) continue;
    deliver(w, -e, NULL);
    if (e == EMFILE || e == ENFILE || e == ENOBUFS || e == ENOMEM) {
      /* out of descriptors or memory: the queue stays readable, so wait instead of spinning */
      uv_poll_stop(&w->poll);
      uv_timer_start(&w->pause, accept_resume, 100, 0);
    }
    return;
  }
}

/* watchAccept(fd: number, callback: (fd, address) => void) -> 0 or -errno */
static napi_value watch_accept(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  int32_t fd = -1;
  napi_valuetype type = napi_undefined;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 2 || napi_get_value_int32(env, argv[0], &fd) != napi_ok || napi_typeof(env, argv[1], &type) != napi_ok ||
      type != napi_function) {
    napi_throw_type_error(env, NULL, "watchAccept(fd, callback) expects a number and a function");
    return NULL;
  }
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) return make_int(env, -errno);
  struct uv_loop_s *loop = NULL;
  CHECK(napi_get_uv_event_loop(env, &loop));
  accept_watch *w = calloc(1, sizeof *w);
  if (w == NULL) return make_int(env, -ENOMEM);
  w->env = env;
  w->fd = fd;
  napi_value name;
  CHECK(napi_create_string_utf8(env, "portsentry:accept", NAPI_AUTO_LENGTH, &name));
  CHECK(napi_create_reference(env, argv[1], 1, &w->callback));
  CHECK(napi_async_init(env, NULL, name, &w->context));
  int r = uv_poll_init(loop, &w->poll, fd);
  if (r < 0) {
    napi_delete_reference(env, w->callback);
    free(w);
    return make_int(env, r);
  }
  uv_timer_init(loop, &w->pause);
  uv_unref((uv_handle_t *)&w->pause);
  w->poll.data = w;
  w->pause.data = w;
  uv_poll_start(&w->poll, UV_READABLE, accept_ready);
  return make_int(env, 0);
}

/* writeAndClose(fd: number, data: Buffer) -> 0 or -errno of the write; the descriptor is closed either way */
static napi_value write_and_close(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  int32_t fd = -1;
  void *data = NULL;
  size_t len = 0;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 2 || napi_get_value_int32(env, argv[0], &fd) != napi_ok ||
      napi_get_buffer_info(env, argv[1], &data, &len) != napi_ok) {
    napi_throw_type_error(env, NULL, "writeAndClose(fd, data) expects a number and a Buffer");
    return NULL;
  }
  int result = 0;
  if (len > 0 && send(fd, data, len, MSG_DONTWAIT | MSG_NOSIGNAL) < 0) result = -errno;
  close(fd);
  return make_int(env, result);
}

/* libnftables.h (nftables >= 0.9), declared here so that no -dev package is needed to build */
struct nft_ctx;
typedef struct nft_ctx *(*nft_ctx_new_fn)(uint32_t flags);
typedef void (*nft_ctx_free_fn)(struct nft_ctx *ctx);
typedef int (*nft_ctx_buffer_fn)(struct nft_ctx *ctx);
typedef const char *(*nft_ctx_get_buffer_fn)(struct nft_ctx *ctx);
typedef int (*nft_run_cmd_from_buffer_fn)(struct nft_ctx *ctx, const char *buf);

static struct {
  const char *missing;
  nft_ctx_new_fn ctx_new;
  nft_ctx_free_fn ctx_free;
  nft_ctx_buffer_fn buffer_output, buffer_error;
  nft_ctx_get_buffer_fn get_output, get_error;
  nft_run_cmd_from_buffer_fn run;
} nft;

static pthread_once_t nft_once = PTHREAD_ONCE_INIT;
/* libnftables is not documented as thread-safe: one context at a time, main thread or warm-up */
static pthread_mutex_t nft_lock = PTHREAD_MUTEX_INITIALIZER;

static void load_libnftables_once(void) {
  void *lib = dlopen("libnftables.so.1", RTLD_NOW | RTLD_LOCAL);
  if (lib == NULL) {
    nft.missing = "libnftables.so.1 cannot be loaded";
    return;
  }
  nft.ctx_new = (nft_ctx_new_fn)dlsym(lib, "nft_ctx_new");
  nft.ctx_free = (nft_ctx_free_fn)dlsym(lib, "nft_ctx_free");
  nft.buffer_output = (nft_ctx_buffer_fn)dlsym(lib, "nft_ctx_buffer_output");
  nft.buffer_error = (nft_ctx_buffer_fn)dlsym(lib, "nft_ctx_buffer_error");
  nft.get_output = (nft_ctx_get_buffer_fn)dlsym(lib, "nft_ctx_get_output_buffer");
  nft.get_error = (nft_ctx_get_buffer_fn)dlsym(lib, "nft_ctx_get_error_buffer");
  nft.run = (nft_run_cmd_from_buffer_fn)dlsym(lib, "nft_run_cmd_from_buffer");
  if (!nft.ctx_new || !nft.ctx_free || !nft.buffer_output || !nft.buffer_error || !nft.get_output || !nft.get_error ||
      !nft.run)
    nft.missing = "libnftables.so.1 lacks the nft_ctx_* calls";
}

static const char *load_libnftables(void) {
  pthread_once(&nft_once, load_libnftables_once);
  return nft.missing;
}

/* the libraries a stealth daemon loads at start (libpcap for cap, libnftables), mapped in advance */
static void *warm_up_thread(void *arg) {
  (void)arg;
  dlopen("libpcap.so.0.8", RTLD_NOW | RTLD_LOCAL);
  if (load_libnftables() != NULL) return NULL;
  /* the first context costs a few ms more than later ones (the library's one-time set-up) */
  pthread_mutex_lock(&nft_lock);
  struct nft_ctx *ctx = nft.ctx_new(0 /* NFT_CTX_DEFAULT */);
  if (ctx != NULL) nft.ctx_free(ctx);
  pthread_mutex_unlock(&nft_lock);
  return NULL;
}

/*
 * warmUp() -> 0 or -errno: maps libpcap and libnftables on a thread of their own, so that a stealth
 * daemon's start (which needs both, one after the other) does not wait for the dynamic linker.
 */
static napi_value warm_up(napi_env env, napi_callback_info info) {
  (void)info;
  pthread_t thread;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  int r = pthread_create(&thread, &attr, warm_up_thread, NULL);
  pthread_attr_destroy(&attr);
  return make_int(env, -r);
}

/* nftAvailable() -> whether libnftables could be loaded (nftRun then never returns null); runs nothing */
static napi_value nft_available(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  CHECK(napi_get_boolean(env, load_libnftables() == NULL, &out));
  return out;
}

/*
 * nftRun(script: string) -> null when libnftables is not available, else
 * { ok: boolean, output: string, error: string } (what nft would have printed on stdout: a listing,
 * and on stderr)
 */
static napi_value nft_run(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], out, nul;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  size_t len = 0;
  if (argc < 1 || napi_get_value_string_utf8(env, argv[0], NULL, 0, &len) != napi_ok) {
    napi_throw_type_error(env, NULL, "nftRun(script) expects a string");
    return NULL;
  }
  napi_get_null(env, &nul);
  if (load_libnftables() != NULL) return nul;
  char *script = malloc(len + 1);
  if (script == NULL) return nul;
  napi_get_value_string_utf8(env, argv[0], script, len + 1, &len);
  pthread_mutex_lock(&nft_lock);
  struct nft_ctx *ctx = nft.ctx_new(0 /* NFT_CTX_DEFAULT */);
  if (ctx == NULL) {
    pthread_mutex_unlock(&nft_lock);
    free(script);
    return nul;
  }
  nft.buffer_output(ctx);
  nft.buffer_error(ctx);
  int rc = nft.run(ctx, script);
  const char *error = nft.get_error(ctx);
  const char *output = nft.get_output(ctx);
  napi_value ok, text, listed;
  napi_status st = napi_create_object(env, &out);
  if (st == napi_ok) st = napi_get_boolean(env, rc == 0, &ok);
  if (st == napi_ok) st = napi_create_string_utf8(env, error ? error : "", NAPI_AUTO_LENGTH, &text);
  if (st == napi_ok) st = napi_create_string_utf8(env, output ? output : "", NAPI_AUTO_LENGTH, &listed);
  if (st == napi_ok) st = napi_set_named_property(env, out, "ok", ok);
  if (st == napi_ok) st = napi_set_named_property(env, out, "error", text);
  if (st == napi_ok) st = napi_set_named_property(env, out, "output", listed);
  nft.ctx_free(ctx);
  pthread_mutex_unlock(&nft_lock);
  free(script);
  if (st != napi_ok) {
    napi_throw_error(env, NULL, "nftRun: cannot build the result");
    return NULL;
  }
  return out;
}

/* newSession() -> the new session id, or -errno (EPERM: already a session leader) */
static napi_value new_session(napi_env env, napi_callback_info info) {
  (void)info;
  pid_t sid = setsid();
  return make_int(env, sid < 0 ? -errno : (int)sid);
}

/*
 * detachStdio() -> 0, or -errno: /dev/null on descriptors 0, 1 and 2 (the daemon's half of 1.2's
 * DaemonSeed(), which closes them after fork()), so that a caller that reads the invoking
 * process's output to its end, as $(portsentry -tcp) does, is not kept waiting by the daemon.
 */
static napi_value detach_stdio(napi_env env, napi_callback_info info) {
  (void)info;
  int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (fd < 0) return make_int(env, -errno);
  int err = 0;
  for (int target = 0; target <= 2; target++)
    if (dup2(fd, target) < 0 && err == 0) err = errno;
  if (fd > 2) close(fd);
  return make_int(env, -err);
}

/* defaultSignal(signo) -> 0, or -errno (EINVAL for SIGKILL, SIGSTOP or a number out of range) */
static napi_value default_signal(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t signo = 0;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 1 || napi_get_value_int32(env, argv[0], &signo) != napi_ok) {
    napi_throw_type_error(env, NULL, "defaultSignal(signo): expected a signal number");
    return NULL;
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = SIG_DFL;
  sigemptyset(&sa.sa_mask);
  return make_int(env, sigaction(signo, &sa, NULL) < 0 ? -errno : 0);
}

/* ---- the files of the hit path: fileKey, openAppend, writeText ------------------------------ */

/*
 * A path from JS as Node's fs passes it to the kernel (UTF-8, invalid sequences replaced), into
 * buf when it fits, else into memory of its own (*heap, freed by the caller). NULL with *err set:
 * -EINVAL for a NUL inside, which Node's fs refuses too.
 */
static char *get_path(napi_env env, napi_value v, char *buf, size_t size, char **heap, int *err) {
  size_t len = 0, got = 0;
  *heap = NULL;
  if (napi_get_value_string_utf8(env, v, NULL, 0, &len) != napi_ok) {
    *err = -EINVAL;
    return NULL;
  }
  char *out = buf;
  if (len + 1 > size) {
    out = *heap = malloc(len + 1);
    if (out == NULL) {
      *err = -ENOMEM;
      return NULL;
    }
  }
  napi_get_value_string_utf8(env, v, out, len + 1, &got);
  if (got != len || strlen(out) != len) {
    free(*heap);
    *heap = NULL;
    *err = -EINVAL;
    return NULL;
  }
  return out;
}

/*
 * fileKey(path: string | fd: number) -> string, or -errno: stat(2) (fstat(2) for a number) as
 * one string, its kind first ('f' a regular file, 'd' a directory, 'p' a FIFO, 'o' anything
 * else), then device:inode:size:mtime:ctime (seconds.nanoseconds). The caches of the ignore and
 * blocked files compare these at every hit; Node's statSync({ bigint: true }) builds fourteen
 * BigInts and four Dates for the same facts, four times a hit.
 */
static napi_value file_key(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_valuetype type = napi_undefined;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 1 || napi_typeof(env, argv[0], &type) != napi_ok || (type != napi_string && type != napi_number)) {
    napi_throw_type_error(env, NULL, "fileKey(pathOrFd) expects a string or a number");
    return NULL;
  }
  struct stat st;
  int r;
  if (type == napi_number) {
    int32_t fd = -1;
    CHECK(napi_get_value_int32(env, argv[0], &fd));
    r = fstat(fd, &st);
  } else {
    char buf[4096], *heap = NULL;
    int err = 0;
    const char *path = get_path(env, argv[0], buf, sizeof buf, &heap, &err);
    if (path == NULL) return make_int(env, err);
    r = stat(path, &st);
    int e = errno;
    free(heap);
    errno = e;
  }
  if (r < 0) return make_int(env, -errno);
  char kind = S_ISREG(st.st_mode) ? 'f' : S_ISDIR(st.st_mode) ? 'd' : S_ISFIFO(st.st_mode) ? 'p' : 'o';
  char key[160];
  int n = snprintf(key, sizeof key, "%c%llu:%llu:%lld:%lld.%09ld:%lld.%09ld", kind, (unsigned long long)st.st_dev,
                   (unsigned long long)st.st_ino, (long long)st.st_size, (long long)st.st_mtim.tv_sec,
                   (long)st.st_mtim.tv_nsec, (long long)st.st_ctim.tv_sec, (long)st.st_ctim.tv_nsec);
  napi_value out;
  CHECK(napi_create_string_latin1(env, key, (size_t)n, &out));
  return out;
}

/*
 * openAppend(path) -> fd or -errno: open(path, O_WRONLY|O_APPEND|O_CREAT|O_NONBLOCK|O_NOCTTY|
 * O_CLOEXEC, 0666), as Node's openSync(path, flags, 0o666) opens it (libuv adds O_CLOEXEC), for
 * the line appendLine writes (src/system/append-line.ts says why each flag).
 */
static napi_value open_append(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  char buf[4096], *heap = NULL;
  int err = -EINVAL;
  const char *path = argc < 1 ? NULL : get_path(env, argv[0], buf, sizeof buf, &heap, &err);
  if (path == NULL) return make_int(env, err);
  int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0666);
  int e = errno;
  free(heap);
  return make_int(env, fd < 0 ? -e : fd);
}

/*
 * writeText(fd, text) -> bytes written, or -errno: one write(2) of text's latin1 bytes (one byte a
 * character, as Buffer.from(text, 'latin1') has them), again after EINTR. Fewer bytes than the text
 * has: a pipe took only part of it.
 */
static napi_value write_text(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  int32_t fd = -1;
  size_t len = 0;
  napi_valuetype type = napi_undefined;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 2 || napi_get_value_int32(env, argv[0], &fd) != napi_ok || napi_typeof(env, argv[1], &type) != napi_ok ||
      type != napi_string) {
    napi_throw_type_error(env, NULL, "writeText(fd, text) expects a number and a string");
    return NULL;
  }
  char buf[4096];
  char *data = get_latin1(env, argv[1], buf, sizeof buf, &len);
  if (data == NULL) return make_int(env, -ENOMEM);
  ssize_t n;
  do n = write(fd, data, len);
  while (n < 0 && errno == EINTR);
  int e = errno;
  if (data != buf) free(data);
  return make_int(env, n < 0 ? -e : (int)n);
}

/* ---- spawnShell ---------------------------------------------------------------------------- */

extern char **environ;

/* one running command: its pidfd watched on the loop (or, without pidfd_open, a timer polling waitpid) */
typedef struct {
  union {
    uv_poll_t poll;
    uv_timer_t timer;
  } handle;
  bool polling;
  bool timed_out;
  int open_handles; /* freed when both the watch and the time limit are closed */
  uv_timer_t limit; /* the command's time limit: its process group is killed then */
  pid_t pid;
  int pidfd;
  napi_env env;
  napi_ref callback;
  napi_async_context context;
} shell_child;

#ifndef SYS_close_range
#define SYS_close_range 436
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

static int devnull_fd = -1;

/* how long spawnShell waits for a command before it leaves it to the event loop */
#define SHELL_WAIT_MS 20

/* /dev/null, opened once, close-on-exec, at 3 or above (so that dup2 onto 0, 1 and 2 always clears the flag) */
static int __attribute__((noinline)) dev_null(void) {
  if (devnull_fd >= 0) return devnull_fd;
  int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (fd < 0) return -errno;
  if (fd < 3) {
    int high = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    int e = errno;
    close(fd);
    if (high < 0) return -e;
    fd = high;
  }
  devnull_fd = fd;
  return fd;
}

static void shell_closed(uv_handle_t *handle) {
  shell_child *c = (shell_child *)handle->data;
  if (--c->open_handles > 0) return;
  if (c->pidfd >= 0) close(c->pidfd);
  free(c);
}

/* the time limit: the whole process group, so that the command's own children go too */
static void shell_limit(uv_timer_t *timer) {
  shell_child *c = (shell_child *)timer->data;
  c->timed_out = true;
  kill(-c->pid, SIGKILL);
}

/* reaps the child when it has ended; then callback(status) and the handle is closed */
static void shell_check(shell_child *c) {
  int status = 0;
  pid_t r = waitpid(c->pid, &status, WNOHANG);
  if (r == 0 || (r < 0 && errno == EINTR)) return;
  if (r < 0) status = -errno; /* ECHILD: reaped by someone else */
  if (c->polling) uv_poll_stop(&c->handle.poll);
  else uv_timer_stop(&c->handle.timer);
  uv_timer_stop(&c->limit);
  napi_env env = c->env;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) == napi_ok) {
    napi_value cb, recv, args[2], result;
    napi_get_reference_value(env, c->callback, &cb);
    napi_get_global(env, &recv);
    napi_create_int32(env, status, &args[0]);
    napi_get_boolean(env, c->timed_out, &args[1]);
    if (napi_make_callback(env, c->context, recv, cb, 2, args, &result) == napi_pending_exception) {
      napi_value error;
      napi_get_and_clear_last_exception(env, &error);
      napi_fatal_exception(env, error);
    }
    napi_close_handle_scope(env, scope);
  }
  napi_delete_reference(env, c->callback);
  napi_async_destroy(env, c->context);
  uv_close((uv_handle_t *)&c->handle, shell_closed);
  uv_close((uv_handle_t *)&c->limit, shell_closed);
}

static void shell_readable(uv_poll_t *handle, int status, int events) {
  (void)status;
  (void)events;
  shell_check((shell_child *)handle->data);
}

static void shell_tick(uv_timer_t *timer) { shell_check((shell_child *)timer->data); }

/* the vfork child, up to execve: system calls only (it runs on our memory, our thread suspended) */
/* the kernel's struct sigaction (rt_sigaction(2)), for the signals glibc's sigaction() refuses */
struct kernel_sigaction {
  void (*handler)(int);
  unsigned long flags;
  void (*restorer)(void);
  unsigned long mask;
};

static void __attribute__((noreturn, noinline)) shell_exec(char *const args[], int null_fd, volatile int *failed) {
  /*
   * Dispositions as 1.2's system() leaves them in its child (glibc's posix_spawn): SIGHUP, SIGPIPE
   * and SIGALRM ignored (1.2's DaemonSeed ignores them), glibc's two internal signals (32, 33)
   * ignored (posix_spawn's child sets them so), a real-time signal the daemon was started with
   * ignored still ignored (Node resets only 1 to 31 at its start), everything else at its default.
   */
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  for (int sig = 1; sig < NSIG; sig++) {
    if (sig == SIGKILL || sig == SIGSTOP) continue;
    if (sig >= 32 && sig < SIGRTMIN) {
      struct kernel_sigaction ignore = { SIG_IGN, 0, NULL, 0 };
      syscall(SYS_rt_sigaction, sig, &ignore, NULL, sizeof ignore.mask);
      continue;
    }
    if (sig >= SIGRTMIN) {
      /* a real-time signal: ignored stays ignored, default stays default (one query, no set);
       * only a handler (none of Node's) must go before the mask is cleared */
      struct sigaction now;
      if (sigaction(sig, NULL, &now) == 0 && (now.sa_handler == SIG_IGN || now.sa_handler == SIG_DFL) &&
          !(now.sa_flags & SA_SIGINFO))
        continue;
    }
    sa.sa_handler = (sig == SIGHUP || sig == SIGPIPE || sig == SIGALRM) ? SIG_IGN : SIG_DFL;
    sigaction(sig, &sa, NULL);
  }
  setsid();
  dup2(null_fd, 0);
  dup2(null_fd, 1);
  dup2(null_fd, 2);
  if (syscall(SYS_close_range, 3U, ~0U, 0U) < 0) {
    long max = sysconf(_SC_OPEN_MAX);
    if (max < 0 || max > 65536) max = 65536;
    for (int fd = 3; fd < max; fd++) close(fd);
  }
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  execve(args[0], args, environ);
  *failed = errno;
  _exit(127);
}

/*
 * spawnShell(command: string, limitMs: number, callback: (status, timedOut) => void) -> 0 when the
 * command was over within SHELL_WAIT_MS (the callback is not called then), its pid when it is left
 * to the event loop, or -errno when /bin/sh could not be started (-EINVAL for a NUL in command).
 * command is the shell text, passed as latin1 bytes (one byte a character, as the configuration
 * file had them). limitMs after the start, the command's process group is killed. The callback
 * gets the wait status once the shell has ended (and been reaped), and whether the time limit
 * killed it. The time limit lives here, beside the watch, so that a command costs the daemon no JS
 * timer of its own.
 */
static napi_value spawn_shell(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  size_t len = 0;
  double limit_ms = 0;
  napi_valuetype type = napi_undefined;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 3 || napi_get_value_string_latin1(env, argv[0], NULL, 0, &len) != napi_ok ||
      napi_get_value_double(env, argv[1], &limit_ms) != napi_ok || !(limit_ms >= 0) ||
      napi_typeof(env, argv[2], &type) != napi_ok || type != napi_function) {
    napi_throw_type_error(env, NULL, "spawnShell(command, limitMs, callback) expects a string, a number >= 0 and a function");
    return NULL;
  }
  int null_fd = dev_null();
  if (null_fd < 0) return make_int(env, null_fd);
  char *command = malloc(len + 1);
  shell_child *c = calloc(1, sizeof *c);
  if (command == NULL || c == NULL) {
    free(command);
    free(c);
    return make_int(env, -ENOMEM);
  }
  size_t copied = 0;
  napi_get_value_string_latin1(env, argv[0], command, len + 1, &copied);
  if (copied != len || memchr(command, '\0', len) != NULL) {
    free(command);
    free(c);
    return make_int(env, -EINVAL);
  }
  char *const args[] = { "/bin/sh", "-c", command, NULL };

  /* every signal blocked across vfork: the child shares our memory until it execs, so no handler of
   * ours may run in it; it resets the dispositions before it unblocks them */
  sigset_t all, saved;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &saved);
  volatile int child_errno = 0;
  pid_t pid = vfork();
  if (pid == 0) shell_exec(args, null_fd, &child_errno);
  int e = pid < 0 ? errno : child_errno;
  pthread_sigmask(SIG_SETMASK, &saved, NULL);
  free(command);
  if (pid < 0 || e != 0) {
    if (pid > 0) waitpid(pid, NULL, 0);
    free(c);
    return make_int(env, -e);
  }

  /*
   * Most commands are over within a few milliseconds: they are waited for here, as system()
   * waits, for at most SHELL_WAIT_MS (a command is over before its time limit or not at all, and a
   * signal for the daemon ends the wait at once), which spares the event loop a watch, a timer and
   * a callback a command. A command still running then is watched from the event loop.
   */
  int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
  double waited_ms = 0;
  if (pidfd >= 0) {
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct pollfd p = { .fd = pidfd, .events = POLLIN, .revents = 0 };
    int status = 0;
    if (poll(&p, 1, limit_ms < SHELL_WAIT_MS ? (int)limit_ms : SHELL_WAIT_MS) == 1 &&
        waitpid(pid, &status, WNOHANG) == pid) {
      close(pidfd);
      free(c);
      return make_int(env, 0);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    waited_ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
  }

  struct uv_loop_s *loop = NULL;
  napi_value name;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok ||
      napi_create_string_utf8(env, "portsentry:shell", NAPI_AUTO_LENGTH, &name) != napi_ok ||
      napi_create_reference(env, argv[2], 1, &c->callback) != napi_ok ||
      napi_async_init(env, NULL, name, &c->context) != napi_ok) {
    /* the command runs on unwatched; it is reaped here so that no zombie is left */
    waitpid(pid, NULL, 0);
    if (pidfd >= 0) close(pidfd);
    free(c);
    napi_throw_error(env, NULL, "spawnShell: cannot watch the command");
    return NULL;
  }
  c->env = env;
  c->pid = pid;
  c->pidfd = pidfd;
  if (c->pidfd >= 0 && uv_poll_init(loop, &c->handle.poll, c->pidfd) == 0) {
    c->polling = true;
    c->handle.poll.data = c;
    uv_poll_start(&c->handle.poll, UV_READABLE, shell_readable);
  } else {
    /* a kernel without pidfd_open (before 5.3): waitpid every 10 ms */
    if (c->pidfd >= 0) close(c->pidfd);
    c->pidfd = -1;
    uv_timer_init(loop, &c->handle.timer);
    c->handle.timer.data = c;
    uv_timer_start(&c->handle.timer, shell_tick, 10, 10);
  }
  c->open_handles = 2;
  uv_timer_init(loop, &c->limit);
  c->limit.data = c;
  double left_ms = limit_ms > waited_ms ? limit_ms - waited_ms : 0;
  uv_timer_start(&c->limit, shell_limit, left_ms > 4e9 ? 4000000000ULL : (uint64_t)left_ms, 0);
  return make_int(env, pid);
}

/* ---- IPv6 (ENABLE_IPV6): bindPort6, watchAccept6 ------------------------------------------- */

/* bindPort6(kind, port, keepOpen): bindPort on AF_INET6 with IPV6_V6ONLY=1, in6addr_any */
static napi_value bind_port6(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  char kind[8];
  int32_t port = 0;
  bool keep = false;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 3 || get_string(env, argv[0], kind, sizeof kind) < 0) {
    napi_throw_type_error(env, NULL, "bindPort6(kind, port, keepOpen) expects a string, a number and a boolean");
    return NULL;
  }
  CHECK(napi_get_value_int32(env, argv[1], &port));
  CHECK(napi_get_value_bool(env, argv[2], &keep));
  int32_t backlog = 5;
  napi_valuetype type = napi_undefined;
  if (argc >= 4 && napi_typeof(env, argv[3], &type) == napi_ok && type == napi_number)
    CHECK(napi_get_value_int32(env, argv[3], &backlog));
  int tcp = strcmp(kind, "tcp") == 0;
  int fd = socket(AF_INET6, (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0);
  if (fd < 0) return make_int(env, -(errno + 10000)); /* SOCKET_FAILED in src/system/native.ts */
  int one = 1;
  if (setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) < 0) {
    int e = errno;
    close(fd);
    return make_int(env, -(e + 10000));
  }
  struct sockaddr_in6 sa;
  memset(&sa, 0, sizeof sa);
  sa.sin6_family = AF_INET6;
  sa.sin6_addr = in6addr_any;
  sa.sin6_port = htons((uint16_t)port);
  if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
    int e = errno;
    close(fd);
    return make_int(env, -e);
  }
  if (tcp) listen(fd, backlog);
  if (!keep) {
    close(fd);
    return make_int(env, 0);
  }
  return make_int(env, fd);
}

static void accept6_ready(uv_poll_t *handle, int status, int events);

static void accept6_resume(uv_timer_t *timer) {
  accept_watch *w = (accept_watch *)timer->data;
  uv_poll_start(&w->poll, UV_READABLE, accept6_ready);
}

/* accept_ready for an AF_INET6 socket: the address as inet_ntop(AF_INET6) writes it */
static void accept6_ready(uv_poll_t *handle, int status, int events) {
  (void)events;
  accept_watch *w = (accept_watch *)handle->data;
  if (status < 0) return;
  for (int i = 0; i < 64; i++) {
    struct sockaddr_in6 client;
    socklen_t length = sizeof client;
    int fd = accept4(w->fd, (struct sockaddr *)&client, &length, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd >= 0) {
      char address[INET6_ADDRSTRLEN] = "";
      inet_ntop(AF_INET6, &client.sin6_addr, address, sizeof address);
      deliver(w, fd, address);
      continue;
    }
    int e = errno;
    if (e == EAGAIN || e == EWOULDBLOCK) return;
    if (e == EINTR) continue;
    deliver(w, -e, NULL);
    if (e == EMFILE || e == ENFILE || e == ENOBUFS || e == ENOMEM) {
      uv_poll_stop(&w->poll);
      uv_timer_start(&w->pause, accept6_resume, 100, 0);
    }
    return;
  }
}

/* watchAccept6(fd, callback): watchAccept for an IPv6 listening socket */
static napi_value watch_accept6(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  int32_t fd = -1;
  napi_valuetype type = napi_undefined;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 2 || napi_get_value_int32(env, argv[0], &fd) != napi_ok || napi_typeof(env, argv[1], &type) != napi_ok ||
      type != napi_function) {
    napi_throw_type_error(env, NULL, "watchAccept6(fd, callback) expects a number and a function");
    return NULL;
  }
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) return make_int(env, -errno);
  struct uv_loop_s *loop = NULL;
  CHECK(napi_get_uv_event_loop(env, &loop));
  accept_watch *w = calloc(1, sizeof *w);
  if (w == NULL) return make_int(env, -ENOMEM);
  w->env = env;
  w->fd = fd;
  napi_value name;
  CHECK(napi_create_string_utf8(env, "portsentry:accept6", NAPI_AUTO_LENGTH, &name));
  CHECK(napi_create_reference(env, argv[1], 1, &w->callback));
  CHECK(napi_async_init(env, NULL, name, &w->context));
  int r = uv_poll_init(loop, &w->poll, fd);
  if (r < 0) {
    napi_delete_reference(env, w->callback);
    free(w);
    return make_int(env, r);
  }
  uv_timer_init(loop, &w->pause);
  uv_unref((uv_handle_t *)&w->pause);
  w->poll.data = w;
  w->pause.data = w;
  uv_poll_start(&w->poll, UV_READABLE, accept6_ready);
  return make_int(env, 0);
}

/* ---- releaseStartupPages ------------------------------------------------------------------- */

/*
 * releaseStartupPages() -> kB of resident pages given back, or -errno. Once the daemon is running,
 * most of the Node executable's pages it has touched were used only to start (the parser and
 * compilers that loaded the bundle, the snapshot, start-up code): they stay resident, and counted
 * in its RSS, until the kernel reclaims them. This drops them from our page tables
 * (madvise(MADV_DONTNEED)); the page cache keeps them, so a page used again comes back by a minor
 * fault, with the same bytes. Only mappings of the executable that can hold nothing but the file's
 * bytes are touched: private, not writable, and without a single anonymous (copy-on-write) or
 * swapped page (so never the relocated RELRO part). /proc/self/smaps tells all three.
 */
#define RELEASE_MAX 64
static napi_value release_startup_pages(napi_env env, napi_callback_info info) {
  (void)info;
  struct stat exe;
  if (stat("/proc/self/exe", &exe) != 0) return make_int(env, -errno);
  FILE *f = fopen("/proc/self/smaps", "re");
  if (f == NULL) return make_int(env, -errno);
  struct { unsigned long start, end, rss; } found[RELEASE_MAX];
  int count = 0;
  bool candidate = false, clean = false;
  unsigned long start = 0, end = 0, rss = 0;
  char line[512];
  for (;;) {
    bool more = fgets(line, sizeof line, f) != NULL;
    unsigned long s, e, off, ino;
    unsigned int major, minor;
    char perms[5];
    bool header = more && sscanf(line, "%lx-%lx %4s %lx %x:%x %lu", &s, &e, perms, &off, &major, &minor, &ino) == 7;
    if ((header || !more) && candidate && clean && rss > 0 && count < RELEASE_MAX) {
      found[count].start = start;
      found[count].end = end;
      found[count].rss = rss;
      count++;
    }
    if (!more) break;
    if (header) {
      candidate = perms[1] == '-' && perms[3] == 'p' && ino == exe.st_ino && makedev(major, minor) == exe.st_dev;
      clean = true;
      start = s;
      end = e;
      rss = 0;
      continue;
    }
    unsigned long kb;
    if (sscanf(line, "Rss: %lu kB", &kb) == 1) rss = kb;
    else if (sscanf(line, "Anonymous: %lu kB", &kb) == 1 && kb != 0) clean = false;
    else if (sscanf(line, "Swap: %lu kB", &kb) == 1 && kb != 0) clean = false;
  }
  fclose(f);
  unsigned long released = 0;
  for (int i = 0; i < count; i++)
    if (madvise((void *)found[i].start, found[i].end - found[i].start, MADV_DONTNEED) == 0) released += found[i].rss;
  return make_int(env, (int)released);
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    { "bindPort", NULL, bind_port, NULL, NULL, NULL, napi_default, NULL },
    { "sendDatagram", NULL, send_datagram, NULL, NULL, NULL, napi_default, NULL },
    { "bindDatagram", NULL, bind_datagram, NULL, NULL, NULL, napi_default, NULL },
    { "recvDatagram", NULL, recv_datagram, NULL, NULL, NULL, napi_default, NULL },
    { "closeFd", NULL, close_fd, NULL, NULL, NULL, napi_default, NULL },
    { "tuneNetlinkSocket", NULL, tune_netlink_socket, NULL, NULL, NULL, napi_default, NULL },
    { "setReceiveBuffer", NULL, set_receive_buffer, NULL, NULL, NULL, napi_default, NULL },
    { "watchAccept", NULL, watch_accept, NULL, NULL, NULL, napi_default, NULL },
    { "writeAndClose", NULL, write_and_close, NULL, NULL, NULL, napi_default, NULL },
    { "nftRun", NULL, nft_run, NULL, NULL, NULL, napi_default, NULL },
    { "nftAvailable", NULL, nft_available, NULL, NULL, NULL, napi_default, NULL },
    { "warmUp", NULL, warm_up, NULL, NULL, NULL, napi_default, NULL },
    { "newSession", NULL, new_session, NULL, NULL, NULL, napi_default, NULL },
    { "detachStdio", NULL, detach_stdio, NULL, NULL, NULL, napi_default, NULL },
    { "defaultSignal", NULL, default_signal, NULL, NULL, NULL, napi_default, NULL },
    { "spawnShell", NULL, spawn_shell, NULL, NULL, NULL, napi_default, NULL },
    { "fileKey", NULL, file_key, NULL, NULL, NULL, napi_default, NULL },
    { "openAppend", NULL, open_append, NULL, NULL, NULL, napi_default, NULL },
    { "writeText", NULL, write_text, NULL, NULL, NULL, napi_default, NULL },
    { "bindPort6", NULL, bind_port6, NULL, NULL, NULL, napi_default, NULL },
    { "watchAccept6", NULL, watch_accept6, NULL, NULL, NULL, napi_default, NULL },
    { "releaseStartupPages", NULL, release_startup_pages, NULL, NULL, NULL, napi_default, NULL },
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
