// Task tokens (AWS "Wait for a Callback with Task Token", and the tokens
// activity workers get from GetActivityTask): the opaque string that
// SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat name a task by.
//
// A token is "SFNT" plus 32 bytes from the execution's seeded random source,
// in base64: unique, reproducible with --seed, and recognisable, so that a
// string that cannot be one is InvalidToken while a well-formed unknown one
// is TaskDoesNotExist. Where a token leads (its execution) is the store's
// token index; which frame awaits it is the frame's record. Pure functions;
// thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "emulator/core/random.h"

namespace sfn::engine {

// A new token from `random`; without one (unit tests), derived from `salt`.
std::string MakeTaskToken(Random* random, uint64_t salt);

// Whether `text` has the form of a token MakeTaskToken makes.
bool IsTaskToken(std::string_view text);

}  // namespace sfn::engine
