// The bootstrap scripts of the warm python and nodejs runtimes, written to
// the code directory at start-up. Protocol (one invocation at a time):
//   stdin, one line per invocation: {"ctx": {...}, "event": <payload>}
//     ctx: request_id, function_name, function_version, invoked_function_arn,
//          memory_limit_in_mb, deadline_ms (epoch ms), log_group, log_stream
//   fd 3, one line per invocation: {"ok": true|false, "payload": "<json text>"}
//     ok false: payload is AWS's error payload for an unhandled error.
//   stdout/stderr: the function's log (print, console.log), flushed before the
//   answer.
// argv: <bootstrap> <handler> <task dir> [<node loader>]. Both refuse a
// response over Lambda's 6 MB limit (Function.ResponseSizeTooLarge); the
// node one loads code only from the task dir (CommonJS through require's
// resolver, ES modules through kNodeLoader, a module.register hook).
// Thread-safe (constants).
#pragma once

namespace sfn::lambda {

extern const char kPythonBootstrap[];
extern const char kNodeBootstrap[];
extern const char kNodeLoader[];

}  // namespace sfn::lambda
