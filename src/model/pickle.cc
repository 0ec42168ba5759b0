#include "model/pickle.h"

#include <cstring>

#include "util/error.h"

namespace sori::pickle {
namespace {

constexpr size_t kMaxStack = 1 << 20;

class Reader {
 public:
  Reader(std::string_view data, const std::string& name) : data_(data), name_(name) {}

  ValuePtr Run() {
    while (true) {
      const size_t at = pos_;
      const uint8_t op = Byte();
      switch (op) {
        case 0x80: Byte(); break;                         // PROTO
        case 0x95: Bytes(8); break;                       // FRAME
        case '.': return Pop(at);                         // STOP
        case '(': marks_.push_back(stack_.size()); break; // MARK
        case '}': Push(Make(Value::Kind::kDict)); break;
        case ']': Push(Make(Value::Kind::kList)); break;
        case ')': Push(Make(Value::Kind::kTuple)); break;
        case 'N': Push(Make(Value::Kind::kNone)); break;
        case 0x88: Push(Bool(true)); break;
        case 0x89: Push(Bool(false)); break;
        case 'J': Push(Int(static_cast<int32_t>(Le(4)))); break;
        case 'K': Push(Int(static_cast<int64_t>(Byte()))); break;
        case 'M': Push(Int(static_cast<int64_t>(Le(2)))); break;
        case 0x8a: Push(Int(Long1(at))); break;
        case 'G': Push(Float(BigEndianDouble())); break;
        case 'X': Push(String(Bytes(Le(4)))); break;
        case 0x8c: Push(String(Bytes(Byte()))); break;    // SHORT_BINUNICODE
        case 'T': Push(String(Bytes(Le(4)))); break;      // BINSTRING
        case 'U': Push(String(Bytes(Byte()))); break;     // SHORT_BINSTRING
        case 'c': {                                       // GLOBAL (two reads, in order)
          const std::string module = Line();
          const std::string global = Line();
          Push(Global(module, global));
          break;
        }
        case 0x93: {                                      // STACK_GLOBAL
          const ValuePtr n = Pop(at), m = Pop(at);
          Push(Global(m->s, n->s));
          break;
        }
        case 'q': Memo(Byte()); break;
        case 'r': Memo(Le(4)); break;
        case 0x94: Memo(memo_.size()); break;             // MEMOIZE
        case 'h': Push(Get(Byte(), at)); break;
        case 'j': Push(Get(Le(4), at)); break;
        case 't': Push(TupleFrom(PopMark(at))); break;
        case 0x85: { auto a = Pop(at); Push(TupleFrom({a})); break; }
        case 0x86: { auto b = Pop(at), a = Pop(at); Push(TupleFrom({a, b})); break; }
        case 0x87: { auto c = Pop(at), b = Pop(at), a = Pop(at); Push(TupleFrom({a, b, c})); break; }
        case 'a': { auto v = Pop(at); ListOf(Top(at), at)->items.push_back(v); break; }
        case 'e': { auto items = PopMark(at); auto l = ListOf(Top(at), at); l->items.insert(l->items.end(), items.begin(), items.end()); break; }
        case 's': { auto v = Pop(at), k = Pop(at); DictOf(Top(at), at)->dict.emplace_back(k, v); break; }
        case 'u': {
          auto kv = PopMark(at);
          if (kv.size() % 2 != 0) Fail(at, "SETITEMS with an odd number of items");
          auto d = DictOf(Top(at), at);
          for (size_t k = 0; k < kv.size(); k += 2) d->dict.emplace_back(kv[k], kv[k + 1]);
          break;
        }
        case 'Q': Push(PersistentLoad(Pop(at), at)); break;  // BINPERSID
        case 'R': { auto args = Pop(at), fn = Pop(at); Push(Reduce(fn, args, at)); break; }
        case 0x81: { auto args = Pop(at), cls = Pop(at); Push(Reduce(cls, args, at)); break; }  // NEWOBJ
        case 'b': Pop(at); break;  // BUILD: the state (e.g. a state dict's _metadata) is not needed
        default: {
          char hex[8];
          std::snprintf(hex, sizeof(hex), "0x%02x", op);
          throw Error(ErrorCode::kUnsupported, "'" + name_ + "': pickle opcode " + hex + " at byte " +
                                                   std::to_string(at) + " is not supported in a checkpoint");
        }
      }
    }
  }

