// English transcript normalizer for training targets and scoring (reference and
// hypothesis must go through the same options). Rules, in order:
//   1. Unicode clean-up: full-width ASCII forms U+FF01..U+FF5E become ASCII; curly and
//      modifier apostrophes (U+2018 U+2019 U+201B U+02BC U+2032) become "'", curly
//      double quotes (U+201C U+201D U+201E U+201F U+2033) become '"'; dashes U+2010..U+2015
//      and U+2212 become "-"; Unicode spaces become spaces; zero-width characters are
//      deleted. "It’s “fine”" -> "It's \"fine\"".
//   2. If lowercase: A..Z and the Latin-1 capitals U+00C0..U+00DE (except U+00D7 "×")
//      become lower case. Other scripts are unchanged.
//   3. If remove_punctuation:
//      - "'" is kept only inside a word (between two letters or digits) and only if
//        keep_apostrophes: "don't" stays, "'quoted'" -> "quoted", "students'" ->
//        "students"; without keep_apostrophes "don't" -> "dont".
//      - "-" and "/" become spaces: "well-known" -> "well known", "and/or" -> "and or".
//      - "." between two digits is a decimal point and stays ("3.5"); other ASCII
//        punctuation and symbols (! " # $ % & ( ) * + , . : ; < = > ? @ [ \ ] ^ _ ` { | } ~)
//        and the punctuation U+00A1 U+00AB U+00BB U+00BF U+2016..U+2027 U+2030..U+205E are
//        deleted: "Hello, world!" -> "hello world", "U.S." -> "us", "50%" -> "50".
//   4. White space is folded to single spaces and trimmed.
//
// Throws Error(kInvalidInput) naming the byte offset if `text` is not valid UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace sori {

struct EnglishNormalizerOptions {
  bool lowercase = true;
  bool remove_punctuation = true;
  bool keep_apostrophes = true;  // only with remove_punctuation: "don't" keeps its "'"
};

std::string NormalizeEnglish(std::string_view text, const EnglishNormalizerOptions& options = {});

}  // namespace sori
