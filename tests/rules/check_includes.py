#!/usr/bin/env python3
"""Checks that every source file includes only what its module may (DESIGN.md, "Layout").

The rules come from one place: the module table in CMakeLists.txt (`sfn_module(name folder deps..)`,
`sfn_composition_root(file)`, `sfn_restrict_header(header allowed..)`), which CMake writes to
<build>/module_rules.txt for this script. A module's link dependencies are the modules it may
include, so the link rules and the include rules cannot disagree.

  check_includes.py --rules build/module_rules.txt [--root REPO]

Prints one line per offending include (file:line, the include, the rule it breaks) and exits 1 when
there is any; exits 0 with a summary otherwise.
"""

import argparse
import os
import re
import sys

SOURCE_SUFFIXES = (".h", ".hpp", ".cc", ".cpp", ".inc")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


class Rules:
    """The parsed module_rules.txt."""

    def __init__(self, text):
        self.modules = {}  # name -> folder (relative, no trailing slash)
        self.deps = {}  # name -> set of module names it may include, itself included
        self.roots = set()  # files that may include any module (composition roots)
        self.headers = []  # (header path prefix, [allowed folder/ or file])
        for lineno, raw in enumerate(text.splitlines(), 1):
            words = raw.split("#", 1)[0].split()
            if not words:
                continue
            kind, args = words[0], words[1:]
            if kind == "module" and len(args) >= 2:
                name, folder = args[0], args[1].strip("/")
                self.modules[name] = folder
                self.deps[name] = set(args[2:]) | {name}
            elif kind == "root" and len(args) == 1:
                self.roots.add(args[0])
            elif kind == "header" and len(args) >= 2:
                self.headers.append((args[0], args[1:]))
            else:
                raise ValueError(f"module rules line {lineno}: cannot read {raw!r}")
        for name, deps in self.deps.items():
            unknown = deps - set(self.modules)
            if unknown:
                raise ValueError(f"module {name} names unknown modules {sorted(unknown)}")

    def module_of(self, path):
        """The module a repository-relative path belongs to (the longest folder prefix), or None."""
        best = None
        for name, folder in self.modules.items():
            if path == folder or path.startswith(folder + "/"):
                if best is None or len(folder) > len(self.modules[best]):
                    best = name
        return best


def allowed_by(patterns, path):
    """True when `path` is one of `patterns`: a file, or under a folder given with a trailing /."""
    return any(path.startswith(p) if p.endswith("/") else path == p for p in patterns)


def resolve(root, including, target, quoted):
    """The repository-relative path of a project include, or None for a system/library header.

    Quoted includes are looked up next to the including file first, as the preprocessor does, so
    a relative "../engine/x.h" cannot slip past the rules; then from the repository root."""
    candidates = []
    if quoted:
        candidates.append(os.path.join(os.path.dirname(including), target))
    candidates.append(target)
    for rel in candidates:
        norm = os.path.normpath(rel)
        if norm.startswith(".."):
            continue
        if os.path.isfile(os.path.join(root, norm)):
            return norm.replace(os.sep, "/")
    return None


def source_files(root, rules):
    for folder in sorted(set(rules.modules.values())):
        base = os.path.join(root, folder)
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for fn in sorted(filenames):
                if fn.endswith(SOURCE_SUFFIXES):
                    yield os.path.relpath(os.path.join(dirpath, fn), root).replace(os.sep, "/")


def check(root, rules):
    """Returns (files checked, list of violation strings)."""
    violations = []
    checked = 0
    for rel in source_files(root, rules):
        module = rules.module_of(rel)
        checked += 1
        with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
        for lineno, line in enumerate(lines, 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            target = m.group(2).strip()
            where = f"{rel}:{lineno}: #include {m.group(1)}{target}{'>' if m.group(1) == '<' else chr(34)}"
            for header, allowed in rules.headers:
                if target.startswith(header) and not allowed_by(allowed, rel):
                    violations.append(f"{where}: {header} may be included only in {', '.join(allowed)}")
            project = resolve(root, rel, target, m.group(1) == '"')
            if project is None or rel in rules.roots:
                continue
            other = rules.module_of(project)
            if other is None:
                violations.append(f"{where}: {project} belongs to no module")
            elif other not in rules.deps[module]:
                may = ", ".join(sorted(rules.deps[module]))
                violations.append(f"{where}: module {module} may not include {other} (it may include: {may})")
    return checked, violations


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rules", required=True, help="module_rules.txt written by CMake")
    ap.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."),
                    help="repository root (default: this checkout)")
    args = ap.parse_args(argv)
    with open(args.rules) as f:
        rules = Rules(f.read())
    root = os.path.abspath(args.root)
    checked, violations = check(root, rules)
    for v in violations:
        print(v)
    if violations:
        print(f"FAIL: {len(violations)} include(s) break the module rules ({checked} files checked)")
        return 1
    print(f"OK: {checked} files in {len(rules.modules)} modules include only what their module may")
    return 0


if __name__ == "__main__":
    sys.exit(main())
