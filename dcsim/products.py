"""What differs between the simulated products regardless of version (REST reference §2.9). Versions: versions.py."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Product:
    key: str            # CLI name
    type_id: str        # applinks typeId (REST reference §2.9)
    name: str           # display name
    context_path: str   # default context path of the base URL
    consumer_key_prefix: str


PRODUCTS = {
    "confluence": Product("confluence", "confluence", "Confluence", "/confluence", "Confluence"),
    "jira": Product("jira", "jira", "Jira", "/jira", "jira"),
    "bitbucket": Product("bitbucket", "stash", "Bitbucket", "", "stash"),
    "bamboo": Product("bamboo", "bamboo", "Bamboo", "/bamboo", "bamboo"),
}
