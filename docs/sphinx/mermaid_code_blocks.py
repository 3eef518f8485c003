"""Sphinx extension of the docs site: every ``.. code-block:: mermaid`` becomes a sphinxcontrib-mermaid diagram.

The guides (docs/docsite/rst) ship with the collection and are linted and rendered by antsibull-docs, which
accepts only the directives docs.ansible.com knows; ``.. mermaid::`` is not one of them. A code block with the
language ``mermaid`` is valid there (it shows the source), and on this site it is drawn as a picture.
"""

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinxcontrib.mermaid import mermaid


class MermaidCodeBlocks(SphinxTransform):
    default_priority = 200  # after the parser, before Sphinx's highlighting pass reads literal blocks

    def apply(self, **kwargs):
        for block in list(self.document.findall(nodes.literal_block)):
            if block.get("language") != "mermaid":
                continue
            diagram = mermaid()
            diagram["code"] = block.astext()
            diagram["options"] = {}
            diagram.source, diagram.line = block.source, block.line
            block.replace_self(diagram)


def setup(app):
    app.setup_extension("sphinxcontrib.mermaid")
    app.add_transform(MermaidCodeBlocks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
