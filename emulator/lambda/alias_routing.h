// Weighted alias routing (Lambda "Alias routing configuration"): an alias
// points at its FunctionVersion and may send a share of invocations
// (AdditionalVersionWeights, 0.0-1.0) to one other version. The choice is
// drawn per invocation from the emulator's Random, so --seed reproduces it.
// Pure apart from the draw; thread-safe (Random is).
#pragma once

#include <string>

#include "emulator/core/random.h"
#include "emulator/core/status.h"
#include "emulator/lambda/model.h"

namespace sfn::lambda {

// A uniform double in [0, 1) from 53 bits of `random`.
double UniformDraw(Random& random);

// The version for one invocation through `alias`, given a draw in [0, 1):
// the additional versions take the first slices of [0, 1) in version
// order, the primary the rest.
std::string PickVersion(const AliasRecord& alias, double draw);

// kInvalidParameterValueException unless the weights are AWS-valid: at most
// one additional version, not the primary, each weight in [0, 1]; versions
// must be published numbers.
Status ValidateRouting(const AliasRecord& alias);

}  // namespace sfn::lambda
