"""Reproducible experiments: YAML configs validated by pydantic, recorded runs with versions, data
fingerprints, metrics beside baselines, predictions and a report with plots, and run comparison."""

from nlp_social.experiments.compare import compare_runs, list_runs
from nlp_social.experiments.config import ExperimentConfig, load_config
from nlp_social.experiments.runner import run_experiment

__all__ = ["ExperimentConfig", "compare_runs", "list_runs", "load_config", "run_experiment"]
