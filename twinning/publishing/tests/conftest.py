import pytest


@pytest.fixture
def tree(db, greece, italy):
    """The publishing tree in both languages, with news sections for Greece and Italy, groups and workflow."""
    from twinning.publishing.tree import ensure_tree

    return ensure_tree(("GR", "IT"))
