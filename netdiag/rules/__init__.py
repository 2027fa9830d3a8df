"""Rules as data: YAML models, the safe expression language, loading with file:line errors,
operator profiles, the engine that turns measures into findings, and rule fixture tests."""

from ..lazy import lazy_api

_EXPORTS = {
    "apply_profile": ".profile",
    "check_rule_base": ".testing",
    "compile_expr": ".expr",
    "CompiledRule": ".loader",
    "default_rules_dir": ".loader",
    "evaluate": ".engine",
    "find_profile": ".profile",
    "FINDING_COLUMNS": ".engine",
    "lint": ".testing",
    "load_profile": ".profile",
    "load_rule_file": ".loader",
    "load_rules": ".loader",
    "Profile": ".profile",
    "profiled_rules": ".profile",
    "RuleSet": ".loader",
    "run_rule_tests": ".testing",
    "runnable_rules": ".engine",
    "SEVERITY_RANK": ".engine",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_api(__name__, _EXPORTS)
