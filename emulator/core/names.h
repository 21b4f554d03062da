// Names of the resources a client creates: one rule per kind of name, and the
// one place that checks them (by code point, never by byte).
//
// Step Functions resource names (API reference, CreateStateMachine, StartExecution,
// CreateActivity `name`): 1 to 80 characters, none of white space, brackets
// `< > { } [ ]`, wildcards `? *`, special characters `" # % \ ^ | ~ ` $ & , ; : /`,
// control characters (U+0000-001F, U+007F-009F, U+FFFE-FFFF), surrogates
// (U+D800-DFFF) or U+10FFFF; text that is not UTF-8 is not a name either. A
// Distributed Map state's Label (developer guide, "Map state in Distributed
// mode") has the same exclusions without `/`, at most 40 characters. Aliases
// and Lambda's names follow their model's pattern instead.
//
// How a bad name is answered depends on the kind, as on AWS: a length outside
// the model's bounds is the ValidationException of the request's member; bad
// characters in a Step Functions resource name are InvalidName ("Invalid Name:
// '<name>'"); a pattern kind's bad characters are the ValidationException
// naming its pattern. The api/ module reads names with the same table (their
// lengths and patterns join the request's other violations); the control
// services call CheckName. A new named resource is a row of the table in
// names.cc and a column of tests/e2e/test_names.py. Pure functions over a
// constant table; thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

#include "emulator/core/status.h"

namespace sfn {

enum class NameKind {
  kStateMachine,       // CreateStateMachine name
  kExecution,          // StartExecution / StartSyncExecution name
  kActivity,           // CreateActivity name
  kStateMachineAlias,  // CreateStateMachineAlias name (CharacterRestrictedName)
  kMapRunLabel,        // a Distributed Map state's Label
  kLambdaFunction,     // the name part of Lambda's FunctionName
  kLambdaAlias,        // Lambda CreateAlias Name
};

struct NameRule {
  std::string_view member;  // the request member in constraint messages
  size_t min_length = 1;    // in UTF-16 code units, as AWS counts (core/text.h)
  size_t max_length = 80;
  // The model's pattern, for kinds constrained by one (empty for resource
  // names and labels, which exclude code points instead).
  std::string_view pattern;
};

const NameRule& RuleFor(NameKind kind);

// Whether every character of `name` is allowed for `kind` (lengths are not
// checked here; an all-digit alias name has no valid characters).
bool HasValidCharacters(NameKind kind, std::string_view name);

// The whole rule, answered as AWS answers it for `kind` (see above).
Status CheckName(NameKind kind, std::string_view name);

}  // namespace sfn
