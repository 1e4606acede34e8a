"""The Police and Crime Plan 2024–28 a cover paper is aligned to, and the default template
(the layout of the Policing and Crime team's cover paper this project started from)."""

PLAN_NAME = "Police and Crime Plan 2024–28"

PRIORITIES = [
    ("keeping_people_safe", "Keeping People Safe"),
    ("safer_places", "Safer Places and Thriving Communities"),
    ("victims_and_witnesses", "Supporting Victims and Witnesses"),
]
THEMES = [
    ("women_and_girls", "Safety of Women and Girls"),
    ("men_and_boys", "Effective Response to Men and Boys"),
    ("children_and_young_people", "Children and Young People"),
    ("reducing_vulnerability", "Reducing Vulnerability"),
    ("edi", "Equity, Diversity and Inclusion"),
]
LABELS = dict(PRIORITIES + THEMES)
PRIORITY_KEYS = [k for k, _ in PRIORITIES]
THEME_KEYS = [k for k, _ in THEMES]

# (kind, heading, guidance, required): the seed document's sections, in its order.
DEFAULT_SECTIONS = [
    (
        "text",
        "Purpose of the report",
        "Say in one or two short paragraphs what the attached report is and why it comes to the Board. "
        "Name who produced it.",
        True,
    ),
    (
        "recommendations",
        "Recommendation",
        "One recommendation per line, each a sentence starting “That …”, saying what the Board is asked to do.",
        True,
    ),
    (
        "plan",
        "Police and Crime Plan 2024–28",
        "Tick the priorities and cross-cutting themes the topic touches (at least one), then say how, "
        "and which of the plan's performance measures apply.",
        True,
    ),
    (
        "text",
        "Key information",
        "What the Mayor and the Deputy Mayor for Policing and Crime have done so far, and what is planned. "
        "Spell out each acronym the first time you use it.",
        True,
    ),
    (
        "text",
        "Partnership contribution",
        "How partners (the districts' Community Safety Partnerships, HM Prison & Probation Service, "
        "health, the police) contribute.",
        False,
    ),
    (
        "text",
        "Equality, diversity and inclusion",
        "Who is affected differently, and any Equality Impact Assessment (link to it by its title, not “here”).",
        True,
    ),
    ("contact", "Policing and Crime contact", "The person readers should contact: a name and an e-mail address.", True),
    ("attachments", "Attachment", "Upload the report this paper covers.", False),
]