 private:
  [[noreturn]] void Fail(size_t at, const std::string& what) const {
    throw Error(ErrorCode::kInvalidInput, "'" + name_ + "': malformed pickle at byte " + std::to_string(at) + ": " + what);
  }
  uint8_t Byte() {
    if (pos_ >= data_.size()) Fail(pos_, "unexpected end of data");
    return static_cast<uint8_t>(data_[pos_++]);
  }
  std::string_view Bytes(uint64_t n) {
    if (n > data_.size() - pos_) Fail(pos_, "a field runs past the end of the data");
    const std::string_view v = data_.substr(pos_, n);
    pos_ += n;
    return v;
  }
  uint64_t Le(int n) {
    const std::string_view b = Bytes(static_cast<uint64_t>(n));
    uint64_t v = 0;
    for (int k = n - 1; k >= 0; --k) v = (v << 8) | static_cast<uint8_t>(b[static_cast<size_t>(k)]);
    return v;
  }
  int64_t Long1(size_t at) {
    const uint8_t n = Byte();
    if (n > 8) Fail(at, "integer wider than 64 bits");
    const std::string_view b = Bytes(n);
    uint64_t v = 0;
    for (int k = static_cast<int>(n) - 1; k >= 0; --k) v = (v << 8) | static_cast<uint8_t>(b[static_cast<size_t>(k)]);
    if (n > 0 && n < 8 && (static_cast<uint8_t>(b[n - 1]) & 0x80)) v |= ~uint64_t{0} << (8 * n);  // sign-extend
    return static_cast<int64_t>(v);
  }
  double BigEndianDouble() {
    const std::string_view b = Bytes(8);
    uint64_t v = 0;
    for (char c : b) v = (v << 8) | static_cast<uint8_t>(c);
    double d;
    std::memcpy(&d, &v, 8);
    return d;
  }
  std::string Line() {
    const size_t end = data_.find('\n', pos_);
    if (end == std::string_view::npos) Fail(pos_, "unterminated GLOBAL name");
    std::string s(data_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return s;
  }

  static ValuePtr Make(Value::Kind k) {
    auto v = std::make_shared<Value>();
    v->kind = k;
    return v;
  }
  static ValuePtr Bool(bool b) { auto v = Make(Value::Kind::kBool); v->b = b; return v; }
  static ValuePtr Int(int64_t i) { auto v = Make(Value::Kind::kInt); v->i = i; return v; }
  static ValuePtr Float(double f) { auto v = Make(Value::Kind::kFloat); v->f = f; return v; }
  static ValuePtr String(std::string_view s) { auto v = Make(Value::Kind::kString); v->s = std::string(s); return v; }
  static ValuePtr Global(const std::string& m, const std::string& n) {
    auto v = Make(Value::Kind::kGlobal);
    v->s = m + "." + n;
    return v;
  }
  static ValuePtr TupleFrom(std::vector<ValuePtr> items) {
    auto v = Make(Value::Kind::kTuple);
    v->items = std::move(items);
    return v;
  }

  void Push(ValuePtr v) {
    if (stack_.size() >= kMaxStack) Fail(pos_, "stack too deep");
    stack_.push_back(std::move(v));
  }
  ValuePtr Pop(size_t at) {
    if (stack_.empty() || (!marks_.empty() && stack_.size() <= marks_.back())) Fail(at, "stack underflow");
    ValuePtr v = stack_.back();
    stack_.pop_back();
    return v;
  }
  const ValuePtr& Top(size_t at) {
    if (stack_.empty()) Fail(at, "stack underflow");
    return stack_.back();
  }
  std::vector<ValuePtr> PopMark(size_t at) {
    if (marks_.empty()) Fail(at, "no MARK");
    const size_t m = marks_.back();
    marks_.pop_back();
    std::vector<ValuePtr> items(stack_.begin() + static_cast<std::ptrdiff_t>(m), stack_.end());
    stack_.resize(m);
    return items;
  }
  void Memo(uint64_t key) {
    if (stack_.empty()) Fail(pos_, "memo of an empty stack");
    memo_[key] = stack_.back();
  }
  ValuePtr Get(uint64_t key, size_t at) {
    const auto it = memo_.find(key);
    if (it == memo_.end()) Fail(at, "memo key " + std::to_string(key) + " was never stored");
    return it->second;
  }
  ValuePtr ListOf(const ValuePtr& v, size_t at) {
    if (v->kind != Value::Kind::kList) Fail(at, "APPEND to a non-list");
    return v;
  }
  ValuePtr DictOf(const ValuePtr& v, size_t at) {
    if (v->kind != Value::Kind::kDict) Fail(at, "SETITEM on a non-dict");
    return v;
  }

  static std::string DtypeOfStorage(const std::string& cls) {
    static const std::map<std::string, std::string> kTypes = {
        {"torch.FloatStorage", "float32"}, {"torch.DoubleStorage", "float64"}, {"torch.HalfStorage", "float16"},
        {"torch.BFloat16Storage", "bfloat16"}, {"torch.LongStorage", "int64"}, {"torch.IntStorage", "int32"},
        {"torch.ShortStorage", "int16"}, {"torch.CharStorage", "int8"}, {"torch.ByteStorage", "uint8"},
        {"torch.BoolStorage", "bool"}};
    const auto it = kTypes.find(cls);
    return it == kTypes.end() ? "" : it->second;
  }

  // ('storage', <storage class>, key, location, numel)
  ValuePtr PersistentLoad(const ValuePtr& pid, size_t at) {
    if (pid->kind != Value::Kind::kTuple || pid->items.size() < 5 || pid->items[0]->s != "storage" ||
        pid->items[1]->kind != Value::Kind::kGlobal || pid->items[2]->kind != Value::Kind::kString ||
        pid->items[4]->kind != Value::Kind::kInt) {
      Fail(at, "persistent id is not a torch storage reference");
    }
    auto v = Make(Value::Kind::kStorage);
    v->tensor.dtype = DtypeOfStorage(pid->items[1]->s);
    if (v->tensor.dtype.empty()) {
      throw Error(ErrorCode::kUnsupported, "'" + name_ + "': storage type " + pid->items[1]->s + " is not supported");
    }
    v->tensor.storage_key = pid->items[2]->s;
    v->tensor.storage_numel = pid->items[4]->i;
    return v;
  }

  static std::vector<int64_t> Ints(const ValuePtr& t) {
    std::vector<int64_t> out;
    for (const auto& x : t->items) out.push_back(x->i);
    return out;
  }

  ValuePtr Reduce(const ValuePtr& fn, const ValuePtr& args, size_t at) {
    if (fn->kind != Value::Kind::kGlobal || args->kind != Value::Kind::kTuple) Fail(at, "REDUCE needs a global and a tuple");
    const std::string& f = fn->s;
    if (f == "collections.OrderedDict" || f == "builtins.dict") return Make(Value::Kind::kDict);
    // torch::pickle_save tags containers with their TorchScript type: the value is args[0].
    if (f == "torch.jit._pickle.restore_type_tag") {
      if (args->items.empty()) Fail(at, "restore_type_tag without a value");
      return args->items[0];
    }
    if (f == "torch._utils._rebuild_tensor_v2" || f == "torch._utils._rebuild_tensor") {
      if (args->items.size() < 4 || args->items[0]->kind != Value::Kind::kStorage ||
          args->items[1]->kind != Value::Kind::kInt || args->items[2]->kind != Value::Kind::kTuple ||
          args->items[3]->kind != Value::Kind::kTuple) {
        Fail(at, "malformed _rebuild_tensor arguments");
      }
      auto v = Make(Value::Kind::kTensor);
      v->tensor = args->items[0]->tensor;
      v->tensor.offset = args->items[1]->i;
      v->tensor.sizes = Ints(args->items[2]);
      v->tensor.strides = Ints(args->items[3]);
      if (v->tensor.sizes.size() != v->tensor.strides.size()) Fail(at, "tensor sizes and strides differ in rank");
      return v;
    }
    if (f == "torch._utils._rebuild_parameter" || f == "torch._utils._rebuild_parameter_with_state") {
      if (args->items.empty() || args->items[0]->kind != Value::Kind::kTensor) Fail(at, "malformed _rebuild_parameter");
      return args->items[0];
    }
    if (f == "torch.device") {  // a location argument in some checkpoints
      auto v = Make(Value::Kind::kString);
      v->s = args->items.empty() ? "" : args->items[0]->s;
      return v;
    }
    // Anything else (a pickled class from the training code, say) is kept as an opaque
    // object: readers that need only tensors can ignore it.
    auto v = Make(Value::Kind::kObject);
    v->s = f;
    v->items = args->items;
    return v;
  }

  std::string_view data_;
  const std::string& name_;
  size_t pos_ = 0;
  std::vector<ValuePtr> stack_;
  std::vector<size_t> marks_;
  std::map<uint64_t, ValuePtr> memo_;
};

}  // namespace

ValuePtr Unpickle(std::string_view data, const std::string& name) { return Reader(data, name).Run(); }

}  // namespace sori::pickle
