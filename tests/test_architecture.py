"""The shape of the package: the core knows no stage, and a stage brings everything it needs."""

from __future__ import annotations

import ast
import json
import tomllib
from pathlib import Path

import pytest

from planning import stages
from planning.paths import templates_dir

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "planning"
STAGE_PACKAGES = {f"planning.{name}" for name in stages.STAGE_NAMES} | {
    "planning.needs",
    "planning.stakeholders",
    "planning.actions",
}
CORE = ["errors.py", "i18n.py", "limits.py", "paths.py", "records.py", "stages.py", "store"]
# Not the core, but still shared by every stage: they reach stages only through planning.stages.
SHARED = ["io.py", "summary.py", "history.py", "sections.py", "cli.py", "participation.py"]
SHARED += ["influence.py", "paper.py"]
SHARED += ["handout", "render", "widgets", "room"]


def _modules(names: list[str]) -> list[Path]:
    found: list[Path] = []
    for name in names:
        path = PACKAGE / name
        found += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return found


def _imports(path: Path) -> set[str]:
    """Give every module a file imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def _stage_or_demo(module: str) -> bool:
    return module == "planning.demo" or any(
        module == p or module.startswith(p + ".") for p in STAGE_PACKAGES
    )


@pytest.mark.parametrize("path", _modules(CORE), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_does_the_core_import_no_stage_and_never_the_demo(path):
    """Does a core module (errors, i18n, paths, records, stages, store) import no stage?"""
    assert not sorted(m for m in _imports(path) if _stage_or_demo(m))


@pytest.mark.parametrize("path", _modules(SHARED), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_do_the_shared_modules_reach_stages_only_through_the_list(path):
    """Do io, summary, handout, render and widgets name no stage package?"""
    allowed = {"planning.demo"} if path.name in ("cli.py", "common.py") else set()
    assert not sorted(m for m in _imports(path) if _stage_or_demo(m) and m not in allowed)


@pytest.mark.parametrize("name", stages.STAGE_NAMES)
def test_does_each_stage_bring_its_notebooks_and_words(name):
    """Has each listed stage its STAGE, notebook, handout notebook and words in both languages?"""
    stage = stages.stage(name)
    assert stage.name == name
    assert (ROOT / "notebooks" / stage.notebook).is_file()
    assert (templates_dir() / "handout" / "notebooks" / stage.handout_notebook).is_file()
    for lang in ("id", "en"):
        assert json.loads((PACKAGE / name / "locales" / f"{lang}.json").read_text("utf-8"))
    for kind in stage.kinds:
        assert kind.KIND in stages.kinds()
    for what in ("summary", "summary_text", "next_steps"):
        assert stage.resolve(what) is None or callable(stage.resolve(what))


def test_is_every_package_installed():
    """Does pyproject list every package folder, so `pip install .` carries each stage?"""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    folders = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in PACKAGE.rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    assert folders <= listed, sorted(folders - listed)


def test_is_an_import_circle_absent():
    """Is there no import circle among the package's modules (only top-level imports)?"""
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        deps = set()
        for node in tree.body:  # top-level only: a function-level import breaks no circle
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("planning")
            ):
                deps.add(node.module)
            elif isinstance(node, ast.Import):
                deps |= {a.name for a in node.names if a.name.startswith("planning")}
        graph[name] = deps - {name}
    seen: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        seen[node] = 1
        for dep in graph.get(node, ()):
            if dep not in graph:
                continue
            if seen.get(dep) == 1:
                pytest.fail("import circle: " + " -> ".join([*stack[stack.index(dep) :], dep]))
            if dep not in seen:
                visit(dep, [*stack, dep])
        seen[node] = 2

    for module in sorted(graph):
        if module not in seen:
            visit(module, [module])


# What a stage offers another: its result (``stages.result``), its records module (the record
# classes and the codes they take, such as the strategies) and its package (``STAGE``).
PUBLIC_PARTS = {"records"}


def _other_stage_parts(path: Path, own: str) -> list[str]:
    """Give every part of another stage a stage's module imports (``planning.<stage>.<part>``),
    at the top or inside a function; importing ``planning.<stage>`` itself gives ""."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        modules: list[str] = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules = [node.module]
            for alias in node.names:  # ``from planning.needs import assessment``
                candidate = PACKAGE / node.module.removeprefix("planning.") / alias.name
                if node.module.count(".") == 1 and (
                    candidate.with_suffix(".py").is_file() or candidate.is_dir()
                ):
                    modules.append(f"{node.module}.{alias.name}")
        for module in modules:
            parts = module.split(".")
            stage = parts[1] if len(parts) >= 2 and parts[0] == "planning" else ""
            if stage in stages.STAGE_NAMES and stage != own:
                found.append(".".join(parts[1:3]))
    return found


STAGE_MODULES = [p for name in stages.STAGE_NAMES for p in sorted((PACKAGE / name).rglob("*.py"))]


@pytest.mark.parametrize("path", STAGE_MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_does_a_stage_read_another_only_through_its_result_and_records(path):
    """Does a stage's module import another stage only as ``planning.<stage>`` or its
    ``records`` module, reading the rest through ``stages.result``, never its assessment,
    methods or helpers?"""
    own = path.relative_to(PACKAGE).parts[0]
    inner = [
        part
        for part in _other_stage_parts(path, own)
        if "." in part and part.split(".")[1] not in PUBLIC_PARTS
    ]
    assert not inner, f"{path.relative_to(PACKAGE)} imports {inner}: read stages.result instead"


def test_does_the_import_rule_catch_a_stage_reading_anothers_internals(tmp_path):
    """Does the walk find both spellings of reaching into another stage, and pass records?"""
    module = tmp_path / "m.py"
    module.write_text(
        "from planning.needs.assessment import assess\n"
        "from planning.stakeholders import methods\n"
        "from planning.needs.records import Need\n"
        "from planning.needs import STAGE\n"
        "def f():\n    import planning.stakeholders.partners\n",
        encoding="utf-8",
    )
    assert _other_stage_parts(module, "actions") == [
        "needs.assessment",
        "stakeholders",
        "stakeholders.methods",
        "needs.records",
        "needs",
        "stakeholders.partners",
    ]


@pytest.mark.parametrize("name", stages.STAGE_NAMES)
def test_does_each_stage_declare_one_result_and_what_it_reads(name):
    """Does each stage declare a result, read only known kinds, and read only the results of
    stages before it (so the memo's key covers everything a result depends on)?"""
    stage = stages.stage(name)
    assert callable(stage.resolve("result"))
    assert set(stage.reads) <= set(stages.kinds()), set(stage.reads) - set(stages.kinds())
    earlier = stages.STAGE_NAMES[: stages.STAGE_NAMES.index(name)]
    assert set(stage.reads_results) <= set(earlier)
    assert stages.reads(name) >= set(stage.reads)
    for other in stage.reads_results:
        assert stages.reads(name) >= stages.reads(other)
