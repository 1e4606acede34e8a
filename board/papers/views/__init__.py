"""Pages of the cover papers area; the route table is blueprint.py."""
