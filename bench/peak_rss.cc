// Runs a command and prints its peak resident memory, for the benchmark (bench/run.py).
//
//   peak_rss COMMAND [ARG...]
//
// Linux counts the memory a process had when it forked into its child's ru_maxrss (the child
// starts as a copy of it), so a large parent — the Python that runs the benchmark — reads its
// own size for any child smaller than itself. This small process forks the command instead.
// The command's stdout is passed through and its stderr discarded; the last line on stderr is
// "peak_rss BYTES SECONDS" (SECONDS from the fork to the command's end), and the exit status is
// the command's (128 + N when killed by signal N).
#include <sys/resource.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: peak_rss COMMAND [ARG...]\n");
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid < 0) {
    std::perror("peak_rss: fork");
    return 2;
  }
  if (pid == 0) {
    // The command's stderr goes to /dev/null; a copy of ours is kept to say why it did not run.
    int err = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null >= 0) dup2(null, STDERR_FILENO);
    execvp(argv[1], argv + 1);
    if (err >= 0) dprintf(err, "peak_rss: cannot run %s: %s\n", argv[1], std::strerror(errno));
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) < 0) {
    std::perror("peak_rss: wait4");
    return 2;
  }
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  std::fprintf(stderr, "peak_rss %lld %.6f\n", static_cast<long long>(usage.ru_maxrss) * 1024,
               took.count());
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}
