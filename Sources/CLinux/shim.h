// Linux calls Swift's Glibc module does not export: epoll (whose `struct epoll_event` is also packed
// with a union inside, so these wrappers take and return plain integers) and sync_file_range.
#include <sys/epoll.h>
#include <sys/types.h>
#include <errno.h>

static inline int pail_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

/// Arms `fd` for one readiness report (input or hang-up), adding it to the set if needed.
static inline int pail_epoll_arm_oneshot_read(int epfd, int fd) {
    struct epoll_event ev;
    ev.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
    ev.data.u64 = 0;
    ev.data.fd = fd;
    if (epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &ev) == 0) return 0;
    if (errno != ENOENT) return -1;
    return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
}

/// Waits up to `timeout_ms` and stores the ready descriptors in `fds` (at most `max`, capped at 256).
static inline int pail_epoll_wait_fds(int epfd, int *fds, int max, int timeout_ms) {
    struct epoll_event events[256];
    if (max > 256) max = 256;
    int n = epoll_wait(epfd, events, max, timeout_ms);
    for (int i = 0; i < n; i++) fds[i] = events[i].data.fd;
    return n;
}

extern int sync_file_range(int fd, __off64_t offset, __off64_t nbytes, unsigned int flags);

/// Starts writeback of the dirty pages in [offset, offset+length) without waiting for it
/// (SYNC_FILE_RANGE_WRITE). Returns 0, or -1 with errno set.
static inline int pail_start_writeback(int fd, long offset, long length) {
    return sync_file_range(fd, offset, length, 2 /* SYNC_FILE_RANGE_WRITE */);
}
