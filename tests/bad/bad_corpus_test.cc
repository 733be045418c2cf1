// The hostile-input corpus, end to end: runs `ecsguard scan` on every entry of
// testdata/bad/expected.tsv and checks its exit status, its diagnostic codes, and that it ends
// within a time and memory bound — inputs come from pull requests, so a file that makes the
// scanner hang or balloon is as much a failure as a wrong code.
//
// Usage: bad_corpus_test ECSGUARD TESTDATA_BAD
//
// Each run is a separate process, so a crash or a hang in one entry is reported for that entry and
// the others still run. The child sets alarm(kTimeLimitSeconds) before exec: the timer survives
// exec, so a hang ends in SIGALRM without the parent polling. wait4() gives the child's peak RSS.
// Every file under TESTDATA_BAD must have a line, so a new input cannot be added untested.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

constexpr int kTimeLimitSeconds = 20;
// ASan builds need several times the memory of a plain build; real inputs need a few MiB.
constexpr long kMemoryLimitKiB = 1024L * 1024L;
constexpr const char* kManifest = "expected.tsv";

struct Entry {
  std::string path;  // relative to testdata/bad
  int exit = 0;
  std::vector<std::string> codes;
  std::vector<std::string> args;
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, sep)) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

bool read_manifest(const fs::path& file, std::vector<Entry>& entries) {
  std::ifstream in(file);
  if (!in) {
    std::cout << "FAIL " << file.string() << ": cannot read the manifest\n";
    return false;
  }
  bool ok = true;
  std::string text;
  for (int n = 1; std::getline(in, text); ++n) {
    if (text.empty() || text[0] == '#') continue;
    std::vector<std::string> cols;
    std::istringstream row(text);
    for (std::string col; std::getline(row, col, '\t');) cols.push_back(col);
    if (cols.size() != 4 || (cols[1] != "0" && cols[1] != "1" && cols[1] != "2")) {
      std::cout << "FAIL " << kManifest << ":" << n
                << ": expected 4 tab-separated columns (path, exit 0/1/2, codes, args)\n";
      ok = false;
      continue;
    }
    Entry e;
    e.path = cols[0];
    e.exit = std::stoi(cols[1]);
    if (cols[2] != "-") e.codes = split(cols[2], ',');
    if (cols[3] != "-") e.args = split(cols[3], ' ');
    entries.push_back(std::move(e));
  }
  return ok;
}

// Files nobody listed: each must be an entry or lie inside an entry directory.
std::vector<std::string> unlisted_files(const fs::path& root, const std::vector<Entry>& entries) {
  std::vector<std::string> missing;
  for (const auto& item : fs::recursive_directory_iterator(root)) {
    if (!item.is_regular_file()) continue;
    std::string name = item.path().filename().string();
    if (name == "README.md" || name == kManifest) continue;
    std::string rel = fs::relative(item.path(), root).generic_string();
    bool listed = false;
    for (const Entry& e : entries) {
      if (rel == e.path || rel.rfind(e.path + "/", 0) == 0) listed = true;
    }
    if (!listed) missing.push_back(rel);
  }
  return missing;
}

// Codes as they print: "[tf.plan.bad_json]" — lower case and '_', at least one dot.
std::set<std::string> codes_in(const std::string& out) {
  std::set<std::string> codes;
  for (std::size_t open = out.find('['); open != std::string::npos;
       open = out.find('[', open + 1)) {
    std::size_t close = out.find(']', open);
    if (close == std::string::npos) break;
    std::string inner = out.substr(open + 1, close - open - 1);
    bool shape = !inner.empty() && inner.find('.') != std::string::npos && inner.front() != '.' &&
                 inner.back() != '.';
    for (char c : inner) {
      if (!(c >= 'a' && c <= 'z') && c != '_' && c != '.') shape = false;
    }
    if (shape) codes.insert(inner);
  }
  return codes;
}

struct Run {
  int status = 0;  // as from wait4
  double seconds = 0;
  long max_rss_kib = 0;
  std::string output;  // stdout and stderr, interleaved
  std::string error;   // the run itself could not be set up
};

Run run(const std::vector<std::string>& argv) {
  Run r;
  char out_name[] = "/tmp/ecsguard-bad-corpus-XXXXXX";
  int out = mkstemp(out_name);
  if (out < 0) {
    r.error = std::string("mkstemp: ") + std::strerror(errno);
    return r;
  }
  std::vector<char*> cargv;
  for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);

  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);  // its own group, so what it starts can be killed with it
    dup2(out, STDOUT_FILENO);
    dup2(out, STDERR_FILENO);
    close(out);
    alarm(kTimeLimitSeconds);
    execv(cargv[0], cargv.data());
    std::perror("execv");
    _exit(127);
  }
  close(out);
  if (pid < 0) {
    r.error = std::string("fork: ") + std::strerror(errno);
  } else {
    struct rusage usage {};
    while (wait4(pid, &r.status, 0, &usage) < 0 && errno == EINTR) {
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.max_rss_kib = usage.ru_maxrss;                 // KiB on Linux
    if (WIFSIGNALED(r.status)) kill(-pid, SIGKILL);  // whatever a killed child left running
  }
  std::ifstream in(out_name, std::ios::binary);
  r.output.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  std::remove(out_name);
  return r;
}

