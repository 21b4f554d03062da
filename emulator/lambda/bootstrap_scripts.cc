#include "emulator/lambda/bootstrap_scripts.h"

namespace sfn::lambda {

// Error payloads follow the AWS python runtime (awslambdaric): keys
// errorMessage, errorType, requestId, stackTrace (traceback.format_list of
// the handler's frames); import and handler lookup errors use its
// Runtime.ImportModuleError / Runtime.HandlerNotFound / Runtime.MarshalError.
const char kPythonBootstrap[] = R"py(import importlib, json, os, sys, time, traceback

_answers = os.fdopen(3, "w", buffering=1)
# The requests come on stdin; a handler reading stdin gets /dev/null instead.
_requests = os.fdopen(os.dup(0), "r")
os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
os.set_inheritable(3, False)
_handler_spec, _task_dir = sys.argv[1], sys.argv[2]
sys.path.insert(0, _task_dir)
_BOOTSTRAP = os.path.abspath(__file__)
_task_root = os.path.abspath(_task_dir)


class LambdaContext:
    def __init__(self, ctx):
        self.function_name = ctx["function_name"]
        self.function_version = ctx["function_version"]
        self.invoked_function_arn = ctx["invoked_function_arn"]
        self.memory_limit_in_mb = ctx["memory_limit_in_mb"]
        self.aws_request_id = ctx["request_id"]
        self.log_group_name = ctx["log_group"]
        self.log_stream_name = ctx["log_stream"]
        self.identity = None
        self.client_context = None
        self._deadline_ms = ctx["deadline_ms"]

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline_ms - time.time() * 1000))


def _error(message, etype, request_id, stack=None):
    return {"errorMessage": message, "errorType": etype, "requestId": request_id,
            "stackTrace": stack or []}


def _load():
    try:
        modname, fname = _handler_spec.rsplit(".", 1)
    except ValueError as e:
        return None, ("Bad handler '%s': %s" % (_handler_spec, e), "Runtime.MalformedHandlerName")
    try:
        mod = importlib.import_module(modname.replace("/", "."))
    except ImportError as e:
        return None, ("Unable to import module '%s': %s" % (modname, e), "Runtime.ImportModuleError")
    except SyntaxError as e:
        return None, ("Syntax error in module '%s': %s" % (modname, e), "Runtime.UserCodeSyntaxError")
    except Exception as e:
        return None, ("Unable to import module '%s': %s" % (modname, e), "Runtime.ImportModuleError")
    fn = getattr(mod, fname, None)
    if fn is None:
        return None, ("Handler '%s' missing on module '%s'" % (fname, modname), "Runtime.HandlerNotFound")
    return fn, None


_handler, _load_error = None, None
_loaded = False
# Lambda's synchronous response limit: a larger response is never sent.
_MAX_RESPONSE = 6291556
_TOO_LARGE = json.dumps({"errorMessage": "Response payload size exceeded maximum allowed "
                         "payload size (%d bytes)." % _MAX_RESPONSE,
                         "errorType": "Function.ResponseSizeTooLarge"})


def _answer(ok, payload):
    sys.stdout.flush()
    sys.stderr.flush()
    _answers.write(json.dumps({"ok": ok, "payload": payload}) + "\n")
    _answers.flush()


for line in _requests:
    request = json.loads(line)
    ctx = request["ctx"]
    rid = ctx["request_id"]
    if not _loaded:
        _handler, _load_error = _load()
        _loaded = True
    if _load_error:
        _answer(False, json.dumps(_error(_load_error[0], _load_error[1], rid)))
        continue
    try:
        result = _handler(request["event"], LambdaContext(ctx))
    except Exception as e:
        frames = traceback.extract_tb(e.__traceback__)
        frames = [f for f in frames if os.path.abspath(f.filename) != _BOOTSTRAP]
        for f in frames:
            # AWS runs the code from /var/task: its traces name files there.
            if os.path.abspath(f.filename).startswith(_task_root):
                f.filename = "/var/task" + os.path.abspath(f.filename)[len(_task_root):]
        _answer(False, json.dumps(_error(str(e), type(e).__name__, rid, traceback.format_list(frames))))
        continue
    if isinstance(result, (bytes, bytearray)):
        # AWS's python runtime sends bytes as the raw response payload.
        if len(result) > _MAX_RESPONSE:
            _answer(False, _TOO_LARGE)
        else:
            _answer(True, bytes(result).decode("utf-8", "replace"))
        continue
    try:
        text = json.dumps(result)
    except Exception as e:
        _answer(False, json.dumps(_error("Unable to marshal response: %s" % e, "Runtime.MarshalError", rid)))
        continue
    if len(text) > _MAX_RESPONSE or len(text.encode("utf-8", "replace")) > _MAX_RESPONSE:
        _answer(False, _TOO_LARGE)
        continue
    _answer(True, text)
)py";

