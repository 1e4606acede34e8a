"""The public record: what a body chooses to publish, readable without signing in.

Publishing is opt-in twice over: a body is published only when the secretariat turns it
on (``PublicBody``), and within it each agenda item, paper, set of minutes and decision is
public only while a ``PublicEntry`` names it. Whether an entry may still be shown is
checked again on every read (a confidential item, unapproved minutes or an unpublished
agenda never show, whatever the entries say): see ``board/public/record.py``.
"""
