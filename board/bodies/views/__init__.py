"""The bodies area\x27s pages; the route table is blueprint.py."""