// Error payloads follow the AWS nodejs runtime: errorType, errorMessage,
// trace (the stack's lines).
const char kNodeBootstrap[] = R"js('use strict';
const fs = require('fs');
const path = require('path');
const readline = require('readline');
const url = require('url');
const Module = require('module');
const [handlerSpec, taskDir, loaderFile] = process.argv.slice(2);
// Lambda's synchronous response limit: a larger response is never sent.
const MAX_RESPONSE = 6291556;
const TOO_LARGE = JSON.stringify({
  errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE} bytes).`,
  errorType: 'Function.ResponseSizeTooLarge'});

// A handler loads code from its version's folder only (and node's own
// modules): require() and import() of anything else, another function's code
// or a node_modules above the folder included, fail as a missing module.
let taskRoot = path.resolve(taskDir);
try { taskRoot = fs.realpathSync(taskRoot); } catch (e) {}
function insideTask(file) {
  let real = file;
  try { real = fs.realpathSync(file); } catch (e) {}
  return real === taskRoot || real.startsWith(taskRoot + path.sep);
}
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, isMain, options) {
  const file = resolveFilename.call(this, request, parent, isMain, options);
  if (!path.isAbsolute(file) || insideTask(file)) return file;
  const e = new Error(`Cannot find module '${request}'`);
  e.code = 'MODULE_NOT_FOUND';
  throw e;
};
if (loaderFile && typeof Module.register === 'function') {
  Module.register(url.pathToFileURL(loaderFile).href, {data: {taskRoot}});
}

function answer(ok, payload) {
  fs.writeSync(3, JSON.stringify({ok, payload}) + '\n');
}
function errorOf(e) {
  if (e instanceof Error) {
    return {errorType: e.name, errorMessage: e.message,
            trace: String(e.stack || '').split('\n')};
  }
  return {errorType: typeof e, errorMessage: String(e), trace: []};
}

let handler = null, loadError = null, loaded = false;
async function load() {
  const dot = handlerSpec.lastIndexOf('.');
  if (dot <= 0) {
    loadError = {errorType: 'Runtime.MalformedHandlerName', errorMessage: 'Bad handler', trace: []};
    return;
  }
  const modName = handlerSpec.slice(0, dot), fnName = handlerSpec.slice(dot + 1);
  const base = path.resolve(taskDir, modName);
  let mod;
  try {
    const file = ['.js', '.mjs', '.cjs'].map((e) => base + e).find((f) => fs.existsSync(f));
    if (!file) throw Object.assign(new Error(`Cannot find module '${modName}'`), {name: 'Error'});
    mod = file.endsWith('.mjs') ? await import(url.pathToFileURL(file).href) : require(file);
  } catch (e) {
    loadError = {errorType: 'Runtime.ImportModuleError', errorMessage: `Error: ${e.message}`,
                 trace: String(e.stack || '').split('\n')};
    return;
  }
  handler = mod[fnName];
  if (typeof handler !== 'function') {
    loadError = {errorType: 'Runtime.HandlerNotFound',
                 errorMessage: `${handlerSpec} is undefined or not exported`, trace: []};
  }
}

function contextOf(c) {
  return {
    functionName: c.function_name, functionVersion: c.function_version,
    invokedFunctionArn: c.invoked_function_arn, memoryLimitInMB: String(c.memory_limit_in_mb),
    awsRequestId: c.request_id, logGroupName: c.log_group, logStreamName: c.log_stream,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, c.deadline_ms - Date.now()),
  };
}

async function invoke(request) {
  if (!loaded) { await load(); loaded = true; }
  if (loadError) return answer(false, JSON.stringify(loadError));
  const context = contextOf(request.ctx);
  let result;
  try {
    if (handler.length >= 3) {
      result = await new Promise((resolve, reject) => {
        const r = handler(request.event, context, (err, value) => err ? reject(err) : resolve(value));
        if (r && typeof r.then === 'function') r.then(resolve, reject);
      });
    } else {
      result = await handler(request.event, context);
    }
  } catch (e) {
    return answer(false, JSON.stringify(errorOf(e)));
  }
  const text = JSON.stringify(result === undefined ? null : result);
  if (text.length > MAX_RESPONSE || Buffer.byteLength(text) > MAX_RESPONSE) {
    return answer(false, TOO_LARGE);
  }
  answer(true, text);
}

const rl = readline.createInterface({input: process.stdin});
const queue = [];
let busy = false;
async function pump() {
  if (busy) return;
  busy = true;
  while (queue.length) await invoke(JSON.parse(queue.shift()));
  busy = false;
}
rl.on('line', (line) => { queue.push(line); pump(); });
process.on('unhandledRejection', (e) => { console.error(e); });
)js";

// The ES module resolve hook of the node bootstrap (module.register): an
// import of a file outside the function's folder fails as a missing module.
const char kNodeLoader[] = R"js(import {realpathSync} from 'node:fs';
import {sep} from 'node:path';
import {fileURLToPath} from 'node:url';

let taskRoot = null;
export async function initialize(data) { taskRoot = data.taskRoot; }

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  if (taskRoot && result.url.startsWith('file:')) {
    let real = fileURLToPath(result.url);
    try { real = realpathSync(real); } catch (e) {}
    if (real !== taskRoot && !real.startsWith(taskRoot + sep)) {
      const e = new Error(`Cannot find module '${specifier}' imported from ${context.parentURL}`);
      e.code = 'ERR_MODULE_NOT_FOUND';
      throw e;
    }
  }
  return result;
}
)js";

}  // namespace sfn::lambda
