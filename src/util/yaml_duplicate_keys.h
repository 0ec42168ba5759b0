// Finds mapping keys written twice in a YAML document. yaml-cpp accepts them and its
// lookups return the first, while PyYAML (NeMo, OmegaConf) keeps the last, so the same
// file would mean different things to the two; a config that sets `learning_rate` twice
// is a mistake either way. Internal to src/util (used by ParseYaml).
#pragma once

#include <string>

namespace sori {

// Throws Error(kInvalidInput) "'<name>': line L: duplicate key 'a.b' (first at line K)"
// for the first repeated key in any mapping, nested ones included, of the first document
// of `text`. Runs on parser events, so aliases are not expanded (no blow-up from
// "billion laughs" documents). Syntax errors are left to the caller's YAML::Load.
void RejectDuplicateYamlKeys(const std::string& text, const std::string& name);

}  // namespace sori
