"""The layout holds: no import circles, every module imports first on its own, and routes
are added only by the blueprint that owns them (STYLE.md habits 10 and 11)."""

import ast
import subprocess
import sys
from pathlib import Path

BOARD = Path(__file__).resolve().parents[2] / "board"


def _modules() -> dict[str, Path]:
    """Every module of ``board`` (migrations excepted: Alembic loads them itself)."""
    out = {}
    for path in sorted(BOARD.rglob("*.py")):
        parts = path.relative_to(BOARD.parent).with_suffix("").parts
        if "migrations" in parts:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _owner(name: str, modules) -> str | None:
    """The module of ``board`` that a dotted name lives in (``board.x.y.f`` -> ``board.x.y``)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _imported(module: str, path: Path, modules) -> set[str]:
    """The modules of ``board`` this one imports, at the top and inside functions alike."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
        else:
            continue
        out |= {owner for n in names if n.startswith("board") and (owner := _owner(n, modules)) != module}
    out.discard(None)
    return out


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    return {m: _imported(m, p, modules) for m, p in modules.items()}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each as a loop to read."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _loop(group: list[str], graph) -> str:
    """One path round the circle, e.g. 'a -> b -> a', so the failure names it."""
    members, start = set(group), group[0]
    path, seen = [start], {start}
    while True:
        nxt = sorted(w for w in graph[path[-1]] if w in members)
        back = [w for w in nxt if w == start]
        if back and len(path) > 1:
            return " -> ".join([*path, start])
        fresh = [w for w in nxt if w not in seen]
        if not fresh:
            return " <-> ".join(group)
        path.append(fresh[0])
        seen.add(fresh[0])


def test_the_import_graph_has_no_circles():
    """Arrows point down: no module of board imports (even inside a function) one that imports it back."""
    graph = import_graph()
    assert graph, "no modules found"
    assert [_loop(g, graph) for g in circles(graph)] == []


def test_the_circle_finder_finds_a_circle():
    """The check above can fail: a made-up circle is found and named."""
    graph = {"board.a": {"board.b"}, "board.b": {"board.c"}, "board.c": {"board.a"}, "board.d": {"board.a"}}
    assert [_loop(g, graph) for g in circles(graph)] == ["board.a -> board.b -> board.c -> board.a"]


# The parent loads the libraries once and never a board module; each module is imported
# in a child forked from it, so it starts with no board module loaded (and costs no startup).
IMPORT_EACH_ALONE = """
import os, sys, traceback
import flask, flask_sqlalchemy, sqlalchemy.orm, wtforms  # noqa: F401  (shared, not board)

assert not [m for m in sys.modules if m == "board" or m.startswith("board.")]
running, failed = {}, []

def wait_one():
    pid, status = os.wait()
    name, reader = running.pop(pid)
    message = os.read(reader, 1 << 16).decode()
    os.close(reader)
    if status:
        failed.append(f"{name}: {message}")

for name in sys.argv[1:]:
    if len(running) >= (os.cpu_count() or 1):
        wait_one()
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(reader)
        try:
            __import__(name)
            sqlalchemy.orm.configure_mappers()
        except BaseException:
            os.write(writer, traceback.format_exc(limit=-3).encode()[-4000:])
            os._exit(1)
        os._exit(0)
    os.close(writer)
    running[pid] = (name, reader)
while running:
    wait_one()
print("\\n".join(failed))
sys.exit(1 if failed else 0)
"""


def test_every_module_imports_first_on_its_own():
    """Each module is imported with no other board module loaded, and the mappers configure after it."""
    modules = sorted(_modules())
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", IMPORT_EACH_ALONE, *modules],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=BOARD.parent,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _blueprints_made(tree) -> set[str]:
    """Names bound at module level to ``Blueprint(...)``."""
    made = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            func = node.value.func
            if (getattr(func, "id", None) or getattr(func, "attr", None)) == "Blueprint":
                made |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return made


def test_routes_are_added_only_by_the_module_that_made_the_blueprint():
    """No module adds routes (or hooks) to a blueprint it imported: each area's are read in one place."""
    modules = _modules()
    trees = {m: ast.parse(p.read_text(), str(p)) for m, p in modules.items()}
    made = {m: _blueprints_made(tree) for m, tree in trees.items()}
    assert made["board.agendas.views.blueprint"] == {"bp"}, "the check must see blueprints being made"
    strays = []
    for module, tree in trees.items():
        foreign = {
            alias.asname or alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
            if alias.name in made.get(node.module or "", ())
        }
        strays += [
            f"{module}:{node.lineno} {node.value.id}.{node.attr}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in foreign
        ]
    assert strays == []