std::string join(const std::set<std::string>& items) {
  std::string s;
  for (const auto& i : items) s += (s.empty() ? "" : ",") + i;
  return s.empty() ? "-" : s;
}

// Runs one entry; returns an empty string when it passes, else why it failed.
std::string check(const std::string& ecsguard, const fs::path& root, const Entry& e,
                  std::string& summary) {
  const fs::path input = root / e.path;
  if (!fs::exists(input)) return "not found";
  std::vector<std::string> argv = {ecsguard, "scan"};
  fs::path policy_dir;
  if (e.path.rfind("policies/", 0) == 0) {
    // A policy file alone in its directory, so one file's problems are not mixed with another's.
    char dir[] = "/tmp/ecsguard-bad-policy-XXXXXX";
    if (mkdtemp(dir) == nullptr) return std::string("mkdtemp: ") + std::strerror(errno);
    policy_dir = dir;
    std::error_code ec;
    fs::copy_file(input, policy_dir / input.filename(), ec);
    if (ec) {
      fs::remove_all(policy_dir, ec);
      return "cannot copy the policy file: " + ec.message();
    }
    argv.push_back((root / ".." / "examples" / "fargate-service" / "plan.json").string());
    argv.insert(argv.end(), {"--no-bundled-policies", "--policies", policy_dir.string()});
  } else {
    argv.push_back(input.string());
  }
  argv.insert(argv.end(), e.args.begin(), e.args.end());

  Run r = run(argv);
  if (!policy_dir.empty()) fs::remove_all(policy_dir);
  if (!r.error.empty()) return r.error;

  std::set<std::string> found = codes_in(r.output);
  char buf[128];
  std::snprintf(buf, sizeof buf, "%.2fs %ldMiB", r.seconds, r.max_rss_kib / 1024);
  int exit = WIFEXITED(r.status) ? WEXITSTATUS(r.status) : -1;
  summary = (exit >= 0 ? "exit=" + std::to_string(exit)
                       : "signal=" + std::to_string(WTERMSIG(r.status))) +
            " codes=" + join(found) + " " + buf;

  std::string why;
  auto fail = [&](const std::string& reason) { why += (why.empty() ? "" : "; ") + reason; };
  if (WIFSIGNALED(r.status)) {
    int sig = WTERMSIG(r.status);
    fail(sig == SIGALRM ? "still running after " + std::to_string(kTimeLimitSeconds) + " s"
                        : std::string("killed by signal ") + strsignal(sig));
  } else if (exit != e.exit) {
    fail("exit " + std::to_string(exit) + ", expected " + std::to_string(e.exit));
  }
  for (const auto& code : e.codes) {
    if (found.count(code) == 0) fail("no [" + code + "]");
  }
  if (r.seconds >= kTimeLimitSeconds && !WIFSIGNALED(r.status)) fail(std::string("took ") + buf);
  if (r.max_rss_kib >= kMemoryLimitKiB) fail(std::string("used ") + buf);
  if (!why.empty()) why += " (" + summary + ")";
  return why;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: bad_corpus_test ECSGUARD TESTDATA_BAD\n";
    return 2;
  }
  const std::string ecsguard = argv[1];
  const fs::path root = argv[2];
  if (!fs::is_directory(root)) {
    std::cerr << "bad_corpus_test: " << root.string() << " is not a directory\n";
    return 2;
  }

  std::vector<Entry> entries;
  int failures = read_manifest(root / kManifest, entries) ? 0 : 1;
  for (const auto& rel : unlisted_files(root, entries)) {
    std::cout << "FAIL " << rel << ": no line in " << kManifest << "\n";
    ++failures;
  }
  for (const Entry& e : entries) {
    std::string summary;
    std::string why = check(ecsguard, root, e, summary);
    if (why.empty()) {
      std::cout << "ok " << e.path << "  " << summary << "\n";
    } else {
      std::cout << "FAIL " << e.path << ": " << why << "\n";
      ++failures;
    }
    std::cout.flush();
  }
  std::cout << entries.size() << " entries, " << failures << " failed\n";
  return failures == 0 ? 0 : 1;
}
