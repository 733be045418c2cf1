#include "review/hcl_blocks.h"

namespace ecsguard::review {

namespace {

bool ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9') || c == '-'; }

// Templates nest strings that nest templates; past this depth the rest of a string is skipped
// flatly, which keeps hostile input from exhausting the stack.
constexpr int kMaxNesting = 64;

class Lexer {
 public:
  explicit Lexer(std::string_view text) : s_(text) {}

  std::vector<HclBlock> run() {
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == '\n') {
        header_.reset();  // a block header ends with `{` on its own line
        bump();
      } else if (c == ' ' || c == '\t' || c == '\r') {
        bump();
      } else if (c == '#' || (c == '/' && peek(1) == '/')) {
        skip_line_comment();
      } else if (c == '/' && peek(1) == '*') {
        skip_block_comment();
      } else if (c == '"') {
        bool plain = true;
        std::string text;
        bump();
        skip_string(0, &plain, &text);
        if (depth_ == 0 && header_.active && plain) {
          header_.block.labels.push_back(text);
        } else {
          header_.reset();
        }
      } else if (c == '<' && peek(1) == '<' && heredoc()) {
        header_.reset();
      } else if (c == '{') {
        if (depth_ == 0 && header_.active) blocks_.push_back(header_.block);
        header_.reset();
        ++depth_;
        bump();
      } else if (c == '[' || c == '(') {
        header_.reset();
        ++depth_;
        bump();
      } else if (c == '}' || c == ']' || c == ')') {
        header_.reset();
        if (depth_ > 0) --depth_;
        bump();
      } else if (ident_start(c)) {
        uint32_t line = line_, column = column_;
        std::string word;
        while (i_ < s_.size() && ident_char(s_[i_])) {
          word += s_[i_];
          bump();
        }
        if (depth_ != 0) continue;
        if (!header_.active && !header_.broken) {
          header_.active = true;
          header_.block = HclBlock{word, {}, line, column};
        } else if (header_.active) {
          header_.block.labels.push_back(word);
        }
      } else {
        header_.reset();
        header_.broken = depth_ == 0;  // `a = b {`: not a block header until the next line
        bump();
      }
    }
    return std::move(blocks_);
  }

 private:
  struct Header {
    bool active = false;
    bool broken = false;
    HclBlock block;
    void reset() {
      active = false;
      broken = false;
      block = HclBlock{};
    }
  };

  char peek(std::size_t ahead) const { return i_ + ahead < s_.size() ? s_[i_ + ahead] : '\0'; }

  void bump() {
    if (s_[i_] == '\n') {
      ++line_;
      column_ = 1;
    } else {
      ++column_;
    }
    ++i_;
  }

  void skip_line_comment() {
    while (i_ < s_.size() && s_[i_] != '\n') bump();
  }

  void skip_block_comment() {
    bump();
    bump();
    while (i_ < s_.size() && !(s_[i_] == '*' && peek(1) == '/')) bump();
    if (i_ < s_.size()) {
      bump();
      bump();
    }
  }

  // After the opening quote: up to and including the closing one. `plain` is cleared when the
  // string holds a template; `text` collects the characters of a plain string.
  void skip_string(int nesting, bool* plain, std::string* text) {
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == '"') {
        bump();
        return;
      }
      if (c == '\n') return;  // unterminated: HCL strings end at the line
      if (c == '\\') {
        bump();
        if (i_ < s_.size() && s_[i_] != '\n') bump();
        if (plain) *plain = false;  // escapes are never part of resource names
        continue;
      }
      if ((c == '$' || c == '%') && peek(1) == c && peek(2) == '{') {
        bump();  // "$${" and "%%{" are literal
        bump();
        continue;
      }
      if ((c == '$' || c == '%') && peek(1) == '{') {
        if (plain) *plain = false;
        bump();
        bump();
        if (nesting < kMaxNesting) skip_template(nesting + 1);
        continue;
      }
      if (text) *text += c;
      bump();
    }
  }

  // After "${": up to and including the matching "}". Strings inside may hold templates again.
  void skip_template(int nesting) {
    int braces = 1;
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == '"') {
        bump();
        skip_string(nesting, nullptr, nullptr);
        continue;
      }
      if (c == '{') ++braces;
      if (c == '}' && --braces == 0) {
        bump();
        return;
      }
      bump();
    }
  }

  // At "<<": a heredoc when an identifier and the end of the line follow; then skips its body
  // through the closing marker line.
  bool heredoc() {
    std::size_t j = i_ + 2;
    if (j < s_.size() && s_[j] == '-') ++j;
    std::size_t start = j;
    while (j < s_.size() && ident_char(s_[j])) ++j;
    std::string marker(s_.substr(start, j - start));
    while (j < s_.size() && (s_[j] == ' ' || s_[j] == '\t' || s_[j] == '\r')) ++j;
    if (marker.empty() || !ident_start(marker[0]) || j >= s_.size() || s_[j] != '\n') {
      return false;
    }
    while (i_ <= j) bump();
    while (i_ < s_.size()) {
      std::size_t end = s_.find('\n', i_);
      std::string_view line =
          s_.substr(i_, end == std::string_view::npos ? s_.size() - i_ : end - i_);
      std::size_t a = line.find_first_not_of(" \t");
      std::size_t b = line.find_last_not_of(" \t\r");
      bool closing = a != std::string_view::npos && line.substr(a, b - a + 1) == marker;
      while (i_ < s_.size() && s_[i_] != '\n') bump();
      if (closing) return true;
      if (i_ < s_.size()) bump();
    }
    return true;
  }

  std::string_view s_;
  std::size_t i_ = 0;
  uint32_t line_ = 1;
  uint32_t column_ = 1;
  int depth_ = 0;
  Header header_;
  std::vector<HclBlock> blocks_;
};

}  // namespace

std::vector<HclBlock> top_level_blocks(std::string_view text) { return Lexer(text).run(); }

}  // namespace ecsguard::review
