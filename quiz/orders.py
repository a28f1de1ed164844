"""The orders a quiz can take its cards in.

Apart from quiz.schedule, which imports fsrs, so that the command line can offer them as
choices without loading it.
"""

ORDERS = ("due", "timeline", "random")
