"""The command and file blocks of the user documentation (Markdown and reStructuredText), for test_readme.py.

What a document holds, in document order:
- a *file block*: a ```yaml / ```ini fence (Markdown) or a ``.. code-block:: yaml|ini`` (RST) whose first line is
  a comment naming a relative path (``# inventory.yml``); the reader writes that file;
- a *command block*: a ```sh / ```bash / ```console fence, or a ``.. code-block:: console|sh|bash``; every command
  line is a command (in ``console`` blocks only the lines after a ``$`` prompt; a trailing backslash continues
  the line);
- a block marked *not run*: the line just before it is ``<!-- doc-test: not run: <reason> -->`` (Markdown) or
  ``.. doc-test: not run: <reason>`` (RST);
- a block of ``make`` commands only (``make demo``, ``make test``, ...): developer targets of the source
  repository, not run by the documentation test (CI runs ``make test``; the others are run by hand).
Other blocks (plays, output, diagrams) are not commands and are left alone.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

MARKER = re.compile(r"^(?:<!--|\.\.)\s*doc-test:\s*not run:\s*(?P<reason>.+?)\s*(?:-->)?\s*$")
FILE_NAME = re.compile(r"^#\s+(?P<path>[\w.-]+(?:/[\w.-]+)*\.(?:ya?ml|ini|cfg|json))\s*(?:[(:].*)?$")
COMMAND_LANGUAGES = {"sh", "bash", "shell", "console"}
FILE_LANGUAGES = {"yaml", "yml", "ini", "cfg", "json"}
MD_FENCE = re.compile(r"^```(?P<lang>[\w-]*)[^\n]*\n(?P<body>.*?)^```\s*$", re.S | re.M)
RST_BLOCK = re.compile(r"^(?P<indent>[ \t]*)\.\. code-block::\s*(?P<lang>[\w-]+)\s*$")


@dataclass
class Block:
    """One block of a document: kind is 'file', 'commands', 'not run' or 'make'."""
    document: str
    line: int
    kind: str
    language: str
    text: str
    path: str = None             # file blocks
    commands: list = field(default_factory=list)
    reason: str = None           # not-run blocks

    def label(self):
        return "%s:%d" % (self.document, self.line)


def commands_of(language, text):
    """The command lines of a block body (continuations joined, comment-only and output lines dropped)."""
    commands, pending = [], ""
    for raw in text.splitlines():
        line = raw.rstrip()
        if not pending:
            if language == "console":
                if not line.lstrip().startswith("$ "):
                    continue
                line = line.lstrip()[2:]
            if not line.strip() or line.lstrip().startswith("#"):
                continue
        if line.endswith("\\"):
            pending += line[:-1].strip() + " "
            continue
        commands.append((pending + line.strip()).strip())
        pending = ""
    if pending:
        commands.append(pending.strip())
    return commands


def _classify(document, line, language, text, marker):
    language = language.lower()
    if marker is not None:
        return Block(document, line, "not run", language, text, reason=marker,
                     commands=commands_of(language, text) if language in COMMAND_LANGUAGES else [])
    if language in FILE_LANGUAGES:
        first = (text.splitlines() or [""])[0].strip()
        match = FILE_NAME.match(first)
        if match:
            return Block(document, line, "file", language, text, path=match.group("path"))
        return None
    if language in COMMAND_LANGUAGES:
        commands = commands_of(language, text)
        if commands and all(c.split()[0] == "make" for c in commands):
            return Block(document, line, "make", language, text, commands=commands)
        return Block(document, line, "commands", language, text, commands=commands)
    return None


def _marker_before(lines, index):
    """The not-run reason on the last non-blank line before lines[index], or None."""
    for previous in reversed(lines[:index]):
        if previous.strip():
            match = MARKER.match(previous.strip())
            return match.group("reason") if match else None
    return None


def markdown_blocks(document, text):
    lines = text.splitlines()
    blocks = []
    for match in MD_FENCE.finditer(text):
        index = text.count("\n", 0, match.start())
        block = _classify(document, index + 1, match.group("lang"), match.group("body"), _marker_before(lines, index))
        if block:
            blocks.append(block)
    return blocks


def rst_blocks(document, text):
    lines = text.splitlines()
    blocks = []
    for index, line in enumerate(lines):
        match = RST_BLOCK.match(line)
        if not match:
            continue
        indent = len(match.group("indent"))
        body = []
        for following in lines[index + 1:]:
            if following.strip() and len(following) - len(following.lstrip()) <= indent:
                break
            body.append(following)
        content = list(body)
        while content and not content[0].strip():
            content.pop(0)
        width = min((len(b) - len(b.lstrip()) for b in content if b.strip()), default=0)
        dedented = "\n".join(b[width:] for b in content).rstrip() + "\n"
        block = _classify(document, index + 1, match.group("lang"), dedented, _marker_before(lines, index))
        if block:
            blocks.append(block)
    return blocks


def blocks_of(path, root):
    """The file, command, not-run and make blocks of one document, in document order."""
    path = Path(path)
    name = str(path.relative_to(root))
    text = path.read_text()
    return rst_blocks(name, text) if path.suffix == ".rst" else markdown_blocks(name, text)


def substitute(text, mapping):
    for placeholder, value in mapping.items():
        text = text.replace(placeholder, value)
    return text
