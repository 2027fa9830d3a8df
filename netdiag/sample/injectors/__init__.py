"""One injector per `detect: data` cause, grouped by symptom family. Importing this package
registers them all (see faults.REGISTRY); each module's docstring says what its injectors turn."""

from . import coverage, data, setup, voice  # noqa: F401  (registers the injectors)
