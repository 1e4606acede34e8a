"""The submissions area's pages: ``blueprint`` holds the blueprint and its route table."""
