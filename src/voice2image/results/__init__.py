"""Runs that live in the repository: one JSON record per pipeline run under `results/runs/`
(`record`), the thesis tables are built from them (`voice2image.report`), and
`voice2image results import-mlflow` shows them in any MLflow store (`mlflow_import`)."""
