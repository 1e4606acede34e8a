"""Cover papers: the front sheet of a report to a body, written in the app from a template."""
