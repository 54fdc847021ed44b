// fork/exec with both pipes drained by poll(), so a chatty child can never block on a full pipe.
#include "subprocess.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

namespace mpisight::testkit {
namespace {

using Clock = std::chrono::steady_clock;

pid_t spawn(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env, int out_fd[2],
            int err_fd[2]) {
  if (pipe2(out_fd, O_CLOEXEC) != 0 || pipe2(err_fd, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  const pid_t child = fork();
  if (child < 0) {
    throw std::runtime_error("fork failed");
  }
  if (child == 0) {
    setpgid(0, 0);  // own process group: a timeout can take down mpiexec and every rank
    dup2(out_fd[1], STDOUT_FILENO);
    dup2(err_fd[1], STDERR_FILENO);
    for (const auto& [name, value] : env) {
      setenv(name.c_str(), value.c_str(), 1);
    }
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const std::string& arg : argv) {
      args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  setpgid(child, child);
  close(out_fd[1]);
  close(err_fd[1]);
  return child;
}

ProcessResult run_impl(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                       const std::map<std::string, std::string>& env, int first_signal,
                       std::chrono::milliseconds grace) {
  int out_fd[2];
  int err_fd[2];
  const pid_t child = spawn(argv, env, out_fd, err_fd);
  ProcessResult result;
  const auto deadline = Clock::now() + timeout;
  auto kill_deadline = Clock::time_point::max();
  pollfd fds[2] = {{out_fd[0], POLLIN, 0}, {err_fd[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_pipes = 2;
  while (open_pipes > 0) {
    const auto now = Clock::now();
    if (now >= deadline && !result.timed_out) {
      result.timed_out = true;
      kill(first_signal == SIGKILL ? -child : child, first_signal);
      kill_deadline = now + grace;
    }
    if (now >= kill_deadline) {
      kill(-child, SIGKILL);
      kill_deadline = Clock::time_point::max();
    }
    if (poll(fds, 2, 100) < 0) {
      continue;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd >= 0 && (fds[i].revents & (POLLIN | POLLHUP)) != 0) {
        char buffer[4096];
        const ssize_t n = read(fds[i].fd, buffer, sizeof(buffer));
        if (n > 0) {
          sinks[i]->append(buffer, static_cast<std::size_t>(n));
        } else {
          close(fds[i].fd);
          fds[i].fd = -1;
          --open_pipes;
        }
      }
    }
  }
  int status = 0;
  waitpid(child, &status, 0);
  kill(-child, SIGKILL);  // nothing of the run may outlive the test
  result.exited = WIFEXITED(status);
  result.exit_code = result.exited ? WEXITSTATUS(status) : -1;
  result.term_signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  return result;
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                          const std::map<std::string, std::string>& env) {
  return run_impl(argv, timeout, env, SIGKILL, std::chrono::milliseconds(0));
}

ProcessResult run_process_signal_at_deadline(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                                             int first_signal, std::chrono::milliseconds grace) {
  return run_impl(argv, timeout, {}, first_signal, grace);
}

}  // namespace mpisight::testkit
