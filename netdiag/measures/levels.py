"""The levels rules run at (names only: the command line lists them without loading the measures)."""

LEVELS = ("cell", "trx", "circuit", "circuit_group", "adjacency", "bsc", "lac")
# Levels whose statistics come in periods, so a rule there may ask for persistence.
PERIOD_LEVELS = ("cell", "trx", "bsc")
