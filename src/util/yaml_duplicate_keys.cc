#include "util/yaml_duplicate_keys.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <map>
#include <sstream>
#include <vector>

#include "util/error.h"

namespace sori {
namespace {

// Follows the parser's events with a stack of open collections. In a mapping, nodes
// alternate key, value; a scalar key already seen in the same mapping is reported.
class DuplicateKeyFinder final : public YAML::EventHandler {
 public:
  explicit DuplicateKeyFinder(std::string name) : name_(std::move(name)) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { Node(mark, nullptr); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { Node(mark, nullptr); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string& value) override {
    Node(mark, &value);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    Open(mark, false);
  }
  void OnSequenceEnd() override { open_.pop_back(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    Open(mark, true);
  }
  void OnMapEnd() override { open_.pop_back(); }

 private:
  struct Collection {
    bool is_map = false;
    std::string path;                 // "training.optim", "data.items[2]"; "" at the top
    bool next_is_key = true;          // maps only
    std::string key;                  // the key whose value comes next (maps only)
    size_t items = 0;                 // sequences only
    std::map<std::string, int> keys;  // key -> 1-based line of its first occurrence
  };

  // Records a node in the enclosing collection and returns the path a collection
  // starting here would have.
  std::string Node(const YAML::Mark& mark, const std::string* scalar) {
    if (open_.empty()) return "";
    Collection& parent = open_.back();
    if (!parent.is_map) return parent.path + "[" + std::to_string(parent.items++) + "]";
    if (!parent.next_is_key) {
      parent.next_is_key = true;
      return Dotted(parent.path, parent.key);
    }
    parent.next_is_key = false;
    parent.key = scalar ? *scalar : std::string("?");
    if (scalar) CheckKey(&parent, mark);
    return "";
  }

  void CheckKey(Collection* map, const YAML::Mark& mark) {
    const auto [it, inserted] = map->keys.emplace(map->key, mark.line + 1);
    if (inserted) return;
    throw Error(ErrorCode::kInvalidInput,
                "'" + name_ + "': line " + std::to_string(mark.line + 1) + ": duplicate key '" +
                    Dotted(map->path, map->key) + "' (first at line " + std::to_string(it->second) +
                    "); each key may appear once");
  }

  void Open(const YAML::Mark& mark, bool is_map) {
    Collection c;
    c.is_map = is_map;
    c.path = Node(mark, nullptr);
    open_.push_back(std::move(c));
  }

  static std::string Dotted(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }

  std::string name_;
  std::vector<Collection> open_;
};

}  // namespace

void RejectDuplicateYamlKeys(const std::string& text, const std::string& name) {
  std::istringstream in(text);
  DuplicateKeyFinder finder(name);
  try {
    YAML::Parser parser(in);
    parser.HandleNextDocument(finder);
  } catch (const YAML::Exception&) {
    // Syntax errors: YAML::Load reports them, with the same line, right after this.
  }
}

}  // namespace sori
