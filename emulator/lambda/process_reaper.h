// Handler processes never outlive the emulator (issue 14), even when it is
// killed with SIGKILL and cannot end them itself.
//
// StartProcessReaper() forks a small watcher process at start-up. The
// emulator tells it, through a pipe, the process group of every handler it
// starts and ends (ChildProcess does, with TrackProcessGroup and
// UntrackProcessGroup); when the pipe closes, because the emulator exited in
// any way, the watcher kills the groups still listed (the handlers and
// whatever they started) and exits. A clean shutdown has ended them all
// already, so the watcher then has nothing to do.
//
// The watcher lives in its own process group (a terminal's Ctrl-C reaches
// the emulator, which stops cleanly) and ignores SIGINT, SIGTERM and SIGHUP.
// Thread-safe; Track/Untrack are no-ops until the reaper started (unit
// tests).
#pragma once

#include <sys/types.h>

#include "emulator/core/status.h"

namespace sfn::lambda {

// Forks the watcher; call once, early (before threads start, while few file
// descriptors are open: the watcher closes all but its pipe).
Status StartProcessReaper();

void TrackProcessGroup(pid_t pgid);
void UntrackProcessGroup(pid_t pgid);

}  // namespace sfn::lambda
