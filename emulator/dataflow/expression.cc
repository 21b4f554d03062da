#include "emulator/dataflow/expression.h"

#include <utility>

namespace sfn::dataflow {
namespace {

class Literal final : public Expression {
 public:
  explicit Literal(Json value) : value_(std::move(value)), text_(DumpJson(value_)) {}
  Outcome<Value> Evaluate(const EvalScope&) const override { return Value(value_); }
  ExpressionKind kind() const override { return ExpressionKind::kLiteral; }
  const std::string& text() const override { return text_; }

 private:
  Json value_;
  std::string text_;
};

class Path final : public Expression {
 public:
  explicit Path(Reference reference) : reference_(std::move(reference)) {}
  Outcome<Value> Evaluate(const EvalScope& scope) const override {
    Outcome<std::optional<Json>> v = reference_.Evaluate(scope);
    if (!v.ok()) return v.failure();
    return Value(std::move(v).value());
  }
  ExpressionKind kind() const override { return ExpressionKind::kPath; }
  const std::string& text() const override { return reference_.text(); }
  const Reference* reference() const override { return &reference_; }

 private:
  Reference reference_;
};

class IntrinsicCall final : public Expression {
 public:
  explicit IntrinsicCall(Intrinsic intrinsic) : intrinsic_(std::move(intrinsic)) {}
  Outcome<Value> Evaluate(const EvalScope& scope) const override {
    Outcome<Json> v = intrinsic_.Evaluate(scope);
    if (!v.ok()) return v.failure();
    return Value(std::move(v).value());
  }
  ExpressionKind kind() const override { return ExpressionKind::kIntrinsic; }
  const std::string& text() const override { return intrinsic_.text(); }

 private:
  Intrinsic intrinsic_;
};

class PayloadTemplate final : public Expression {
 public:
  PayloadTemplate(Template templ, std::string text)
      : template_(std::move(templ)), text_(std::move(text)) {}
  Outcome<Value> Evaluate(const EvalScope& scope) const override {
    Outcome<Json> v = template_.Evaluate(scope);
    if (!v.ok()) return v.failure();
    return Value(std::move(v).value());
  }
  ExpressionKind kind() const override { return ExpressionKind::kTemplate; }
  const std::string& text() const override { return text_; }

 private:
  Template template_;
  std::string text_;
};

}  // namespace

ExpressionPtr MakeLiteral(Json value) { return std::make_shared<Literal>(std::move(value)); }

ExpressionPtr MakePath(Reference reference) { return std::make_shared<Path>(std::move(reference)); }

ExpressionPtr MakeIntrinsic(Intrinsic intrinsic) {
  return std::make_shared<IntrinsicCall>(std::move(intrinsic));
}

ExpressionPtr MakeTemplate(Template templ, const Json& source) {
  return std::make_shared<PayloadTemplate>(std::move(templ), DumpJson(source));
}

}  // namespace sfn::dataflow
